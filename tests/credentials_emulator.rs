//! RAM-role profiles end to end: the binary assumes the role on the emulator's STS, then lists
//! the account's instances with the temporary credentials.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use ecs_tui::emulator::{self, EmulatorConfig};

fn run_with_config(home: &tempfile::TempDir, config: &str, region: &str) -> std::process::Output {
    let path = home.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecs-tui"));
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ALIBABA_CLOUD_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("ECS_TUI_CONFIG", &path)
        .args(["instances", "--region", region, "--output", "json"])
        .output()
        .unwrap()
}

#[test]
fn ram_role_profiles_assume_the_role_and_list_instances() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emu = runtime
        .block_on(emulator::start(EmulatorConfig {
            regions: 2,
            instances: 30,
            ..EmulatorConfig::default()
        }))
        .unwrap();
    let account = emu.accounts()[0].clone();
    let secret = account.access_key_secret.expose().to_owned();
    let inventory = emu.inventory(&account.access_key_id).unwrap();
    let region = inventory.regions()[0].info.region_id.clone();
    let expected: Vec<serde_json::Value> = inventory.regions()[0]
        .instances
        .iter()
        .map(|i| serde_json::from_str(i.json.get()).unwrap())
        .collect();
    assert!(!expected.is_empty());

    let url = emu.url();
    let role = account.role_arn("readonly");
    let config = format!(
        r#"default_profile = "chained"
[profiles.base]
mode = "AK"
access_key_id = "{id}"
access_key_secret = "{secret}"
region_id = "{region}"
endpoint = "{url}"

[profiles.role]
mode = "RamRoleArn"
access_key_id = "{id}"
access_key_secret = "{secret}"
ram_role_arn = "{role}"
ram_session_name = "ecs-tui-test"
sts_endpoint = "{url}"
endpoint = "{url}"
region_id = "{region}"

[profiles.chained]
mode = "ChainableRamRoleArn"
source_profile = "role"
ram_role_arn = "{role}"
ram_session_name = "ecs-tui-chained"
sts_endpoint = "{url}"
endpoint = "{url}"
region_id = "{region}"
"#,
        id = account.access_key_id,
    );
    let home = tempfile::tempdir().unwrap();
    for profile in ["role", "chained"] {
        let config = config.replace(
            "default_profile = \"chained\"",
            &format!("default_profile = \"{profile}\""),
        );
        let output = run_with_config(&home, &config, &region);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{profile}: {stderr}");
        let got: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(got, expected, "{profile}: the account's instances");
        assert!(!stderr.contains(&secret), "{profile}: secret on stderr");
    }
    // A role of another account: the AssumeRole step really happens, and its error is shown.
    let foreign = config
        .replace(&role, "acs:ram::1999999999999999:role/readonly")
        .replace(
            "default_profile = \"chained\"",
            "default_profile = \"role\"",
        );
    let output = run_with_config(&home, &foreign, &region);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("EntityNotExist.Role"), "{stderr}");
    assert!(stderr.contains("RequestId"), "{stderr}");
    runtime.block_on(emu.shutdown());
}
