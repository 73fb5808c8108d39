//! `App::update` for finding things: the `/` filter (text, inverse, fuzzy, tag → API), sorting
//! with the selection kept, "All regions" (cap, streaming, failures, stale answers),
//! favourites, the error log, auto-refresh and the mouse.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::api::{Instance, Tag};
use ecs_tui::app::all_regions::REGIONS_AT_ONCE;
use ecs_tui::app::sort::SortKey;
use ecs_tui::app::{Action, App, Command, Focus, PaneState, Popup};
use ecs_tui::keys::Scope;

fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    for c in text.chars() {
        commands.extend(app.update(Action::FilterInput(c)));
    }
    commands
}

fn filter(app: &mut App, text: &str) -> Vec<Command> {
    app.update(Action::OpenFilter);
    app.update(Action::FilterClearInput);
    type_text(app, text)
}

fn shown_names(app: &App) -> Vec<String> {
    let view = app.current_view().unwrap();
    view.index
        .iter()
        .map(|&i| view.rows[i].instance_name.clone())
        .collect()
}

fn tagged(n: usize, region: &str, key: &str, value: &str) -> Instance {
    let mut i = instance(n, region, "Running");
    i.tags.push(Tag {
        key: key.into(),
        value: value.into(),
    });
    i
}

#[test]
fn typing_filters_live_any_column_case_insensitive() {
    let mut app = loaded_app(t0(), (120, 40), 40);
    assert_eq!(filter(&mut app, "WEB-1"), vec![]);
    assert_eq!(app.scope(), Scope::Filter);
    assert_eq!(app.focus, Focus::Instances);
    let names = shown_names(&app);
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("web-1")));

    // Another column: the zone, the private IP.
    filter(&mut app, "10.0.0.7");
    assert_eq!(shown_names(&app), ["web-06"]);
    // Backspace widens again, live.
    app.update(Action::FilterDelete);
    assert!(shown_names(&app).len() > 1);

    // Enter keeps it and leaves the text field; the table is focused.
    app.update(Action::ApplyFilter);
    assert_eq!(app.scope(), Scope::Instances);
    assert!(app.filter.is_active());
    assert!(shown_names(&app).len() > 1);
    // Esc in the table clears it; a second Esc goes back to the regions.
    app.update(Action::Back);
    assert_eq!(shown_names(&app).len(), 40);
    assert_eq!(app.focus, Focus::Instances);
    app.update(Action::Back);
    assert_eq!(app.focus, Focus::Regions);
}

#[test]
fn tags_are_searched_too() {
    let mut app = loaded_app(t0(), (120, 40), 3);
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    let mut rows = instances(3, "cn-hangzhou");
    rows.push(tagged(50, "cn-hangzhou", "team", "Payments"));
    app.update(instances_loaded("cn-hangzhou", generation, rows));
    filter(&mut app, "team=pay");
    assert_eq!(shown_names(&app), ["web-50"]);
    filter(&mut app, "payments");
    assert_eq!(shown_names(&app), ["web-50"]);
}

#[test]
fn inverse_and_fuzzy() {
    let mut app = loaded_app(t0(), (120, 40), 14);
    filter(&mut app, "!running");
    let names = shown_names(&app);
    let view = app.current_view().unwrap();
    assert!(view.index.iter().all(|&i| view.rows[i].status != "Running"));
    assert_eq!(names, ["web-03", "web-05", "web-06", "web-10", "web-12"]);

    // Fuzzy: letters in order with gaps; the best match first when no sort is chosen.
    filter(&mut app, "-f wb13");
    assert_eq!(shown_names(&app), ["web-13"]);
    filter(&mut app, "-f wb1");
    let names = shown_names(&app);
    assert_eq!(names.len(), 5, "web-10 to web-13, web-01: {names:?}");
    assert!(!names.contains(&"web-02".to_owned()));
    // Esc while typing clears everything.
    app.update(Action::ClearFilter);
    assert_eq!(shown_names(&app).len(), 14);
    assert!(!app.filter.editing);
    assert_eq!(app.filter.text, "");
}

