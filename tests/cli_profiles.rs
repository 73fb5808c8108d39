//! Profiles from the binary: one that cannot be used is listed with its reason (and using it
//! fails naming the file, line and key), `*` is explained, and a rejected AccessKey's hint
//! says where the key came from: the variable, the aliyun CLI profile and file, or the config
//! file and line. Never the secret.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-tui");
const WRONG_SECRET: &str = "wrong-secret-never-printed";

/// The binary with a home, config file and environment of its own.
fn ecs_tui(home: &TempDir, config: &str) -> Command {
    let path = home.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let mut cmd = Command::new(BIN);
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("ALIBABA_CLOUD_") || k.starts_with("ECS_TUI_") {
            cmd.env_remove(&*k);
        }
    }
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("ECS_TUI_CONFIG", &path);
    cmd
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn config_path(home: &TempDir) -> String {
    home.path().join("config.toml").display().to_string()
}

/// `dev` (line 3) has no secret; `ok` is fine and the default.
const HALF_CONFIG: &str = "default_profile = \"ok\"\n\n[profiles.dev]\n\
                           access_key_id = \"LTAI5tNoSecret0001\"\nregion_id = \"cn-hangzhou\"\n\n\
                           [profiles.ok]\naccess_key_id = \"LTAI5tFineFine0001\"\n\
                           access_key_secret = \"fine-secret\"\n";

#[test]
fn a_profile_without_its_secret_is_listed_as_unusable() {
    let home = TempDir::new().unwrap();
    let (code, stdout, stderr) = run(ecs_tui(&home, HALF_CONFIG).args(["profiles"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let dev = stdout.lines().find(|l| l.starts_with("dev ")).unwrap();
    assert!(dev.contains("no: access_key_secret"), "{dev}");
    assert!(dev.contains(&format!("{}:3", config_path(&home))), "{dev}");
    let ok = stdout.lines().find(|l| l.starts_with("ok *")).unwrap();
    assert!(ok.trim_end().ends_with("yes"), "{ok}");
    // The legend says what `*` means and why this one.
    let legend = stdout.lines().find(|l| l.starts_with("* ")).unwrap();
    assert!(legend.contains("ok"), "{legend}");
    assert!(legend.contains("default_profile"), "{legend}");

    let (code, stdout, stderr) =
        run(ecs_tui(&home, HALF_CONFIG).args(["profiles", "--output", "json"]));
    assert_eq!(code, Some(0), "{stderr}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let dev = rows.iter().find(|r| r["name"] == "dev").unwrap();
    assert_eq!(dev["usable"], false);
    assert!(
        dev["problem"]
            .as_str()
            .unwrap()
            .contains("access_key_secret"),
        "{dev}"
    );
    assert!(!stdout.contains("fine-secret"));
}

#[test]
fn using_the_unusable_profile_names_the_file_line_and_key() {
    let home = TempDir::new().unwrap();
    let (code, stdout, stderr) = run(ecs_tui(&home, HALF_CONFIG).args([
        "--profile",
        "dev",
        "--endpoint",
        "http://127.0.0.1:9",
        "regions",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:3", config_path(&home))),
        "{stderr}"
    );
    assert!(stderr.contains("[profiles.dev]"), "{stderr}");
    assert!(stderr.contains("access_key_secret"), "{stderr}");
}

/// Keeps the in-process emulator and its runtime alive while the binary runs.
struct Running {
    emulator: Emulator,
    _runtime: tokio::runtime::Runtime,
}

fn running() -> Running {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime
        .block_on(emulator::start(EmulatorConfig {
            regions: 2,
            instances: 4,
            ..EmulatorConfig::default()
        }))
        .unwrap();
    Running {
        emulator,
        _runtime: runtime,
    }
}

/// The hint of a failed `regions`, after checking it failed with exit 1 and kept the secret.
fn hint_of(cmd: &mut Command) -> String {
    let (code, _, stderr) = run(cmd.arg("regions"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains(WRONG_SECRET), "{stderr}");
    stderr
        .split_once("Hint: ")
        .unwrap_or_else(|| panic!("no hint: {stderr}"))
        .1
        .trim()
        .to_owned()
}

#[test]
fn a_wrong_secret_in_the_environment_points_at_the_variable() {
    let r = running();
    let home = TempDir::new().unwrap();
    let id = r.emulator.credentials().access_key_id;
    let hint = hint_of(
        ecs_tui(&home, "")
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", &id)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", WRONG_SECRET)
            .args(["--endpoint", &r.emulator.url()]),
    );
    assert!(hint.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "{hint}");
    assert!(!hint.contains("in your profile"), "{hint}");

    let hint = hint_of(
        ecs_tui(&home, "")
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tUnknownKey0001")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", WRONG_SECRET)
            .args(["--endpoint", &r.emulator.url()]),
    );
    assert!(hint.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{hint}");
}

#[test]
fn a_wrong_secret_in_the_config_points_at_its_line() {
    let r = running();
    let home = TempDir::new().unwrap();
    let id = r.emulator.credentials().access_key_id;
    let config = format!(
        "[profiles.work]\nregion_id = \"cn-qingdao\"\naccess_key_id = \"{id}\"\n\
         access_key_secret = \"{WRONG_SECRET}\"\n"
    );
    let hint = hint_of(ecs_tui(&home, &config).args(["--endpoint", &r.emulator.url()]));
    assert!(hint.contains("access_key_secret"), "{hint}");
    assert!(hint.contains("[profiles.work]"), "{hint}");
    assert!(
        hint.contains(&format!("{}:4", config_path(&home))),
        "{hint}"
    );
}

fn write_aliyun_cli(home: &Path, id: &str) -> String {
    let dir = home.join(".aliyun");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.json");
    let json = serde_json::json!({
        "current": "cli-dev",
        "profiles": [{
            "name": "cli-dev",
            "mode": "AK",
            "access_key_id": id,
            "access_key_secret": WRONG_SECRET,
            "region_id": "cn-qingdao",
        }],
    });
    std::fs::write(&path, json.to_string()).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    path.display().to_string()
}

#[test]
fn a_wrong_secret_in_the_aliyun_cli_points_at_its_profile_and_file() {
    let r = running();
    let home = TempDir::new().unwrap();
    let path = write_aliyun_cli(home.path(), &r.emulator.credentials().access_key_id);
    let hint = hint_of(ecs_tui(&home, "").args(["--endpoint", &r.emulator.url()]));
    assert!(hint.contains("access_key_secret"), "{hint}");
    assert!(hint.contains("cli-dev"), "{hint}");
    assert!(hint.contains(&path), "{hint}");
}
