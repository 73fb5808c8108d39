//! The browser under faults: every kind of failure, in every region, again and again, leaves
//! it running with its rows, saying what failed (region, call, host, Code); a corrected clock
//! is flashed; and the real binary on a faulty emulator keeps working until the emulator is
//! gone, then shows the failure over the rows it had.
#![allow(clippy::unwrap_used)]

mod app_fixtures;
#[cfg(unix)]
mod pty_support;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::api::{ApiError, Error, TransportKind};
use ecs_tui::app::{Action, FlashLevel, PaneState};

/// The browser's spinner frames: none on screen means nothing is being fetched.
#[cfg(unix)]
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

fn api(status: u16, code: &str) -> Error {
    Error::Api(Box::new(ApiError {
        http_status: status,
        code: code.into(),
        message: format!("{code} happened."),
        request_id: format!("REQ-{code}"),
        host_id: String::new(),
        recommend: String::new(),
        key_origin: None,
    }))
}

fn transport(kind: TransportKind, detail: &str) -> Error {
    Error::Transport {
        kind,
        action: "DescribeInstances".into(),
        host: "ecs.cn-hangzhou.aliyuncs.com".into(),
        detail: detail.into(),
    }
}

fn every_failure() -> Vec<Error> {
    vec![
        api(500, "InternalError"),
        api(503, "ServiceUnavailable"),
        api(400, "Throttling.User"),
        transport(TransportKind::Timeout, "operation timed out"),
        transport(TransportKind::Body, "connection reset"),
        transport(TransportKind::Connect, "connection refused"),
        Error::Decode {
            action: "DescribeInstances".into(),
            host: "ecs.cn-hangzhou.aliyuncs.com".into(),
            http_status: 200,
            request_id: "REQ-DECODE".into(),
            detail: "expected value at line 1 column 1".into(),
        },
    ]
}

#[test]
fn every_failure_keeps_the_rows_and_says_what_failed() {
    let t = t0();
    let mut app = loaded_app(t, (140, 40), 12);
    for (round, e) in every_failure().into_iter().enumerate() {
        app.set_now(t + Duration::from_secs(60 * (round as u64 + 1)));
        let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
        app.update(instances_failed("cn-hangzhou", generation, e.clone()));
        let view = app.current_view().unwrap();
        assert_eq!(view.state(), PaneState::Failed, "{e}");
        assert_eq!(view.rows.len(), 12, "{e}: the rows stay");
        assert_eq!(view.updated, Some(t), "{e}: and keep their age");
        let flash = app.flash.as_ref().unwrap();
        assert_eq!(flash.level, FlashLevel::Warn);
        assert!(
            flash.text.contains("cn-hangzhou") && flash.text.contains(e.code()),
            "{}",
            flash.text
        );
        let shown = screen_text(&draw(&app));
        assert!(shown.contains("web-11"), "{e}: rows on screen\n{shown}");
        assert!(shown.contains("stale"), "{shown}");
        let what = match &e {
            Error::Api(a) => format!("{}: {}", a.code, a.message),
            other => other.to_string().chars().take(60).collect(),
        };
        assert!(shown.contains(&what), "{e}: {what:?} not shown\n{shown}");
        if let Some(id) = e.request_id() {
            assert!(shown.contains(id), "{shown}");
        }
    }
    // And a later success clears the failure.
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(instances_loaded(
        "cn-hangzhou",
        generation,
        instances(13, "cn-hangzhou"),
    ));
    assert_eq!(app.current_view().unwrap().state(), PaneState::Loaded);
    assert!(screen_text(&draw(&app)).contains("web-12"));
}