#[test]
fn a_tag_filter_asks_the_api_and_drops_answers_to_the_old_question() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.set_now(t + Duration::from_secs(1));
    // Typing a tag filter filters nothing locally and asks nothing yet.
    assert_eq!(filter(&mut app, "-t env=prod"), vec![]);
    assert_eq!(shown_names(&app).len(), 5);
    let before = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");

    // Enter sends it to the API with the region shown.
    let commands = app.update(Action::ApplyFilter);
    let [
        Command::FetchInstances {
            region,
            tags,
            generation,
            ..
        },
    ] = commands.as_slice()
    else {
        panic!("expected one fetch, got {commands:?}");
    };
    assert_eq!(region, "cn-hangzhou");
    assert_eq!(tags, &vec![("env".to_owned(), Some("prod".to_owned()))]);
    assert_ne!(
        *generation, before,
        "the earlier, untagged fetch is superseded"
    );
    let tagged_generation = *generation;

    // The untagged answer arrives late: it is the region's inventory, not an answer to the
    // tag query, so it is not shown (no row of it carries the tag) but it counts.
    app.update(instances_loaded(
        "cn-hangzhou",
        before,
        instances(30, "cn-hangzhou"),
    ));
    assert_eq!(shown_names(&app), Vec::<String>::new());
    assert_eq!(app.region_count("cn-hangzhou"), Some(30));
    app.update(instances_loaded(
        "cn-hangzhou",
        tagged_generation,
        vec![tagged(1, "cn-hangzhou", "env", "prod")],
    ));
    assert_eq!(shown_names(&app), ["web-01"]);
    assert_eq!(app.tags, vec![("env".to_owned(), Some("prod".to_owned()))]);

    // Another region is asked with the tag too.
    let commands = app.update(Action::FocusRegions);
    assert_eq!(commands, vec![]);
    let commands = app.update(Action::SelectNext);
    assert!(matches!(&commands[0],
        Command::FetchInstances { region, tags, .. } if region == "cn-shanghai" && tags.len() == 1));

    // Esc drops the tag and asks again without it.
    let commands = app.update(Action::Back);
    assert!(matches!(&commands[0],
        Command::FetchInstances { region, tags, .. } if region == "cn-shanghai" && tags.is_empty()));
    assert!(app.tags.is_empty());

    // `-t key` asks for the key with any value.
    filter(&mut app, "-t team");
    let commands = app.update(Action::ApplyFilter);
    assert!(matches!(&commands[0],
        Command::FetchInstances { tags, .. } if tags == &vec![("team".to_owned(), None)]));
}

#[test]
fn sorting_reverses_on_the_same_key_and_keeps_the_selection() {
    let mut app = loaded_app(t0(), (120, 40), 30);
    app.update(Action::FocusInstances);
    for _ in 0..4 {
        app.update(Action::SelectNext);
    }
    let chosen = selected_id(&app);

    app.update(Action::SortBy(SortKey::Name));
    let names = shown_names(&app);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(selected_id(&app), chosen);

    app.update(Action::SortBy(SortKey::Name));
    assert!(app.sort.unwrap().reverse);
    let names = shown_names(&app);
    sorted.reverse();
    assert_eq!(names, sorted);
    assert_eq!(selected_id(&app), chosen);
    assert_eq!(app.current_view().unwrap().selected, 25);

    // Status: by lifecycle (Starting before Running, Stopped last); equal keys keep their order.
    app.update(Action::SortBy(SortKey::Status));
    let view = app.current_view().unwrap();
    let statuses: Vec<&str> = view
        .index
        .iter()
        .map(|&i| view.rows[i].status.as_str())
        .collect();
    // The oracle: the API's order (positions 0..n), stably sorted by lifecycle rank. Equal
    // statuses keep the API's order, not the name order shown before.
    let lifecycle = ["Starting", "Running", "Stopped"];
    let rank = |s: &str| lifecycle.iter().position(|l| *l == s);
    let mut want: Vec<usize> = (0..view.rows.len()).collect();
    want.sort_by_key(|&i| rank(&view.rows[i].status));
    assert_eq!(view.index, want);
    // Not vacuous: the fixture has every status, Running and Stopped many times (equal keys
    // to keep in order), and alphabetical order (Running < Starting) would differ.
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    assert!(count("Starting") >= 1 && count("Running") > 1 && count("Stopped") > 1);
    let first = |status| statuses.iter().position(|s| *s == status).unwrap();
    assert!(first("Starting") < first("Running"), "{statuses:?}");
    assert!(first("Running") < first("Stopped"), "{statuses:?}");
    assert!(!app.sort.unwrap().reverse, "another key starts ascending");
    assert_eq!(selected_id(&app), chosen);
}

