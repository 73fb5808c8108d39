//! The footer: the focused pane's keys first, then the rest as room allows; flash messages
//! on their own line, never over a hint.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, App};

fn footer(app: &App) -> String {
    row_text(&draw(app), app.height - 1)
}

/// Where each of `hints` starts in the footer (panics when one is missing).
fn places(line: &str, hints: &[&str]) -> Vec<usize> {
    hints
        .iter()
        .map(|h| {
            line.find(&format!(" {h}  "))
                .or_else(|| line.trim_end().ends_with(h).then(|| line.trim_end().len()))
                .unwrap_or_else(|| panic!("{h:?} not in {line:?}"))
        })
        .collect()
}

const INSTANCE_KEYS: [&str; 6] = [
    "d describe",
    "y json",
    "c copy",
    "s ssh",
    "o console",
    "^s save",
];

#[test]
fn a_wide_footer_shows_every_instance_key_from_either_pane() {
    let mut app = loaded_app(t0(), (200, 50), 40);
    for focus in [Action::FocusRegions, Action::FocusInstances] {
        app.update(focus);
        let line = footer(&app);
        places(&line, &INSTANCE_KEYS);
        places(
            &line,
            &["r refresh", "p profile", "z zoom", "? help", "q quit"],
        );
    }
}

#[test]
fn the_focused_panes_keys_come_first() {
    let mut app = loaded_app(t0(), (200, 50), 40);
    app.update(Action::FocusInstances);
    let line = footer(&app);
    let on_table = places(&line, &["/ filter", "d describe", "^s save", "r refresh"]);
    assert!(on_table.is_sorted(), "{line}");
    // At 80 columns the table's keys are the ones that stay.
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    let line = footer(&app);
    places(
        &line,
        &["/ filter", "d describe", "y json", "? help", "q quit"],
    );
    assert!(!line.contains("p profile"), "{line}");

    app.update(Action::FocusRegions);
    let line = footer(&app);
    places(&line, &["Enter instances", "/ filter", "? help", "q quit"]);
}

#[test]
fn with_the_regions_focused_the_footer_says_the_sort_keys_work() {
    let mut app = loaded_app(t0(), (120, 35), 40);
    app.update(Action::FocusRegions);
    let line = footer(&app);
    places(&line, &["Enter instances", "N/S/T/Z/A/P sort"]);
}

#[test]
fn a_flash_has_its_own_line_and_hides_no_hint() {
    for size in [(80, 24), (120, 35), (200, 50)] {
        let mut app = loaded_app(t0(), size, 40);
        app.update(Action::FocusInstances);
        let quiet = footer(&app);
        let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
        app.update(instances_failed("cn-hangzhou", generation, forbidden()));
        assert!(app.flash.is_some());
        let b = draw(&app);
        assert_eq!(row_text(&b, size.1 - 1), quiet, "{size:?}");
        // On the line above the footer, the panes' bottom border, whose ends stay.
        let above = row_text(&b, size.1 - 2);
        assert!(above.contains("Forbidden.RAM"), "{size:?}: {above}");
        assert!(above.starts_with('└') && above.ends_with("─┘"), "{above}");
    }
}