#[test]
fn failures_in_other_regions_and_the_region_list_leave_the_shown_rows_alone() {
    let t = t0();
    let mut app = loaded_app(t, (140, 40), 4);
    // Refresh everything; every answer but cn-hangzhou's fails, the region list too.
    let commands = app.update(Action::RefreshAll);
    let regions_gen = regions_generation(&commands);
    for (region, e) in [
        ("cn-shanghai", api(503, "ServiceUnavailable")),
        ("cn-beijing", transport(TransportKind::Timeout, "timed out")),
        ("ap-southeast-1", api(400, "Throttling.User")),
    ] {
        app.update(instances_failed(
            region,
            fetch_generation(&commands, region),
            e,
        ));
    }
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_gen,
        result: Err(transport(TransportKind::Connect, "refused")),
    });
    app.update(instances_loaded(
        "cn-hangzhou",
        fetch_generation(&commands, "cn-hangzhou"),
        instances(4, "cn-hangzhou"),
    ));
    assert_eq!(app.regions.regions.len(), 4, "the region list stays");
    assert_eq!(app.current_view().unwrap().state(), PaneState::Loaded);
    let shown = screen_text(&draw(&app));
    assert!(shown.contains("web-03"), "{shown}");
    for region in ["cn-shanghai", "cn-beijing", "ap-southeast-1"] {
        assert_eq!(app.views[region].state(), PaneState::Failed, "{region}");
    }
}

#[test]
fn a_corrected_clock_is_flashed() {
    let mut app = loaded_app(t0(), (140, 40), 1);
    app.update(Action::ClockCorrected {
        warning: "your computer's clock is 2h behind Alibaba Cloud's".into(),
    });
    let flash = app.flash.as_ref().unwrap();
    assert_eq!(flash.level, FlashLevel::Warn);
    assert!(screen_text(&draw(&app)).contains("clock is 2h behind"));
}

/// The real binary on an emulator failing a fifth of its requests: rows arrive and refreshes
/// keep working; when the emulator is gone, a refresh fails, the rows stay and the failure is
/// named; `q` still quits cleanly.
#[cfg(unix)]
#[test]
fn the_browser_on_a_faulty_emulator() {
    use ecs_tui::emulator::{self, EmulatorConfig};
    use pty_support::Pty;

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emu = runtime
        .block_on(emulator::start(EmulatorConfig {
            regions: 3,
            instances: 60,
            seed: 106,
            fault_rate: 0.2,
            throttle_qps: 10.0,
            slow_response: Duration::from_secs(2),
            ..EmulatorConfig::default()
        }))
        .unwrap();
    let inventory = emu.inventory(&emu.credentials().access_key_id).unwrap();
    let first = &inventory.regions()[0];
    let region = first.info.region_id.clone();
    let some_name = first.instances[0].instance_name.clone();
    let dir = tempfile::tempdir().unwrap();
    let config = pty_support::wire::config(
        dir.path(),
        &emu.url(),
        emu.credentials().access_key_secret.expose(),
    );
    std::fs::write(
        &config,
        std::fs::read_to_string(&config)
            .unwrap()
            .replace("LTAI5tHardenKey01", &emu.credentials().access_key_id)
            .replace("cn-hangzhou", &region),
    )
    .unwrap();
    let config = config.display().to_string();
    let mut tui = Pty::spawn(
        &[],
        dir.path(),
        &[
            ("ECS_TUI_CONFIG", &config),
            ("ECS_TUI_TEST_TIMEOUT_MS", "500"),
        ],
        30,
        110,
    );
    tui.wait_for("the first region's rows through the faults", |s| {
        s.contains(&some_name)
    });
    let spinning = |s: &str| SPINNER.iter().any(|f| s.contains(f));
    tui.wait_for("the first load to end", |s| !spinning(s));
    for round in 0..3 {
        // Each refresh is seen to start (a spinner drawn, requests at the server) and to end
        // (the rows, no spinner): the screen before `R` cannot stand in for the one after.
        let (mark, requests) = (tui.mark(), emu.requests());
        tui.press("R");
        tui.wait_for_output_since(mark, "the refresh's spinner", spinning);
        tui.wait_for("the rows after refreshing everything", |s| {
            s.contains(&some_name) && !spinning(s)
        });
        // DescribeRegions and the 3 regions, at least (retries add more).
        assert!(
            emu.requests() >= requests + 4,
            "round {round}: {} requests reached the emulator",
            emu.requests() - requests
        );
    }
    drop(emu);
    tui.press("r");
    tui.wait_for("the failure over the old rows", |s| {
        s.contains(&some_name)
            && s.contains("stale")
            && s.contains("DescribeInstances at 127.0.0.1")
    });
    tui.press("q");
    assert!(tui.wait_exit().success());
    tui.assert_restored();
    drop(runtime);
}