#[test]
fn a_filter_that_hides_the_selection_gives_it_back_when_cleared() {
    let mut app = loaded_app(t0(), (120, 40), 30);
    app.update(Action::FocusInstances);
    for _ in 0..12 {
        app.update(Action::SelectNext);
    }
    let chosen = selected_id(&app);
    assert!(chosen.ends_with("12"));
    filter(&mut app, "web-2");
    assert_eq!(app.current_view().unwrap().selected, 0);
    assert!(shown_names(&app).iter().all(|n| n.starts_with("web-2")));
    app.update(Action::ClearFilter);
    assert_eq!(selected_id(&app), chosen);
    // Kept while the filter includes it.
    filter(&mut app, "web-1");
    assert_eq!(selected_id(&app), chosen);
}

#[test]
fn sort_and_filter_follow_to_other_regions_and_answers() {
    let mut app = loaded_app(t0(), (120, 40), 20);
    app.update(Action::SortBy(SortKey::Name));
    app.update(Action::SortBy(SortKey::Name));
    filter(&mut app, "web-1");
    app.update(Action::ApplyFilter);
    app.update(Action::FocusRegions);
    let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    app.update(instances_loaded(
        "cn-shanghai",
        sh,
        instances(15, "cn-shanghai"),
    ));
    assert_eq!(
        shown_names(&app),
        ["web-14", "web-13", "web-12", "web-11", "web-10"]
    );
}

/// Starts "All regions" on a loaded app; the fetches it asked for.
fn all_regions(app: &mut App) -> Vec<Command> {
    app.update(Action::SelectAllRegions)
}

fn fetched_regions(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::FetchInstances { region, .. } => Some(region.clone()),
            _ => None,
        })
        .collect()
}

fn many_regions(n: usize) -> Vec<ecs_tui::api::Region> {
    (0..n)
        .map(|i| region(&format!("xx-region-{i:02}"), "Somewhere"))
        .collect()
}

#[test]
fn all_regions_fetch_under_a_cap_and_stream_in_as_they_answer() {
    let mut app = app_at(t0(), (120, 40));
    let commands = app.start();
    // Without a region to start in, the first region is shown (and fetched) at once.
    let listed = app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(many_regions(10)),
    });
    let g0 = fetch_generation(&listed, "xx-region-00");
    let commands = all_regions(&mut app);
    let first = fetched_regions(&commands);
    assert_eq!(
        first.len() + 1,
        REGIONS_AT_ONCE,
        "one is running: {first:?}"
    );
    assert_eq!(app.all_regions_progress(), (0, 10));
    assert_eq!(app.current_view().unwrap().state(), PaneState::Loading);

    // The third region answers first: its rows are shown at once, and one more is asked.
    let g2 = fetch_generation(&commands, "xx-region-02");
    let more = app.update(instances_loaded(
        "xx-region-02",
        g2,
        instances(3, "xx-region-02"),
    ));
    assert_eq!(fetched_regions(&more), ["xx-region-06"]);
    assert_eq!(app.all_regions_progress(), (1, 10));
    let view = app.current_view().unwrap();
    assert_eq!(view.state(), PaneState::Loaded);
    assert_eq!(view.rows.len(), 3);

    // Then the first: its rows come after, in the order of answers.
    app.update(instances_loaded(
        "xx-region-00",
        g0,
        instances(2, "xx-region-00"),
    ));
    let view = app.current_view().unwrap();
    let regions: Vec<&str> = view
        .index
        .iter()
        .map(|&i| view.rows[i].region_id.as_str())
        .collect();
    assert_eq!(
        regions,
        [
            "xx-region-02",
            "xx-region-02",
            "xx-region-02",
            "xx-region-00",
            "xx-region-00"
        ]
    );
    // The region pane counts them as they come.
    assert_eq!(app.views["xx-region-02"].rows.len(), 3);
}

#[test]
fn refreshing_every_region_in_all_regions_keeps_the_cap() {
    let mut app = app_at(t0(), (120, 40));
    let commands = app.start();
    let listed = app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(many_regions(10)),
    });
    // Answer every fetch, and those the answers lead to, until all ten regions are in.
    let mut pending = all_regions(&mut app);
    pending.extend(listed);
    while let Some(command) = pending.pop() {
        if let Command::FetchInstances {
            region, generation, ..
        } = command
        {
            pending.extend(app.update(instances_loaded(
                &region,
                generation,
                instances(2, &region),
            )));
        }
    }
    assert_eq!(app.all_regions_progress(), (10, 10));
    assert_eq!(app.current_view().unwrap().rows.len(), 20);
    let commands = app.update(Action::RefreshAll);
    regions_generation(&commands);
    let asked = fetched_regions(&commands);
    assert_eq!(asked.len(), REGIONS_AT_ONCE, "{asked:?}");
}

