//! `ecs-tui profiles` from the binary: the selection order including the environment
//! variable, and the listing's shape.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

const CONFIG: &str = r#"
default_profile = "dev"

[profiles.dev]
access_key_id = "LTAI5tDevDevDevx7Qa"
access_key_secret = "dev-secret"

[profiles.ops]
access_key_id = "LTAI5tOpsOpsOpsx7Qa"
access_key_secret = "ops-secret"
"#;

fn selected(home: &std::path::Path, args: &[&str], env_profile: Option<&str>) -> String {
    let mut cmd = Command::cargo_bin("ecs-tui").unwrap();
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ALIBABA_CLOUD_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("ECS_TUI_CONFIG", home.join("config.toml"));
    if let Some(p) = env_profile {
        cmd.env("ALIBABA_CLOUD_PROFILE", p);
    }
    let out = cmd
        .args(args)
        .args(["profiles", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let chosen: Vec<&str> = rows
        .iter()
        .filter(|r| r["selected"] == true)
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(chosen.len(), 1, "{rows:?}");
    for r in &rows {
        assert!(r["access_key_id"].as_str().unwrap().contains("****"));
    }
    chosen[0].to_owned()
}

#[test]
fn flag_then_environment_then_default_profile() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), CONFIG).unwrap();
    assert_eq!(selected(home.path(), &[], None), "dev");
    assert_eq!(selected(home.path(), &[], Some("ops")), "ops");
    assert_eq!(
        selected(home.path(), &["--profile", "dev"], Some("ops")),
        "dev"
    );
}
