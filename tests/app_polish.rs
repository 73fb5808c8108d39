//! `App::update` behaviour found in a new user's trial: progress messages and the help scroll.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, Command};

#[test]
fn the_refreshing_message_goes_when_the_refresh_is_done() {
    let mut app = loaded_app(t0(), (120, 35), 40);
    let commands = app.update(Action::RefreshAll);
    assert!(app.flash.as_ref().unwrap().text.starts_with("refreshing"));
    let fetches: Vec<(String, u64)> = commands
        .iter()
        .filter_map(|c| match c {
            Command::FetchInstances {
                region, generation, ..
            } => Some((region.clone(), *generation)),
            _ => None,
        })
        .collect();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Ok(regions()),
    });
    let (last, rest) = fetches.split_last().unwrap();
    for (region, generation) in rest {
        app.update(instances_loaded(region, *generation, instances(3, region)));
    }
    app.update(Action::Tick);
    assert!(app.flash.is_some(), "{} still loading", last.0);
    app.update(instances_loaded(&last.0, last.1, instances(3, &last.0)));
    // The same instant: not the message's lifetime, the work being done clears it.
    app.update(Action::Tick);
    assert_eq!(app.flash, None);
}

#[test]
fn other_messages_keep_their_lifetime() {
    let mut app = loaded_app(t0(), (120, 35), 40);
    app.update(Action::SelectFavorite(1));
    app.update(Action::Tick);
    assert!(
        app.flash.is_some(),
        "nothing loading does not clear a plain message"
    );
}

fn help_scroll(app: &ecs_tui::app::App) -> usize {
    match app.popup {
        Some(ecs_tui::app::Popup::Help { scroll }) => scroll,
        other => panic!("no help open: {other:?}"),
    }
}

#[test]
fn the_help_scrolls_no_further_than_its_last_line() {
    let mut app = loaded_app(t0(), (60, 20), 40);
    app.update(Action::OpenHelp);
    app.update(Action::SelectLast);
    let lines = ecs_tui::app::help::lines().len();
    // 16 lines in sight inside the border, between the header and the footer: the last one
    // at the bottom.
    assert_eq!(help_scroll(&app), lines - 16);
    app.update(Action::SelectNext);
    app.update(Action::PageDown);
    assert_eq!(help_scroll(&app), lines - 16);
    // A taller terminal shows more, so the furthest scroll shrinks with it.
    app.update(Action::Resize {
        width: 60,
        height: 30,
    });
    assert_eq!(help_scroll(&app), lines - 26);
    app.update(Action::Resize {
        width: 200,
        height: 200,
    });
    assert_eq!(help_scroll(&app), 0, "all of it fits");
}
