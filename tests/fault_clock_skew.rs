//! A computer clock hours off: the service rejects the Timestamp, the client learns the right
//! time from the `Date` header, retries once, and the user is told their clock is off.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::time::Duration;

use assert_cmd::Command;
use chrono::TimeDelta;
use client_wire_stub::{Stub, client_with, fast_options, sts};
use ecs_tui::api::{ClientOptions, Error, InstanceQuery, Paging, RetryPolicy, fetch_instances};
use ecs_tui::app::{Action, Command as AppCommand};
use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use ecs_tui::profiles::{Profile, Profiles, Source};
use ecs_tui::worker::Worker;
use tokio::io::AsyncWriteExt as _;

/// One attempt per call: any success below is the clock correction's doing, not a retry's.
fn one_attempt() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

async fn skewed(offset: TimeDelta) -> Emulator {
    emulator::start(EmulatorConfig {
        regions: 2,
        instances: 500,
        clock_offset: offset,
        ..EmulatorConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_emulator_sends_a_date_header_on_its_own_clock() {
    for (offset, expected) in [(TimeDelta::zero(), 0), (TimeDelta::hours(3), 3 * 3600)] {
        let emu = skewed(offset).await;
        let response = reqwest::Client::new().get(emu.url()).send().await.unwrap();
        let date = response.headers()["date"].to_str().unwrap().to_owned();
        let seen = ecs_tui::api::clock::parse_http_date(&date).unwrap() - chrono::Utc::now();
        assert!(
            (seen.num_seconds() - expected).abs() <= 5,
            "Date {date} is {seen} from now, expected {expected}s"
        );
    }
}

#[tokio::test]
async fn a_clock_hours_behind_is_corrected_from_the_date_header() {
    let emu = skewed(TimeDelta::hours(2)).await;
    let client = emu.client(one_attempt()).unwrap();
    let regions = client
        .describe_regions()
        .await
        .expect("corrected and retried");
    assert_eq!(regions.len(), 2);
    let offset = client.clock().offset();
    assert!(
        (offset - TimeDelta::hours(2)).abs() < TimeDelta::seconds(5),
        "{offset}"
    );
    let warning = client.clock().take_warning().expect("the user is told");
    assert!(warning.contains("is 2h behind"), "{warning}");
    assert!(client.clock().take_warning().is_none(), "told once");

    // Every later call, every page of a concurrent walk, signs with the corrected clock.
    let instances = fetch_instances(
        &client,
        &regions[0].region_id,
        &InstanceQuery::default(),
        Paging::Number { concurrency: 2 },
    )
    .await
    .expect("no further rejection");
    assert_eq!(instances.len(), 250, "three pages of the first region");
    assert!(client.clock().take_warning().is_none());
}

#[tokio::test]
async fn a_clock_ahead_is_corrected_too_and_clones_share_the_offset() {
    let emu = skewed(TimeDelta::minutes(-40)).await;
    let client = emu.client(one_attempt()).unwrap();
    let clone = client.clone();
    client.describe_regions().await.expect("corrected");
    let warning = clone.clock().take_warning().expect("the clone sees it");
    assert!(warning.contains("is 40m ahead of"), "{warning}");
}

#[tokio::test]
async fn an_uncorrected_skew_fails_once_with_the_clock_hint() {
    // The emulator on its own clock but one the client cannot learn: no Date header.
    // `Stub::raw` records nothing: the handler counts the requests it reads itself.
    let requests = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = requests.clone();
    let stub = Stub::raw(move |mut socket| {
        let seen = seen.clone();
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let body = r#"{"RequestId":"TS-1","HostId":"ecs.aliyuncs.com","Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired."}"#;
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        })
    });
    let client = client_with(sts(), fast_options(&stub.url()));
    let e = client.describe_regions().await.unwrap_err();
    let Error::Api(api) = &e else { panic!("{e:?}") };
    assert_eq!(api.code, "InvalidTimeStamp.Expired");
    let line = e.with_hint();
    assert!(
        line.contains("clock is off") && line.contains("RequestId TS-1"),
        "{line}"
    );
    assert_eq!(client.clock().offset(), TimeDelta::zero());
    assert!(client.clock().take_warning().is_none());
    assert_eq!(
        requests.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "nothing learnt, nothing to retry"
    );
}

#[tokio::test]
async fn a_rejection_with_the_clocks_in_agreement_is_not_retried() {
    // The service says expired but its Date agrees with ours: correcting would change nothing.
    let stub = Stub::start(|_, _| {
        client_wire_stub::Reply::error(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
            "TS-2",
        )
    });
    let client = client_with(sts(), fast_options(&stub.url()));
    let e = client.describe_regions().await.unwrap_err();
    assert_eq!(e.code(), "InvalidTimeStamp.Expired");
    assert_eq!(stub.count(), 1, "one request, no retry");
}

#[tokio::test]
async fn the_browser_worker_reports_the_correction() {
    let emu = skewed(TimeDelta::hours(-5)).await;
    let profile = Profile::with_credentials(
        "skewed",
        Source::Demo,
        emu.credentials(),
        Some("cn-qingdao".into()),
        Some(emu.url()),
    );
    let profiles = Profiles::demo(vec![profile]);
    let (command_tx, command_rx) = tokio::sync::mpsc::unbounded_channel();
    let (action_tx, mut action_rx) = tokio::sync::mpsc::unbounded_channel();
    let worker = tokio::spawn(Worker::new(&profiles, None, action_tx).run(command_rx));
    command_tx
        .send(AppCommand::FetchRegions {
            profile: "skewed".into(),
            generation: 1,
        })
        .unwrap();
    let mut loaded = false;
    let mut warning = None;
    while !(loaded && warning.is_some()) {
        let action = tokio::time::timeout(Duration::from_secs(20), action_rx.recv())
            .await
            .expect("the worker answers")
            .expect("worker alive");
        match action {
            Action::RegionsLoaded { result, .. } => {
                assert_eq!(result.expect("corrected").len(), 2);
                loaded = true;
            }
            Action::ClockCorrected { warning: w } => warning = Some(w),
            other => panic!("unexpected {other:?}"),
        }
    }
    let warning = warning.unwrap();
    assert!(warning.contains("is 5h ahead of"), "{warning}");
    drop(command_tx);
    worker.await.unwrap();
}

#[test]
fn commands_warn_on_stderr_and_succeed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emu = runtime.block_on(skewed(TimeDelta::hours(26)));
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), "").unwrap();
    let creds = emu.credentials();
    let out = Command::cargo_bin("ecs-tui")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("ECS_TUI_CONFIG", home.path().join("config.toml"))
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", &creds.access_key_id)
        .env(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            creds.access_key_secret.expose(),
        )
        .args(["--endpoint", &emu.url()])
        .args(["instances", "--all-regions", "--output", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let printed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed.len(), 500);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one warning line: {stderr}");
    assert!(
        lines[0].starts_with("ecs-tui: warning: your computer's clock is 1day 2h behind")
            && lines[0].contains("behind"),
        "{stderr}"
    );
}
