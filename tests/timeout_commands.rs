//! A server that never answers, trickles its body, or closes mid-body does not hang any
//! command: each ends with exit 1 and one line naming the call and the host that failed.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;
mod pty_support;

use client_wire_stub::cli::Sandbox;
use client_wire_stub::{KEY_ID, SECRET};
use pty_support::wire::{Misbehave, Wire, instances_json, param, regions_json};

/// Debug builds of the binary take their timeouts from this (connect and read; a whole
/// request gets three times as long).
const TIMEOUT_MS: &str = "200";

fn run(wire: &Wire, args: &[&str]) -> (Option<i32>, String, String) {
    run_with(&wire.url(), TIMEOUT_MS, args)
}

fn run_with(url: &str, timeout_ms: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Sandbox::new()
        .bare()
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .env("ECS_TUI_TEST_TIMEOUT_MS", timeout_ms)
        .args(["--endpoint", url])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Regions answer; every DescribeInstances misbehaves.
fn instances_misbehave(how: Misbehave) -> Wire {
    Wire::start(move |p| match param(p, "Action") {
        Some("DescribeRegions") => Misbehave::Json(200, regions_json(&["cn-hangzhou"])),
        _ => how.clone(),
    })
}

fn expect_failure(what: &str, (code, stdout, stderr): (Option<i32>, String, String), line: &str) {
    assert_eq!(code, Some(1), "{what}: {stderr}");
    assert!(!stderr.contains(SECRET), "{what}: {stderr}");
    let found = stderr.lines().any(|l| l.contains(line));
    assert!(found, "{what}: no line with {line:?} in\n{stderr}");
    assert!(
        !stdout.contains("i-cn-hangzhou"),
        "{what}: nothing partial on stdout: {stdout}"
    );
}

const KINDS: [(&str, &str); 3] = [
    ("never answers", "timed out"),
    ("trickles", "timed out"),
    (
        "closes mid-body",
        "connection broke while reading the response",
    ),
];

fn misbehaviour(kind: &str) -> Misbehave {
    match kind {
        "never answers" => Misbehave::Hang,
        "trickles" => Misbehave::Trickle,
        _ => Misbehave::CloseMidBody,
    }
}

#[test]
fn regions_ends_and_names_the_call() {
    for (kind, says) in KINDS {
        let wire = Wire::start(move |_| misbehaviour(kind));
        expect_failure(
            kind,
            run(&wire, &["regions"]),
            &format!("DescribeRegions failed: DescribeRegions at 127.0.0.1: {says}"),
        );
        // Retried, but boundedly: 5 attempts, fewer if the 4 s deadline comes first.
        let attempts = wire.count("DescribeRegions");
        assert!((2..=5).contains(&attempts), "{kind}: {attempts} attempts");
    }
}

#[test]
fn instances_in_one_region_ends_and_names_the_call() {
    for (kind, says) in KINDS {
        let wire = instances_misbehave(misbehaviour(kind));
        expect_failure(
            kind,
            run(&wire, &["instances", "--region", "cn-hangzhou"]),
            &format!(
                "DescribeInstances in cn-hangzhou failed: DescribeInstances at 127.0.0.1: {says}"
            ),
        );
    }
}

#[test]
fn instances_in_all_regions_ends_and_names_the_region() {
    for (kind, says) in KINDS {
        let wire = instances_misbehave(misbehaviour(kind));
        expect_failure(
            kind,
            run(&wire, &["instances", "--all-regions", "-o", "json"]),
            &format!(
                "region cn-hangzhou is missing from the output: DescribeInstances at 127.0.0.1: {says}"
            ),
        );
    }
}

#[test]
fn a_slow_but_steady_answer_within_the_timeouts_succeeds() {
    // Not every slow server is broken: one that answers in time is waited for. The server
    // holds its answer until the test releases it, a second after the request arrived; the
    // client's timeouts are 30 s, so no stall of a loaded machine decides the outcome.
    let (release, held) = std::sync::mpsc::channel::<()>();
    let held = std::sync::Mutex::new(held);
    let wire = Wire::start(move |p| match param(p, "Action") {
        Some("DescribeInstances") => {
            // The guard only keeps a broken test from holding the server for ever.
            let _ = held
                .lock()
                .unwrap()
                .recv_timeout(std::time::Duration::from_secs(120));
            Misbehave::Json(200, instances_json("cn-hangzhou", &["web-1"]))
        }
        _ => Misbehave::Json(200, regions_json(&["cn-hangzhou"])),
    });
    let url = wire.url();
    let command = std::thread::spawn(move || {
        run_with(&url, "30000", &["instances", "--region", "cn-hangzhou"])
    });
    let guard = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while wire.count("DescribeInstances") == 0 {
        assert!(std::time::Instant::now() < guard, "the request never came");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    release.send(()).unwrap();
    let (code, stdout, stderr) = command.join().unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("web-1"), "{stdout}");
    // Waited for, not given up on and asked again.
    assert_eq!(wire.count("DescribeInstances"), 1, "{stderr}");
}
