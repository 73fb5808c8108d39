//! What a new user runs into first: choosing a profile, half-set environment keys, flags with
//! the wrong case or a typo, `--demo` combinations, and output cut off by a closed pipe.
#![allow(clippy::unwrap_used)]

mod child_guard;

use std::io::Read as _;
use std::process::{Command, Stdio};

use child_guard::Guarded;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-tui");

/// The binary with a home, config dir and environment of its own.
fn ecs_tui(home: &tempfile::TempDir, config: &str) -> Command {
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

const ONE_PROFILE: &str = "[profiles.dev]\naccess_key_id = \"LTAI5tOnlyOne0001\"\n\
                           access_key_secret = \"s\"\nregion_id = \"cn-hangzhou\"\n";

#[test]
fn the_only_profile_is_the_one_used() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(ecs_tui(&home, ONE_PROFILE).args(["profiles"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("dev *"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn several_profiles_without_a_default_say_how_to_choose() {
    let home = tempfile::tempdir().unwrap();
    let config = format!("{ONE_PROFILE}{}", ONE_PROFILE.replace("dev", "prod"));
    let (code, _, stderr) = run(ecs_tui(&home, &config).args(["instances"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("profiles dev, prod found"), "{stderr}");
    assert!(stderr.contains("--profile NAME"), "{stderr}");
}

#[test]
fn a_half_set_environment_names_the_missing_variable() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(ecs_tui(&home, "")
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tHalfSet0001")
        .args(["regions"]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
        "{stderr}"
    );
}

#[test]
fn status_takes_any_case_and_rejects_unknown_states() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(ecs_tui(&home, "").args([
        "--demo",
        "instances",
        "--region",
        "cn-qingdao",
        "--status",
        "running",
        "--output",
        "csv",
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.contains(",Running,")), "{stdout}");

    let (code, _, stderr) = run(ecs_tui(&home, "").args([
        "--demo",
        "instances",
        "--region",
        "cn-qingdao",
        "--status",
        "up",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("Pending, Running, Starting, Stopping, Stopped"),
        "{stderr}"
    );
}

#[test]
fn a_misspelled_log_level_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("log");
    let (code, _, stderr) = run(ecs_tui(&home, "").args([
        "--demo",
        "--log-file",
        log.to_str().unwrap(),
        "--log-level",
        "degub",
        "regions",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--log-level \"degub\""), "{stderr}");
}

#[test]
fn demo_marks_the_profile_in_use_and_refuses_an_endpoint() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) =
        run(ecs_tui(&home, "").args(["--demo", "--profile", "demo-dev", "profiles"]));
    assert_eq!(code, Some(0), "{stderr}");
    let marked: Vec<&str> = stdout.lines().filter(|l| l.contains(" *")).collect();
    assert_eq!(marked.len(), 1, "{stdout}");
    assert!(marked[0].starts_with("demo-dev *"), "{stdout}");

    let (code, _, stderr) =
        run(ecs_tui(&home, "").args(["--demo", "--endpoint", "http://127.0.0.1:9", "regions"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--endpoint"), "{stderr}");
}

#[test]
fn a_closed_pipe_still_reports_the_regions_that_are_missing() {
    let home = tempfile::tempdir().unwrap();
    let child = ecs_tui(&home, "")
        .args(["--demo", "instances", "--all-regions", "--output", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let child = Guarded::new("ecs-tui instances", child);
    // Like `| head -c 1`: read one byte, then close the pipe.
    let mut stdout = child.with(|c| c.stdout.take()).unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .with(|c| c.stderr.take())
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cn-zhangjiakou"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}
