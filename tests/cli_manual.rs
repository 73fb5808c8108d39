//! `ecs-tui completions SHELL` and `ecs-tui man`: printed without a config or an account,
//! and valid for the programs that read them where those programs are installed here.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt as _;

/// `ecs-tui ARGS` with no config, no aliyun CLI profile and no credentials around it.
fn ecs_tui(args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    Command::cargo_bin("ecs-tui")
        .unwrap()
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = ecs_tui(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `program` can be run here (the test says when it is skipped).
fn installed(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        eprintln!("{program} is not installed: its syntax check is skipped");
    }
    found
}

/// `program args` given `script` on stdin (or as a file for those that want one): success
/// and no complaint.
fn check_syntax(program: &str, args: &[&str], script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("completion");
    std::fs::write(&path, script).unwrap();
    let out = Command::new(program)
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{program} rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shell_gets_a_script_that_completes_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        // Long options as each shell spells them (fish: `-l all-regions`).
        for word in ["instances", "regions", "profiles", "all-regions", "output"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
}

#[test]
fn the_scripts_are_valid_for_their_shells() {
    check_syntax("bash", &["-n"], &stdout(&["completions", "bash"]));
    if installed("zsh") {
        check_syntax("zsh", &["-n"], &stdout(&["completions", "zsh"]));
    }
    if installed("fish") {
        check_syntax("fish", &["--no-execute"], &stdout(&["completions", "fish"]));
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = ecs_tui(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"));
}

#[test]
fn the_man_page_has_the_commands_exit_status_environment_and_files() {
    let page = stdout(&["man"]);
    assert!(page.contains("\n.TH ecs-tui 1 "), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    for word in [
        "instances",
        "emulator",
        "completions",
        "ECS_TUI_CONFIG",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "config.toml",
        "state.json",
    ] {
        assert!(page.contains(word), "{word} missing");
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    if !installed("groff") {
        return;
    }
    let page = stdout(&["man"]);
    let mut groff = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = groff.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
