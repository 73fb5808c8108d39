//! `App::update` as a state machine: Actions in, state and Commands out, no I/O.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::app::{Action, App, Command, Focus, Outcome, PaneState, Popup, REVALIDATE_AFTER};

fn shown_state(app: &App) -> PaneState {
    app.current_view().expect("a region is shown").state()
}

#[test]
fn start_fetches_the_regions_and_the_profiles_region_at_once() {
    let mut app = app_at(t0(), (120, 40));
    let commands = app.start();
    assert!(matches!(&commands[0], Command::FetchRegions { profile, .. } if profile == "dev"));
    assert!(matches!(&commands[1],
        Command::FetchInstances { profile, region, .. } if profile == "dev" && region == "cn-hangzhou"));
    assert_eq!(app.focus, Focus::Regions);
    assert_eq!(shown_state(&app), PaneState::Loading);
    assert!(app.is_loading());
}

#[test]
fn region_flag_wins_over_the_profiles_region() {
    let mut app = App::new(profiles(), 0, Some("cn-beijing".into()), t0(), (120, 40));
    let commands = app.start();
    fetch_generation(&commands, "cn-beijing");
    assert_eq!(app.current_region.as_deref(), Some("cn-beijing"));
}

#[test]
fn without_a_region_the_first_region_is_shown_once_the_list_arrives() {
    let mut list = profiles();
    list[0].region_id = None;
    let mut app = App::new(list, 0, None, t0(), (120, 40));
    let commands = app.start();
    assert_eq!(commands.len(), 1, "only the region list: {commands:?}");
    let commands = app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(regions()),
    });
    fetch_generation(&commands, "cn-hangzhou");
    assert_eq!(app.region_cursor, 1);
}

#[test]
fn a_region_missing_from_the_list_falls_back_to_the_first_and_says_so() {
    let mut app = App::new(profiles(), 0, Some("xx-nowhere".into()), t0(), (120, 40));
    let commands = app.start();
    let commands = app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(regions()),
    });
    fetch_generation(&commands, "cn-hangzhou");
    assert!(app.flash.as_ref().unwrap().text.contains("xx-nowhere"));
}

#[test]
fn loaded_regions_put_the_cursor_on_the_shown_region() {
    let app = loaded_app(t0(), (120, 40), 5);
    assert_eq!(app.region_cursor, 1);
    assert_eq!(shown_state(&app), PaneState::Loaded);
    assert_eq!(app.current_view().unwrap().rows.len(), 5);
    assert_eq!(app.updated(), Some(t0()));
}

#[test]
fn moving_through_regions_shows_memory_at_once_and_revalidates_later() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    let commands = app.update(Action::SelectNext);
    let sh = fetch_generation(&commands, "cn-shanghai");
    assert_eq!(app.current_region.as_deref(), Some("cn-shanghai"));
    app.update(instances_loaded(
        "cn-shanghai",
        sh,
        instances(3, "cn-shanghai"),
    ));

    // Back to a region seen a moment ago: shown from memory, nothing fetched.
    let commands = app.update(Action::SelectPrev);
    assert_eq!(commands, vec![]);
    assert_eq!(app.current_view().unwrap().rows.len(), 5);

    // Seen a while ago: shown from memory at once, and asked again in the background.
    app.set_now(t + REVALIDATE_AFTER + Duration::from_secs(1));
    app.update(Action::SelectNext);
    assert_eq!(app.current_view().unwrap().rows.len(), 3);
    assert_eq!(shown_state(&app), PaneState::Loaded);
    let commands = app.update(Action::SelectPrev);
    fetch_generation(&commands, "cn-hangzhou");
    assert_eq!(
        shown_state(&app),
        PaneState::Loaded,
        "old rows stay while revalidating"
    );
}

