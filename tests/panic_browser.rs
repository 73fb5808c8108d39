//! A panic in the UI or in a worker task restores the terminal, prints the report without any
//! secret, and ends the process with status 1. The panics are triggered from outside with
//! the debug-only `ECS_TUI_TEST_PANIC`.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use pty_support::Pty;
use pty_support::wire::{Misbehave, Wire, config, instances_json, param, regions_json};

const CONFIG_SECRET: &str = "PanicCfgSecret-5e2a91";
const ENV_SECRET: &str = "PanicEnvSecret-77c1d0";
const ENV_TOKEN: &str = "PanicEnvToken-0b93fe";

fn panicking(site: &str) -> (Pty, Wire) {
    panicking_with(site, &[])
}

fn panicking_with(site: &str, extra: &[(&str, &str)]) -> (Pty, Wire) {
    let wire = Wire::start(|p| match param(p, "Action") {
        Some("DescribeRegions") => Misbehave::Json(200, regions_json(&["cn-hangzhou"])),
        _ => Misbehave::Json(200, instances_json("cn-hangzhou", &["web-0"])),
    });
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &wire.url(), CONFIG_SECRET)
        .display()
        .to_string();
    let mut env = vec![
        ("ECS_TUI_CONFIG", config.as_str()),
        ("ECS_TUI_TEST_PANIC", site),
        ("RUST_BACKTRACE", "1"),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.PanicEnvKey01"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", ENV_TOKEN),
    ];
    env.extend_from_slice(extra);
    let tui = Pty::spawn(&[], dir.path(), &env, 30, 110);
    // The temp dir may go: the program has read its config by the time it draws.
    std::mem::forget(dir);
    (tui, wire)
}

/// The report printed after the terminal was restored.
fn check_report(tui: &mut Pty, site: &str) -> String {
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 1, "{status:?}");
    tui.assert_restored();
    let everything = String::from_utf8_lossy(&tui.raw).into_owned();
    let report = everything
        .split("\x1b[?1049l")
        .last()
        .expect("the report comes after the alternate screen is left");
    assert!(
        report.contains("The application panicked"),
        "no report:\n{report}"
    );
    assert!(
        report.contains(&format!("ECS_TUI_TEST_PANIC={site}")),
        "the report says what panicked:\n{report}"
    );
    for secret in [CONFIG_SECRET, ENV_SECRET, ENV_TOKEN] {
        assert!(
            !everything.contains(secret),
            "{secret} in the output:\n{everything}"
        );
    }
    report.to_owned()
}

/// Whether `text` holds a colour or style escape (SGR: `ESC [ … m`).
fn has_sgr(text: &str) -> bool {
    text.split("\x1b[").skip(1).any(|rest| {
        let params = rest
            .find(|c: char| !c.is_ascii_digit() && c != ';')
            .map_or("", |end| &rest[end..]);
        params.starts_with('m')
    })
}

#[test]
fn a_panic_in_a_worker_task_restores_the_terminal_and_exits_1() {
    let (mut tui, _wire) = panicking("worker");
    let report = check_report(&mut tui, "worker");
    assert!(
        report.contains("STS.PanicEnvKey01") && report.contains("<redacted>"),
        "the report shows the credentials, redacted:\n{report}"
    );
    assert!(
        has_sgr(&report),
        "on a terminal the report keeps its colours:\n{report:?}"
    );
}

#[test]
fn no_color_takes_the_colours_out_of_the_report_on_a_terminal() {
    let (mut tui, _wire) = panicking_with("worker", &[("NO_COLOR", "1")]);
    let report = check_report(&mut tui, "worker");
    assert!(!has_sgr(&report), "NO_COLOR: {report:?}");
}

#[test]
fn a_report_written_to_a_file_has_no_escape_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stderr.txt");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ecs-tui"))
        .arg("regions")
        .env("ECS_TUI_TEST_PANIC", "start")
        .env("RUST_BACKTRACE", "1")
        .env_remove("NO_COLOR")
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&path).unwrap())
        .status()
        .unwrap();
    assert!(!status.success());
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(
        report.contains("The application panicked") && report.contains("ECS_TUI_TEST_PANIC=start"),
        "{report}"
    );
    assert!(
        !report.contains('\x1b'),
        "escape codes in the file: {report:?}"
    );
}

#[test]
fn a_panic_in_the_ui_restores_the_terminal_and_exits_1() {
    let (mut tui, _wire) = panicking("ui");
    tui.wait_for("the browser drawing its rows", |s| s.contains("web-0"));
    assert!(tui.parser.screen().alternate_screen());
    tui.press("j");
    let _ = check_report(&mut tui, "ui");
}
