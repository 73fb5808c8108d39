//! The browser's side of a region whose pages ended before its `TotalCount`: the rows are
//! kept and the warning is said in the flash line (the worker forwards the fetch's
//! `Event::Warning` as `Step::Warning`; tests/hostile_wire_paging.rs has the wire's side).
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::progress::Step;
use ecs_tui::app::{Action, FlashLevel};

#[test]
fn a_region_whose_pages_ended_early_keeps_its_rows_and_says_so() {
    let mut app = app_at(t0(), (120, 30));
    let start = app.start();
    let hz = fetch_generation(&start, "cn-hangzhou");
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    app.update(Action::InstancesProgress {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        generation: hz,
        step: Step::Warning {
            message: "TotalCount said 500000, pages ended at 100".into(),
        },
    });
    let flash = app.flash.as_ref().unwrap();
    assert_eq!(
        flash.text,
        "⚠ region cn-hangzhou: TotalCount said 500000, pages ended at 100"
    );
    assert_eq!(flash.level, FlashLevel::Warn);
    app.update(Action::InstancesLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        generation: hz,
        result: Ok(instances(100, "cn-hangzhou").into()),
    });
    assert_eq!(app.current_view().unwrap().rows.len(), 100);
    let screen = draw(&app);
    assert!(
        (0..30).any(|y| row_text(&screen, y).contains("pages ended at 100")),
        "the flash line is drawn"
    );
}