#[test]
fn a_late_answer_for_an_older_request_is_dropped() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.set_now(t + Duration::from_secs(1));
    let commands = app.update(Action::Refresh);
    let newer = fetch_generation(&commands, "cn-hangzhou");
    // An answer carrying another generation (an earlier request) changes nothing.
    app.update(instances_loaded(
        "cn-hangzhou",
        newer - 1,
        instances(99, "cn-hangzhou"),
    ));
    assert_eq!(app.current_view().unwrap().rows.len(), 5);
    app.update(instances_loaded(
        "cn-hangzhou",
        newer,
        instances(7, "cn-hangzhou"),
    ));
    assert_eq!(app.current_view().unwrap().rows.len(), 7);
}

#[test]
fn refresh_keeps_the_selection_by_id_and_the_rows_while_loading() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 50);
    app.update(Action::FocusInstances);
    for _ in 0..10 {
        app.update(Action::SelectNext);
    }
    let before = selected_id(&app);
    let offset = app.current_view().unwrap().offset;

    app.set_now(t + Duration::from_secs(30));
    let commands = app.update(Action::Refresh);
    let generation = fetch_generation(&commands, "cn-hangzhou");
    assert_eq!(
        shown_state(&app),
        PaneState::Loaded,
        "a refresh never blanks the table"
    );
    assert_eq!(app.current_view().unwrap().rows.len(), 50);
    assert_eq!(selected_id(&app), before);

    // A new instance appears first: the cursor follows the instance, not the position.
    let mut rows = vec![instance(900, "cn-hangzhou", "Pending")];
    rows.extend(instances(50, "cn-hangzhou"));
    app.update(instances_loaded("cn-hangzhou", generation, rows));
    assert_eq!(selected_id(&app), before);
    assert_eq!(app.current_view().unwrap().selected, 11);
    assert_eq!(app.current_view().unwrap().offset, offset);
    assert_eq!(app.updated(), Some(t + Duration::from_secs(30)));
}

#[test]
fn refresh_while_loading_does_not_ask_twice() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    assert_eq!(app.update(Action::Refresh).len(), 1);
    assert_eq!(app.update(Action::Refresh), vec![]);
}

#[test]
fn refresh_all_asks_for_every_region_and_the_list() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    let commands = app.update(Action::RefreshAll);
    regions_generation(&commands);
    for r in regions() {
        fetch_generation(&commands, &r.region_id);
    }
}

#[test]
fn an_error_keeps_the_old_rows_and_says_what_failed() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.set_now(t + Duration::from_secs(90));
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(instances_failed("cn-hangzhou", generation, forbidden()));
    let view = app.current_view().unwrap();
    assert_eq!(view.state(), PaneState::Failed);
    assert_eq!(view.rows.len(), 5);
    assert_eq!(view.updated, Some(t), "the rows keep their own age");
    assert_eq!(view.error().unwrap().code(), "Forbidden.RAM");
    assert!(app.flash.as_ref().unwrap().text.contains("Forbidden.RAM"));
}

#[test]
fn an_empty_answer_is_checked_with_dry_run() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    let commands = app.update(instances_loaded("cn-shanghai", sh, vec![]));
    let [
        Command::CheckPermission {
            region, generation, ..
        },
    ] = commands.as_slice()
    else {
        panic!("expected a permission check, got {commands:?}");
    };
    assert_eq!(region, "cn-shanghai");
    assert_eq!(
        shown_state(&app),
        PaneState::Loading,
        "not empty until the check says so"
    );
    app.update(Action::PermissionChecked {
        profile: "dev".into(),
        region: "cn-shanghai".into(),
        generation: *generation,
        result: Ok(true),
    });
    assert_eq!(shown_state(&app), PaneState::Empty);
}

#[test]
fn a_denied_dry_run_means_no_permission() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    let bj = {
        app.update(Action::SelectNext);
        fetch_generation(&app.update(Action::SelectNext), "cn-beijing")
    };
    let commands = app.update(instances_loaded("cn-beijing", bj, vec![]));
    let Command::CheckPermission { generation, .. } = commands[0].clone() else {
        panic!("{commands:?}");
    };
    app.update(Action::PermissionChecked {
        profile: "dev".into(),
        region: "cn-beijing".into(),
        generation,
        result: Ok(false),
    });
    assert_eq!(shown_state(&app), PaneState::NoPermission);
    assert_eq!(app.current_view().unwrap().outcome, Outcome::NoPermission);
}

