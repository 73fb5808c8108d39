//! Names from the config files reach the terminal only as the browser draws them: every
//! control character and bidi override becomes `�` in table and CSV output and on stderr;
//! JSON carries them escaped, exactly.
#![allow(clippy::unwrap_used)]

mod isolated_cli;

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// OSC title (ESC ] 0 ; … BEL), clear screen, red, a right-to-left override, a C1 control.
const HOSTILE: &str = "a\u{1b}]0;owned\u{7}b\u{1b}[2Jc\u{1b}[31md\u{202E}e\u{9b}f";

/// Wide enough that no column is cut: the cells are compared whole.
fn ecs_tui(home: &Path) -> Command {
    let mut cmd = isolated_cli::ecs_tui(home);
    cmd.env("COLUMNS", "400");
    cmd
}

/// No byte a terminal would act on: C0 (but the line breaks), DEL, C1, bidi overrides.
fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bad, "{what} holds {c:?}: {text:?}");
    }
}

/// A home whose aliyun CLI file and our config both carry hostile names and regions.
fn hostile_home() -> (TempDir, std::path::PathBuf) {
    let home = TempDir::new().unwrap();
    std::fs::create_dir(home.path().join(".aliyun")).unwrap();
    let cli = serde_json::json!({
        "current": "",
        "profiles": [{ "name": format!("cli{HOSTILE}"), "mode": "EcsRamRole", "region_id": HOSTILE }],
    });
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        serde_json::to_string(&cli).unwrap(),
    )
    .unwrap();
    // A quoted TOML key holds anything, escaped.
    let escaped: String = HOSTILE
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{202E}' {
                format!("\\u{:04X}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[profiles.\"own{escaped}\"]\nmode = \"EcsRamRole\"\nregion_id = \"{escaped}\"\n"),
    )
    .unwrap();
    (home, config)
}

#[test]
fn profiles_as_a_table_and_as_csv_carry_no_control_characters() {
    let (home, config) = hostile_home();
    for format in ["table", "csv"] {
        let out = ecs_tui(home.path())
            .arg("--config")
            .arg(&config)
            .args(["profiles", "--output", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_inert(&format!("{format} stdout"), &stdout);
        assert_inert(&format!("{format} stderr"), &stderr);
        // Shown as the browser shows them: each control a `�`, the rest kept.
        let shown = "a\u{FFFD}]0;owned\u{FFFD}b\u{FFFD}[2Jc\u{FFFD}[31md\u{FFFD}e\u{FFFD}f";
        assert!(stdout.contains(&format!("own{shown}")), "{stdout}");
        assert!(stdout.contains(&format!("cli{shown}")), "{stdout}");
        // Both names are on stderr too (none is chosen), made as safe.
        assert!(stderr.contains(&format!("own{shown}")), "{stderr}");
    }
}

#[test]
fn profiles_as_json_keep_the_names_exactly_escaped() {
    let (home, config) = hostile_home();
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&config)
        .args(["profiles", "--output", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_inert("json", &stdout);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, [format!("own{HOSTILE}"), format!("cli{HOSTILE}")]);
    assert_eq!(rows[0]["region_id"], HOSTILE);
}

#[test]
fn a_hostile_name_asked_for_is_named_safely_on_stderr() {
    let (home, config) = hostile_home();
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&config)
        .arg("--profile")
        .arg(format!("x{HOSTILE}"))
        .arg("regions")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("ecs-tui: unknown profile"), "{stderr}");
    assert_inert("stderr", &stderr);
}