#[test]
fn all_regions_with_one_region_failing_keeps_the_rest_usable() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.set_now(t0() + REVALIDATE);
    let commands = all_regions(&mut app);
    assert_eq!(
        fetched_regions(&commands),
        ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"]
    );
    for (region, count) in [
        ("cn-hangzhou", 5),
        ("cn-shanghai", 4),
        ("ap-southeast-1", 2),
    ] {
        app.update(instances_loaded(
            region,
            fetch_generation(&commands, region),
            instances(count, region),
        ));
    }
    let generation = fetch_generation(&commands, "cn-beijing");
    app.update(instances_failed("cn-beijing", generation, forbidden()));
    assert_eq!(app.all_regions_progress(), (4, 4));
    assert_eq!(
        app.updated(),
        Some(t0() + REVALIDATE),
        "the header's age is of the rows, not of the region list"
    );
    let failed = app.failed_regions();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, "cn-beijing");
    assert_eq!(app.current_view().unwrap().rows.len(), 11);
    assert_eq!(app.table_banner_lines(), 2, "heading and one region");
    // Still usable: filter and move.
    filter(&mut app, "ap-southeast");
    app.update(Action::ApplyFilter);
    assert_eq!(shown_names(&app).len(), 2);
    app.update(Action::SelectNext);
    assert_eq!(app.current_view().unwrap().selected, 1);
    // The failure is in the error log with its region and RequestId.
    let entry = app.errors.last().unwrap();
    assert_eq!(entry.region.as_deref(), Some("cn-beijing"));
    assert_eq!(entry.code, "Forbidden.RAM");
    assert_eq!(
        entry.request_id.as_deref(),
        Some("7A1B2C3D-0000-4E5F-8A9B-123456789ABC")
    );

    // `r` asks every region again.
    app.update(Action::ClearFilter);
    let again = app.update(Action::Refresh);
    assert_eq!(fetched_regions(&again).len(), 4);
}

const REVALIDATE: Duration = Duration::from_secs(60);

#[test]
fn all_regions_drops_stale_answers() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.set_now(t0() + REVALIDATE);
    let commands = all_regions(&mut app);
    let old = fetch_generation(&commands, "cn-shanghai");
    // The question changes (a tag filter): every region is asked again.
    filter(&mut app, "-t env=prod");
    let commands = app.update(Action::ApplyFilter);
    assert_eq!(fetched_regions(&commands).len(), 4);
    let new = fetch_generation(&commands, "cn-shanghai");
    app.update(instances_loaded(
        "cn-shanghai",
        old,
        instances(9, "cn-shanghai"),
    ));
    assert!(
        app.views["cn-shanghai"].rows.is_empty(),
        "the inventory's answer is not the tag query's"
    );
    // Until cn-hangzhou answers the tag query, it shows the rows of its inventory that
    // carry the tag: none.
    assert_eq!(app.current_view().unwrap().rows.len(), 0);
    app.update(instances_loaded(
        "cn-shanghai",
        new,
        vec![tagged(1, "cn-shanghai", "env", "prod")],
    ));
    assert_eq!(app.current_view().unwrap().rows.len(), 1);

    // An answer for a profile left behind is dropped too.
    app.update(Action::OpenProfiles);
    app.update(Action::SelectNext);
    app.update(Action::Enter);
    app.update(instances_loaded(
        "cn-beijing",
        fetch_generation(&commands, "cn-beijing"),
        instances(4, "cn-beijing"),
    ));
    assert!(!app.views.contains_key("cn-beijing"));
    assert!(!app.all.active);
}

#[test]
fn all_regions_before_the_region_list_waits_for_it() {
    let mut list = profiles();
    list[0].region_id = None;
    let mut app = App::new(list, 0, None, t0(), (120, 40));
    let start = app.start();
    assert_eq!(all_regions(&mut app), vec![]);
    let commands = app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    assert_eq!(fetched_regions(&commands).len(), 4);
    assert_eq!(app.current_region, None, "stays in All regions");
    assert_eq!(app.region_cursor, 0);
}

