//! The CLI's progress line: on stderr when it is a terminal, never with `--quiet`, never in a
//! pipe, and gone before the output.
#![allow(clippy::unwrap_used)]

mod pty_support;

use pty_support::Pty;

fn run_in_a_terminal(extra: &[&str]) -> (String, String) {
    let home = tempfile::tempdir().unwrap();
    let mut args = vec!["--demo", "instances", "--all-regions"];
    args.extend_from_slice(extra);
    let mut pty = Pty::spawn(&args, home.path(), &[], 40, 160);
    // The demo account has a region that refuses (exit 1, named on stderr): the rest print.
    let status = pty.wait_exit();
    assert!(status.exit_code() <= 1, "{status:?}: {}", pty.text());
    (String::from_utf8_lossy(&pty.raw).into_owned(), pty.text())
}

#[test]
fn a_terminal_sees_the_progress_line_and_then_only_the_output() {
    let (raw, screen) = run_in_a_terminal(&[]);
    assert!(raw.contains("regions 0/"), "no progress line in {raw:?}");
    assert!(raw.contains(" instances"), "{raw:?}");
    // The line is cleared: the screen holds the table, not the line.
    assert!(!screen.contains("regions 0/"), "{screen}");
    assert!(screen.contains("Running"), "{screen}");
}

#[test]
fn quiet_keeps_the_terminal_free_of_it() {
    let (raw, _) = run_in_a_terminal(&["--quiet"]);
    assert!(!raw.contains("regions 0/"), "{raw:?}");
}

#[test]
fn a_pipe_never_sees_it() {
    let home = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("ecs-tui")
        .unwrap()
        .args(["--demo", "instances", "--all-regions", "--output", "json"])
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env_remove("ECS_TUI_CONFIG")
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("regions 0/"), "{stderr}");
    assert!(!stderr.contains("instances ·"), "{stderr}");
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
}
