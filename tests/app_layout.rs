//! The state behind the layout: the sort orders the table keeps, and hiding the region pane.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::Action;
use ecs_tui::app::sort::SortKey;

/// The statuses of the table's rows, in display order, each once.
fn statuses(app: &ecs_tui::app::App) -> Vec<String> {
    let view = app.current_view().unwrap();
    let mut seen: Vec<String> = Vec::new();
    for &i in &view.index {
        let status = &view.rows[i].status;
        if seen.last() != Some(status) {
            seen.push(status.clone());
        }
    }
    seen
}

#[test]
fn status_sorts_by_lifecycle_not_alphabet() {
    let lifecycle = ["Stopped", "Running", "Starting", "Pending", "Stopping"];
    let mut rows = instances(10, "cn-hangzhou");
    for (n, i) in rows.iter_mut().enumerate() {
        i.status = lifecycle[n % lifecycle.len()].into();
    }
    rows[9].status = "Rebooting".into();
    let mut app = app_with_rows((120, 30), rows);
    app.update(Action::SortBy(SortKey::Status));
    // A status the lifecycle does not name comes after the ones it does.
    assert_eq!(
        statuses(&app),
        [
            "Pending",
            "Starting",
            "Running",
            "Stopping",
            "Stopped",
            "Rebooting"
        ]
    );
    app.update(Action::SortBy(SortKey::Status));
    assert_eq!(
        statuses(&app),
        [
            "Rebooting",
            "Stopped",
            "Stopping",
            "Running",
            "Starting",
            "Pending"
        ]
    );
}

#[test]
fn z_and_ctrl_e_hide_the_region_pane_and_focus_the_table() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ecs_tui::app::Focus;
    use ecs_tui::keys::{Scope, action_for};
    for (key, modifiers) in [('z', KeyModifiers::NONE), ('e', KeyModifiers::CONTROL)] {
        let event = KeyEvent::new(KeyCode::Char(key), modifiers);
        for scope in [Scope::Regions, Scope::Instances] {
            assert_eq!(action_for(&event, scope), Some(Action::ToggleRegions));
        }
    }
    let mut app = loaded_app(t0(), (120, 35), 40);
    assert_eq!(app.focus, Focus::Regions);
    let pane = app.region_pane_width();
    app.update(Action::ToggleRegions);
    assert_eq!(
        app.focus,
        Focus::Instances,
        "the table has the whole screen"
    );
    assert_eq!(app.region_pane_width(), 0);
    app.update(Action::ToggleRegions);
    assert_eq!(app.region_pane_width(), pane);
}