#[test]
fn leaving_all_regions_stops_the_queue() {
    let mut app = app_at(t0(), (120, 40));
    let commands = app.start();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(many_regions(10)),
    });
    let commands = all_regions(&mut app);
    app.update(Action::SelectNext);
    assert!(!app.all.active);
    let g = fetch_generation(&commands, "xx-region-03");
    let more = app.update(instances_loaded("xx-region-03", g, vec![]));
    assert!(
        fetched_regions(&more).is_empty(),
        "no more regions asked: {more:?}"
    );
}

fn with_favorites(app: &mut App) {
    app.ui.favorite_regions = vec![
        "ap-southeast-1".into(),
        "cn-beijing".into(),
        "xx-none".into(),
    ];
}

#[test]
fn favourites_jump_to_their_regions() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    with_favorites(&mut app);
    let commands = app.update(Action::SelectFavorite(1));
    fetch_generation(&commands, "ap-southeast-1");
    assert_eq!(app.current_region.as_deref(), Some("ap-southeast-1"));
    assert_eq!(app.region_cursor, 4);
    app.update(Action::SelectFavorite(2));
    assert_eq!(app.current_region.as_deref(), Some("cn-beijing"));
    assert_eq!(app.region_cursor, 3);

    // Not in the account, or not configured: said, and nothing moves.
    assert_eq!(app.update(Action::SelectFavorite(3)), vec![]);
    assert!(app.flash.as_ref().unwrap().text.contains("xx-none"));
    assert_eq!(app.update(Action::SelectFavorite(7)), vec![]);
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("favorite_regions")
    );
    assert_eq!(app.current_region.as_deref(), Some("cn-beijing"));

    // From "All regions" too.
    app.update(Action::SelectAllRegions);
    app.update(Action::SelectFavorite(1));
    assert!(!app.all.active);
    assert_eq!(app.current_region.as_deref(), Some("ap-southeast-1"));
}

#[test]
fn the_error_log_keeps_every_failure_and_scrolls() {
    let t = t0();
    let mut app = app_at(t, (120, 40));
    let commands = app.start();
    app.set_now(t + Duration::from_secs(3));
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Err(forbidden()),
    });
    let generation = fetch_generation(&commands, "cn-hangzhou");
    app.update(instances_failed("cn-hangzhou", generation, forbidden()));
    assert_eq!(app.errors.len(), 2);
    let first = &app.errors[0];
    assert_eq!(first.action, "DescribeRegions");
    assert_eq!(first.region, None);
    assert_eq!(first.profile, "dev");
    assert_eq!(first.at, t + Duration::from_secs(3));
    assert_eq!(
        first.message,
        "User not authorized to operate on the specified resource."
    );
    assert_eq!(app.errors[1].region.as_deref(), Some("cn-hangzhou"));

    app.update(Action::OpenErrors);
    assert_eq!(app.scope(), Scope::Errors);
    app.update(Action::SelectNext);
    assert_eq!(app.popup, Some(Popup::Errors { scroll: 1 }));
    app.update(Action::SelectNext);
    assert_eq!(
        app.popup,
        Some(Popup::Errors { scroll: 1 }),
        "stops at the end"
    );
    app.update(Action::Back);
    assert_eq!(app.popup, None);
}

#[test]
fn a_refused_dry_run_is_logged_too() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    let commands = app.update(instances_loaded("cn-shanghai", sh, vec![]));
    let Command::CheckPermission { generation, .. } = commands[0].clone() else {
        panic!("{commands:?}");
    };
    app.update(Action::PermissionChecked {
        profile: "dev".into(),
        region: "cn-shanghai".into(),
        generation,
        result: Ok(false),
    });
    assert_eq!(app.errors.len(), 1);
    assert_eq!(app.errors[0].code, "NoPermission");
}

#[test]
fn auto_refresh_waits_for_popups_and_typing() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.ui.refresh_interval = Some(Duration::from_secs(60));
    assert_eq!(app.update(Action::Tick), vec![]);
    app.set_now(t + Duration::from_secs(30));
    assert_eq!(app.update(Action::Tick), vec![]);

    app.update(Action::OpenHelp);
    app.set_now(t + Duration::from_secs(61));
    assert_eq!(app.update(Action::Tick), vec![], "paused under a popup");
    app.update(Action::Back);
    app.update(Action::OpenFilter);
    assert_eq!(app.update(Action::Tick), vec![], "paused while typing");
    app.update(Action::ApplyFilter);
    let commands = app.update(Action::Tick);
    fetch_generation(&commands, "cn-hangzhou");
    // And not again before the next interval.
    app.update(instances_loaded(
        "cn-hangzhou",
        fetch_generation(&commands, "cn-hangzhou"),
        instances(5, "cn-hangzhou"),
    ));
    app.set_now(t + Duration::from_secs(100));
    assert_eq!(app.update(Action::Tick), vec![]);
    app.set_now(t + Duration::from_secs(122));
    fetch_generation(&app.update(Action::Tick), "cn-hangzhou");
}

