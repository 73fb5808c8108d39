//! The finding features drawn at 80x24 and 200x50: the filter bar while typing, a kept filter,
//! a sorted header, "All regions" with a failed region, the error log, the region pane's
//! count column.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::app::sort::SortKey;
use ecs_tui::app::{Action, App};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn check(state: &str, build: impl Fn((u16, u16)) -> App) {
    check_snapshots!(SIZES, state, build);
}

fn type_filter(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    for c in text.chars() {
        app.update(Action::FilterInput(c));
    }
}

#[test]
fn typing_a_filter() {
    check("filter_typing", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        type_filter(&mut app, "web-1");
        app
    });
}

#[test]
fn a_kept_filter_and_a_sorted_column() {
    check("filter_kept_sorted", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        type_filter(&mut app, "!running");
        app.update(Action::ApplyFilter);
        app.update(Action::SortBy(SortKey::Name));
        app.update(Action::SortBy(SortKey::Name));
        app
    });
}

#[test]
fn a_filter_matching_nothing() {
    check("filter_nothing", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        type_filter(&mut app, "no-such-thing");
        app.update(Action::ApplyFilter);
        app
    });
}

/// "All regions" with cn-beijing refused, two regions answered and one still loading.
fn all_regions_app(size: (u16, u16)) -> App {
    let mut app = loaded_app(t0(), size, 12);
    app.set_now(t0() + Duration::from_secs(60));
    let commands = app.update(Action::SelectAllRegions);
    for (region, count) in [("cn-hangzhou", 12), ("cn-shanghai", 130)] {
        app.update(instances_loaded(
            region,
            fetch_generation(&commands, region),
            instances(count, region),
        ));
    }
    let generation = fetch_generation(&commands, "cn-beijing");
    app.update(instances_failed("cn-beijing", generation, forbidden()));
    app.update(Action::SortBy(SortKey::Region));
    later(app, 62)
}

#[test]
fn all_regions_with_a_failed_region() {
    check("all_regions_failed", all_regions_app);
}

#[test]
fn the_error_log() {
    check("error_log", |size| {
        let mut app = all_regions_app(size);
        app.wall_origin =
            Some(chrono::DateTime::parse_from_rfc3339("2025-05-01T09:00:00+08:00").unwrap());
        app.update(Action::OpenErrors);
        app
    });
}
