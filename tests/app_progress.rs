//! A long fetch as the browser shows it: the first page's rows at once, `page N/M`, a retry
//! being waited out, and only whole answers counting as a region's inventory.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::app::progress::Step;
use ecs_tui::app::{Action, App, PaneState};

fn progress(region: &str, generation: u64, step: Step) -> Action {
    Action::InstancesProgress {
        profile: "dev".into(),
        region: region.into(),
        generation,
        step,
    }
}

fn page(done: u32, total: u32, rows: Option<usize>) -> Step {
    Step::Page {
        done,
        total: Some(total),
        rows: rows.map(|n| instances(n, "cn-hangzhou").into()),
    }
}

fn title(app: &App) -> String {
    row_text(&draw(app), 1)
}

/// Started, the region list in, cn-hangzhou's first fetch running.
fn first_fetch_running() -> (App, u64) {
    let mut app = app_at(t0(), (120, 30));
    let start = app.start();
    let hz = fetch_generation(&start, "cn-hangzhou");
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    (app, hz)
}

#[test]
fn the_first_page_shows_at_once_and_the_title_counts_pages() {
    let (mut app, hz) = first_fetch_running();
    app.update(progress("cn-hangzhou", hz, page(1, 37, Some(100))));
    let view = app.current_view().unwrap();
    assert_eq!(view.state(), PaneState::Loaded);
    assert_eq!(view.rows.len(), 100);
    assert!(title(&app).contains("page 1/37"), "{}", title(&app));
    assert_eq!(
        app.region_count("cn-hangzhou"),
        None,
        "a part is not the count"
    );

    app.update(progress("cn-hangzhou", hz, page(12, 37, None)));
    assert!(title(&app).contains("page 12/37"), "{}", title(&app));

    app.update(instances_loaded(
        "cn-hangzhou",
        hz,
        instances(3_700, "cn-hangzhou"),
    ));
    assert_eq!(app.region_count("cn-hangzhou"), Some(3_700));
    assert!(!title(&app).contains("page"), "{}", title(&app));
}

#[test]
fn a_retry_being_waited_out_says_its_attempt_and_how_long() {
    let (mut app, hz) = first_fetch_running();
    app.update(progress(
        "cn-hangzhou",
        hz,
        Step::Retrying {
            attempt: 2,
            max: 5,
            throttled: true,
            code: "Throttling.User".into(),
            delay: Duration::from_secs(1),
        },
    ));
    app.set_now(t0() + Duration::from_secs(4));
    app.update(Action::Tick);
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains(
            "loading instances in cn-hangzhou… · throttled, slowing down · attempt 2/5 for 4s"
        ),
        "{screen}"
    );
    // The next page answers: the retry is over.
    app.update(progress("cn-hangzhou", hz, page(1, 3, Some(100))));
    assert!(!title(&app).contains("throttled"), "{}", title(&app));
}

#[test]
fn a_refresh_keeps_its_old_rows_whole_while_pages_come() {
    let mut app = loaded_app(t0(), (120, 30), 250);
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(progress("cn-hangzhou", generation, page(1, 3, Some(100))));
    assert_eq!(app.current_view().unwrap().rows.len(), 250);
    assert_eq!(app.region_count("cn-hangzhou"), Some(250));
    assert!(title(&app).contains("page 1/3"), "{}", title(&app));
}

#[test]
fn word_of_a_fetch_nobody_waits_for_is_dropped() {
    let (mut app, hz) = first_fetch_running();
    app.update(progress("cn-hangzhou", hz + 100, page(1, 9, Some(100))));
    assert_eq!(app.current_view().unwrap().state(), PaneState::Loading);
    assert!(app.current_view().unwrap().progress.is_none());
}

#[test]
fn a_fetch_failing_after_its_first_page_does_not_pass_the_page_off_as_the_region() {
    let (mut app, hz) = first_fetch_running();
    app.update(progress("cn-hangzhou", hz, page(1, 9, Some(100))));
    app.update(instances_failed("cn-hangzhou", hz, forbidden()));
    assert_eq!(
        app.current_view().unwrap().rows.len(),
        100,
        "still readable"
    );
    assert_eq!(app.region_count("cn-hangzhou"), None);
}