#[test]
fn auto_refresh_is_off_by_default() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.set_now(t + Duration::from_secs(3600));
    assert_eq!(app.update(Action::Tick), vec![]);
}

#[test]
fn the_mouse_selects_and_scrolls_only_when_enabled() {
    let mut app = loaded_app(t0(), (120, 40), 50);
    // Region pane is 34 wide at 120 columns; its rows start on line 2, the table's on 3.
    assert_eq!(app.update(Action::Click { column: 50, row: 8 }), vec![]);
    assert_eq!(app.current_view().unwrap().selected, 0, "off by default");

    app.ui.mouse = true;
    app.update(Action::Click { column: 50, row: 8 });
    assert_eq!(app.focus, Focus::Instances);
    assert_eq!(app.current_view().unwrap().selected, 5);
    app.update(Action::Scroll {
        column: 50,
        row: 8,
        down: true,
    });
    assert_eq!(app.current_view().unwrap().selected, 8);

    // A click on the third region shows it.
    // Line 2 is "All regions", 3 cn-hangzhou, 4 cn-shanghai, 5 cn-beijing.
    let commands = app.update(Action::Click { column: 5, row: 5 });
    fetch_generation(&commands, "cn-beijing");
    assert_eq!(app.focus, Focus::Regions);
    assert_eq!(app.region_cursor, 3);
    // The wheel over the regions walks them.
    let commands = app.update(Action::Scroll {
        column: 5,
        row: 5,
        down: true,
    });
    fetch_generation(&commands, "ap-southeast-1");
}

#[test]
fn a_filter_over_a_hundred_thousand_rows() {
    let mut app = app_with_rows((120, 30), many(100_000, "cn-hangzhou"));
    // `many` names instance n `web-{n:02}`: "web-9999" matches 9999 and 99990..=99999.
    filter(&mut app, "web-9999");
    let view = app.current_view().unwrap();
    assert_eq!(view.index.len(), 11);
    assert!(
        view.index
            .iter()
            .all(|&i| view.rows[i].instance_name.contains("web-9999"))
    );
    filter(&mut app, "!stopped");
    let view = app.current_view().unwrap();
    let stopped = view.rows.iter().filter(|r| r.status == "Stopped").count();
    assert_eq!(view.index.len(), 100_000 - stopped);
    app.update(Action::ApplyFilter);
    app.update(Action::SortBy(SortKey::Name));
    let view = app.current_view().unwrap();
    assert_eq!(view.index.len(), 100_000 - stopped);
    assert!(view.index.windows(2).all(|w| {
        view.rows[w[0]].instance_name.to_lowercase() <= view.rows[w[1]].instance_name.to_lowercase()
    }));
}

#[test]
fn sorting_from_the_region_pane_sorts_the_table_and_says_so() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.update(Action::FocusRegions);
    app.update(Action::SortBy(SortKey::Name));
    assert_eq!(app.focus, Focus::Regions, "the focus stays");
    assert_eq!(shown_names(&app)[0], "web-00");
    assert_eq!(app.flash.as_ref().unwrap().text, "sorted by name▲");
    app.update(Action::SortBy(SortKey::Name));
    assert_eq!(shown_names(&app)[0], "web-04", "again reverses");
    assert_eq!(app.flash.as_ref().unwrap().text, "sorted by name▼");
    app.update(Action::SortBy(SortKey::Age));
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        "sorted by age▲ (oldest first)"
    );
}

#[test]
fn q_in_the_describe_view_goes_back_to_the_table_not_out_of_the_app() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.update(Action::FocusInstances);
    app.update(Action::Describe);
    assert_eq!(app.scope(), Scope::Detail);
    let q = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('q'),
        crossterm::event::KeyModifiers::NONE,
    );
    let action = ecs_tui::keys::action_for(&q, app.scope()).unwrap();
    assert_eq!(app.update(action), vec![], "no Quit");
    assert!(app.detail.is_none());
    assert_eq!(app.scope(), Scope::Instances);
}