#[test]
fn switching_profile_cancels_and_starts_over_and_drops_the_old_answers() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    let pending = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(Action::OpenProfiles);
    assert_eq!(app.popup, Some(Popup::Profiles { cursor: 0 }));
    app.update(Action::SelectNext);
    let commands = app.update(Action::Enter);
    assert_eq!(commands[0], Command::CancelAll);
    assert!(matches!(&commands[1], Command::FetchRegions { profile, .. } if profile == "prod"));
    assert!(matches!(&commands[2],
        Command::FetchInstances { profile, region, .. } if profile == "prod" && region == "cn-shanghai"));
    assert_eq!(app.popup, None);
    assert_eq!(app.profile_name(), "prod");
    assert!(!app.views.contains_key("cn-hangzhou"));

    // dev's answer arrives late: dropped, even with a matching generation.
    app.update(instances_loaded(
        "cn-hangzhou",
        pending,
        instances(9, "cn-hangzhou"),
    ));
    assert!(!app.views.contains_key("cn-hangzhou"));
    assert_eq!(shown_state(&app), PaneState::Loading);
}

#[test]
fn choosing_the_current_profile_changes_nothing() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.update(Action::OpenProfiles);
    assert_eq!(app.update(Action::Enter), vec![]);
    assert_eq!(app.current_view().unwrap().rows.len(), 5);
}

#[test]
fn a_failed_region_list_is_shown_and_refresh_asks_again() {
    let mut app = app_at(t0(), (120, 40));
    let commands = app.start();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Err(forbidden()),
    });
    assert!(app.regions.error.is_some());
    let commands = app.update(Action::Refresh);
    regions_generation(&commands);
}

#[test]
fn shrinking_the_terminal_keeps_the_cursor_on_screen() {
    let mut app = loaded_app(t0(), (120, 40), 100);
    app.update(Action::FocusInstances);
    app.update(Action::SelectLast);
    assert_eq!(app.current_view().unwrap().selected, 99);
    app.update(Action::Resize {
        width: 60,
        height: 12,
    });
    let view = app.current_view().unwrap();
    let viewport = app.table_viewport();
    assert!(viewport > 0);
    assert!(view.selected >= view.offset && view.selected < view.offset + viewport);
    // And back to the top, a page at a time.
    app.update(Action::PageUp);
    assert_eq!(app.current_view().unwrap().selected, 99 - viewport);
    app.update(Action::SelectFirst);
    assert_eq!(app.current_view().unwrap().offset, 0);
}

#[test]
fn flashes_clear_by_themselves() {
    let t = t0();
    let mut app = loaded_app(t, (120, 40), 5);
    app.update(Action::RefreshAll);
    assert!(app.flash.is_some());
    app.set_now(t + Duration::from_secs(1));
    app.update(Action::Tick);
    assert!(app.flash.is_some());
    app.set_now(t + Duration::from_secs(30));
    app.update(Action::Tick);
    assert!(app.flash.is_none());
}

#[test]
fn focus_keys_and_popups() {
    let mut app = loaded_app(t0(), (120, 40), 5);
    app.update(Action::Enter);
    assert_eq!(app.focus, Focus::Instances);
    app.update(Action::Back);
    assert_eq!(app.focus, Focus::Regions);
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Instances);
    app.update(Action::FocusPrev);
    assert_eq!(app.focus, Focus::Regions);
    app.update(Action::OpenHelp);
    assert!(matches!(app.popup, Some(Popup::Help { .. })));
    assert_eq!(
        app.update(Action::Refresh),
        vec![],
        "no refresh behind a popup"
    );
    app.update(Action::Back);
    assert_eq!(app.popup, None);
    assert_eq!(app.focus, Focus::Regions, "Esc closed the popup only");
    assert_eq!(app.update(Action::Quit), vec![Command::Quit]);
    assert_eq!(app.update(Action::Suspend), vec![Command::Suspend]);
}
