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
    let wire = Wire::start(|p| match param(p, "Action") {
        Some("DescribeRegions") => Misbehave::Json(200, regions_json(&["cn-hangzhou"])),
        _ => Misbehave::Json(200, instances_json("cn-hangzhou", &["web-0"])),
    });
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &wire.url(), CONFIG_SECRET)
        .display()
        .to_string();
    let tui = Pty::spawn(
        &[],
        dir.path(),
        &[
            ("ECS_TUI_CONFIG", &config),
            ("ECS_TUI_TEST_PANIC", site),
            ("RUST_BACKTRACE", "1"),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.PanicEnvKey01"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", ENV_TOKEN),
        ],
        30,
        110,
    );
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

#[test]
fn a_panic_in_a_worker_task_restores_the_terminal_and_exits_1() {
    let (mut tui, _wire) = panicking("worker");
    let report = check_report(&mut tui, "worker");
    assert!(
        report.contains("STS.PanicEnvKey01") && report.contains("<redacted>"),
        "the report shows the credentials, redacted:\n{report}"
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
