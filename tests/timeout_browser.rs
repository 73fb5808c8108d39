//! The browser against servers that hang, trickle or break off: it stays responsive, says
//! which call timed out at which host, keeps the rows it had, and quits cleanly.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pty_support::Pty;
use pty_support::wire::{Misbehave, Wire, config, instances_json, param, regions_json};

#[test]
fn hanging_trickling_and_broken_regions_leave_the_browser_usable() {
    let beijing_calls = Arc::new(AtomicUsize::new(0));
    let calls = beijing_calls.clone();
    let wire = Wire::start(move |p| match (param(p, "Action"), param(p, "RegionId")) {
        (Some("DescribeRegions"), _) => Misbehave::Json(
            200,
            regions_json(&["cn-hangzhou", "cn-shanghai", "cn-beijing"]),
        ),
        (_, Some("cn-hangzhou")) => Misbehave::Hang,
        (_, Some("cn-shanghai")) => Misbehave::Trickle,
        // The first answer is whole; every later one breaks off.
        (_, Some("cn-beijing")) if calls.fetch_add(1, Ordering::SeqCst) == 0 => {
            Misbehave::Json(200, instances_json("cn-beijing", &["bj-web-0", "bj-web-1"]))
        }
        _ => Misbehave::CloseMidBody,
    });
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &wire.url(), "harden-secret-0001");
    let config = config.display().to_string();
    let mut tui = Pty::spawn(
        &[],
        dir.path(),
        &[
            ("ECS_TUI_CONFIG", &config),
            ("ECS_TUI_TEST_TIMEOUT_MS", "200"),
        ],
        30,
        110,
    );

    // cn-hangzhou hangs and cn-shanghai trickles, yet moving on shows cn-beijing at once.
    tui.wait_for("the region list", |s| s.contains("cn-beijing"));
    tui.press("jj");
    tui.wait_for("cn-beijing's rows while the others hang", |s| {
        s.contains("bj-web-1")
    });

    tui.press("kk");
    tui.wait_for("cn-hangzhou's timeout, naming the call and host", |s| {
        s.contains("Instances · cn-hangzhou")
            && s.contains("DescribeInstances at 127.0.0.1: timed out")
    });
    tui.press("j");
    tui.wait_for("cn-shanghai's timeout", |s| {
        s.contains("Instances · cn-shanghai")
            && s.contains("DescribeInstances at 127.0.0.1: timed out")
    });

    // A refresh of cn-beijing breaks off mid-body: the old rows stay, marked stale.
    tui.press("jr");
    tui.wait_for("the broken refresh, over the old rows", |s| {
        s.contains("DescribeInstances at 127.0.0.1: connection broke")
            && s.contains("bj-web-1")
            && s.contains("stale")
    });
    assert!(beijing_calls.load(Ordering::SeqCst) >= 2);

    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    tui.assert_restored();
}
