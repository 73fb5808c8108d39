//! The region pane's counts as a state machine: always each region's whole inventory (never a
//! tag query's answer), cached counts at start-up, a partial total said as partial, and the
//! table's title over a tag query that is still loading.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::api::{Instance, Tag};
use ecs_tui::app::{Action, App, Command};

fn tagged(n: usize, region: &str, key: &str, value: &str) -> Instance {
    let mut i = instance(n, region, "Running");
    i.tags.push(Tag {
        key: key.into(),
        value: value.into(),
    });
    i
}

fn apply_filter(app: &mut App, text: &str) -> Vec<Command> {
    app.update(Action::OpenFilter);
    app.update(Action::FilterClearInput);
    for c in text.chars() {
        app.update(Action::FilterInput(c));
    }
    app.update(Action::ApplyFilter)
}

/// The text of the region pane's row for `region` (or "All regions").
fn region_row(app: &App, label: &str) -> String {
    let buffer = draw(app);
    // The region pane: inside its left border, up to its right one.
    (2..buffer.area.height)
        .map(|y| row_text(&buffer, y))
        .filter_map(|row| row.split('│').nth(1).map(str::to_owned))
        .find(|pane| pane.contains(label))
        .unwrap_or_else(|| panic!("no region row {label}"))
}

/// cn-hangzhou with 5 instances (2 tagged env=prod), cn-shanghai with 3 (1 tagged).
fn two_regions_loaded() -> App {
    let mut app = loaded_app(t0(), (120, 30), 0);
    let hz = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    let mut rows = instances(3, "cn-hangzhou");
    rows.push(tagged(10, "cn-hangzhou", "env", "prod"));
    rows.push(tagged(11, "cn-hangzhou", "env", "prod"));
    app.update(instances_loaded("cn-hangzhou", hz, rows));
    app.update(Action::FocusRegions);
    let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    let mut rows = instances(2, "cn-shanghai");
    rows.push(tagged(20, "cn-shanghai", "env", "prod"));
    app.update(instances_loaded("cn-shanghai", sh, rows));
    app.update(Action::SelectPrev);
    app
}

#[test]
fn a_tag_querys_answer_never_becomes_a_regions_count() {
    let mut app = two_regions_loaded();
    app.set_now(t0() + Duration::from_secs(1));
    let generation = fetch_generation(&apply_filter(&mut app, "-t env=prod"), "cn-hangzhou");
    app.update(instances_loaded(
        "cn-hangzhou",
        generation,
        vec![tagged(10, "cn-hangzhou", "env", "prod")],
    ));
    assert_eq!(
        app.current_view().unwrap().rows.len(),
        1,
        "the answer is shown"
    );
    assert_eq!(
        app.region_count("cn-hangzhou"),
        Some(5),
        "the count is the inventory's"
    );
    assert!(region_row(&app, "cn-hangzhou").contains(" 5 "));

    // The other region, asked with the tag too, answers; Esc clears the query.
    app.update(Action::FocusRegions);
    let generation = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    app.update(instances_loaded("cn-shanghai", generation, Vec::new()));
    assert_eq!(app.region_count("cn-shanghai"), Some(3));
    let commands = app.update(Action::Back);
    assert_eq!(
        commands,
        vec![],
        "the inventory was seen a second ago: shown as it was, not asked again"
    );
    assert_eq!(app.current_view().unwrap().rows.len(), 3);
    assert_eq!(app.region_count("cn-hangzhou"), Some(5));
    assert_eq!(app.inventory_total(), (8, false), "2 of 4 regions known");
}

#[test]
fn all_regions_total_says_it_is_partial_until_every_region_is_known() {
    let app = two_regions_loaded();
    assert!(
        region_row(&app, "All regions").contains(" 8+ "),
        "{}",
        region_row(&app, "All regions")
    );
    let mut app = app;
    app.update(Action::SelectNext);
    for region in ["cn-beijing", "ap-southeast-1"] {
        let generation = fetch_generation(&app.update(Action::SelectNext), region);
        let rows = instances(1, region);
        app.update(instances_loaded(region, generation, rows));
    }
    app.update(Action::SelectFirst);
    assert_eq!(app.inventory_total(), (10, true));
    let row = region_row(&app, "All regions");
    assert!(row.contains(" 10 ") && !row.contains('+'), "{row}");
}

#[test]
fn while_a_tag_query_loads_the_table_shows_only_rows_that_carry_the_tag() {
    let mut app = two_regions_loaded();
    app.set_now(t0() + Duration::from_secs(1));
    apply_filter(&mut app, "-t env=prod");
    let view = app.current_view().unwrap();
    assert!(view.is_busy(), "asked of the API");
    let names: Vec<&str> = (view.index.iter())
        .map(|&i| view.rows[i].instance_name.as_str())
        .collect();
    assert_eq!(names, ["web-10", "web-11"]);
    // The title counts the rows shown, not the region's 5.
    let buffer = draw(&app);
    let title = row_text(&buffer, 1);
    assert!(title.contains("tag env=prod"), "{title}");
    assert!(title.contains("· 2"), "{title}");
    assert!(!title.contains("· 5"), "{title}");
}

#[test]
fn every_cached_regions_count_shows_at_start_up() {
    let mut app = app_at(t0(), (120, 30));
    app.start();
    app.update(Action::CachedRegionsLoaded {
        profile: "dev".into(),
        regions: regions(),
        age: Duration::from_secs(120),
    });
    app.update(Action::CachedCountsLoaded {
        profile: "dev".into(),
        counts: vec![("cn-shanghai".into(), 1_234), ("cn-beijing".into(), 7)],
    });
    assert!(region_row(&app, "cn-shanghai").contains("1,234"));
    assert!(region_row(&app, "cn-beijing").contains(" 7 "));
    assert_eq!(app.region_count("cn-hangzhou"), None, "not kept");
    // Counts of another profile's cache are not this one's.
    app.update(Action::CachedCountsLoaded {
        profile: "prod".into(),
        counts: vec![("cn-hangzhou".into(), 99)],
    });
    assert_eq!(app.region_count("cn-hangzhou"), None);
}

#[test]
fn a_run_resumed_in_all_regions_stays_there_when_the_cached_list_comes() {
    use ecs_tui::app::sort::{Sort, SortKey};
    let mut app = App::new(profiles(), 0, None, t0(), (120, 30));
    let sort = Sort {
        key: SortKey::Age,
        reverse: true,
    };
    app.resume(true, Some(sort), Some(ecs_tui::app::Focus::Instances));
    app.start();
    app.update(Action::CachedRegionsLoaded {
        profile: "dev".into(),
        regions: regions(),
        age: Duration::from_secs(60),
    });
    assert!(
        app.all.active && app.current_region.is_none(),
        "still All regions"
    );
    assert_eq!(app.sort, Some(sort));
    assert_eq!(app.focus, ecs_tui::app::Focus::Instances);
}
