//! Every pane state drawn at 80x24, 200x50 and a narrow 60x20, compared with snapshots; and
//! the styles that carry meaning (status colours) asserted on the buffer.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::app::{Action, App, Command};
use ratatui::style::Color;

const SIZES: [(u16, u16); 3] = [(80, 24), (200, 50), (60, 20)];

/// Builds the state at each size and compares the screen with its snapshot.
fn check(state: &str, build: impl Fn((u16, u16)) -> App) {
    check_snapshots!(SIZES, state, build);
}

fn check_answer(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|c| match c {
            Command::CheckPermission { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap()
}

#[test]
fn starting() {
    check("starting", |size| {
        let mut app = app_at(t0(), size);
        app.start();
        app
    });
}

#[test]
fn loaded() {
    check("loaded", |size| later(loaded_app(t0(), size, 40), 12));
}

#[test]
fn loaded_focus_on_instances_scrolled() {
    check("scrolled", |size| {
        let mut app = loaded_app(t0(), size, 40);
        app.update(Action::FocusInstances);
        for _ in 0..30 {
            app.update(Action::SelectNext);
        }
        later(app, 12)
    });
}

#[test]
fn refreshing_keeps_rows() {
    check("refreshing", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        app.update(Action::Refresh);
        app
    });
}

#[test]
fn empty() {
    check("empty", |size| {
        let mut app = loaded_app(t0(), size, 40);
        let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
        let generation = check_answer(&app.update(instances_loaded("cn-shanghai", sh, vec![])));
        app.update(Action::PermissionChecked {
            profile: "dev".into(),
            region: "cn-shanghai".into(),
            generation,
            result: Ok(true),
        });
        later(app, 2)
    });
}

#[test]
fn no_permission() {
    check("no_permission", |size| {
        let mut app = loaded_app(t0(), size, 40);
        app.update(Action::SelectNext);
        let bj = fetch_generation(&app.update(Action::SelectNext), "cn-beijing");
        let generation = check_answer(&app.update(instances_loaded("cn-beijing", bj, vec![])));
        app.update(Action::PermissionChecked {
            profile: "dev".into(),
            region: "cn-beijing".into(),
            generation,
            result: Ok(false),
        });
        later(app, 2)
    });
}

#[test]
fn failed_keeps_stale_rows() {
    check("failed_stale", |size| {
        let mut app = loaded_app(t0(), size, 40);
        app.set_now(t0() + Duration::from_secs(170));
        let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
        app.update(instances_failed("cn-hangzhou", generation, forbidden()));
        later(app, 180)
    });
}

#[test]
fn failed_without_rows() {
    check("failed_empty", |size| {
        let mut app = app_at(t0(), size);
        let commands = app.start();
        app.update(Action::RegionsLoaded {
            profile: "dev".into(),
            generation: regions_generation(&commands),
            result: Ok(regions()),
        });
        let generation = fetch_generation(&commands, "cn-hangzhou");
        app.update(instances_failed("cn-hangzhou", generation, forbidden()));
        later(app, 1)
    });
}

#[test]
fn regions_failed() {
    check("regions_failed", |size| {
        let mut app = app_at(t0(), size);
        let commands = app.start();
        app.update(Action::RegionsLoaded {
            profile: "dev".into(),
            generation: regions_generation(&commands),
            result: Err(forbidden()),
        });
        app
    });
}

#[test]
fn profile_picker() {
    check("profiles", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        app.update(Action::OpenProfiles);
        app.update(Action::SelectNext);
        app
    });
}

#[test]
fn help() {
    check("help", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        app.update(Action::OpenHelp);
        app
    });
}

#[test]
fn all_regions_row() {
    check("all_regions", |size| {
        let mut app = later(loaded_app(t0(), size, 40), 12);
        app.update(Action::SelectAllRegions);
        app
    });
}

#[test]
fn statuses_are_coloured() {
    let app = later(loaded_app(t0(), (200, 50), 40), 12);
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    for (status, colour) in [
        ("Running", Color::Green),
        ("Stopped", Color::DarkGray),
        ("Starting", Color::Yellow),
    ] {
        // Skip the title, which counts statuses in plain text: look below the header row.
        let (x, y) = (3..50)
            .find_map(|y| {
                let line: String = (0..200)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                line.find(&format!(" {status} "))
                    .map(|b| (u16::try_from(line[..b].chars().count() + 1).unwrap(), y))
            })
            .unwrap();
        assert_eq!(buffer[(x, y)].fg, colour, "{status} at {x},{y}");
    }
}

/// The styles the text snapshots cannot show: the focused pane has the accent border and
/// its selection reversed; the other pane's selection keeps a dim background.
#[test]
fn the_selection_and_the_focus_are_styled_in_each_pane() {
    use ratatui::style::Modifier;
    for on_instances in [false, true] {
        let mut app = later(loaded_app(t0(), (120, 30), 40), 12);
        if on_instances {
            app.update(Action::FocusInstances);
        } else {
            app.update(Action::FocusRegions);
        }
        let buffer = draw(&app);
        let split = app.region_pane_width();
        // The region's row in the region pane (the header names it too).
        let (rx, ry) = (2..28)
            .find_map(|y| {
                let row: String = (0..split)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                row.find("cn-hangzhou")
                    .map(|b| (u16::try_from(row[..b].chars().count()).unwrap(), y))
            })
            .unwrap_or_else(|| panic!("{}", screen_text(&buffer)));
        let id = app
            .current_view()
            .unwrap()
            .selected_instance()
            .unwrap()
            .instance_id
            .clone();
        let (ix, iy) = find(&buffer, &id);
        let region = &buffer[(rx + 1, ry)];
        let instance = &buffer[(ix + 1, iy)];
        let (focused, other) = if on_instances {
            (instance, region)
        } else {
            (region, instance)
        };
        assert!(
            focused.modifier.contains(Modifier::REVERSED),
            "on_instances {on_instances}"
        );
        assert!(
            !other.modifier.contains(Modifier::REVERSED),
            "on_instances {on_instances}"
        );
        assert_eq!(other.bg, Color::DarkGray, "on_instances {on_instances}");
        let (region_border, instance_border) = (buffer[(0, 5)].fg, buffer[(split, 5)].fg);
        let accent = ecs_tui::ui::theme::ACCENT;
        if on_instances {
            assert_eq!((region_border, instance_border), (Color::DarkGray, accent));
        } else {
            assert_eq!((region_border, instance_border), (accent, Color::DarkGray));
        }
    }
}

#[test]
fn narrow_screens_drop_the_least_important_columns_but_keep_the_id() {
    use ecs_tui::columns::{Column, DEFAULT_COLUMNS};
    let names = |width| -> Vec<Column> {
        ecs_tui::ui::fit_columns(width)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    };
    assert_eq!(names(10), vec![Column::Id], "the ID stays, however narrow");
    assert_eq!(
        names(26),
        vec![Column::Id],
        "too little room to squeeze NAME in"
    );
    let squeezed = ecs_tui::ui::fit_columns(32);
    assert_eq!(squeezed[1], (Column::Name, 9), "NAME gets what is left");
    assert_eq!(names(400), DEFAULT_COLUMNS.to_vec());
    // Narrow, the least important go first (dates and billing before the addresses); those
    // that stay keep their places.
    let middle = names(80);
    assert_eq!(
        middle,
        [Column::Id, Column::Name, Column::Status, Column::PrivateIp]
    );
}

/// The table's rows on screen: the ids in the order drawn.
fn ids_on_screen(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .filter_map(|y| {
            let row = row_text(buffer, y);
            let at = row.find("i-bp1")?;
            Some(row[at..at + 22].to_owned())
        })
        .collect()
}

/// What a user sees of a big inventory: at the end, the last page in order with the last row
/// chosen; back at the top, the first page. (That only the visible rows are built, whatever
/// the count, is measured by the frame bench in benches/ui.rs at 1,000 and 100,000 rows.)
#[test]
fn a_hundred_thousand_rows_scroll_to_the_end_and_back() {
    let mut app = app_with_rows((120, 30), many(100_000, "cn-hangzhou"));
    app.update(Action::FocusInstances);
    app.update(Action::SelectLast);
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    let shown = ids_on_screen(buffer);
    assert!(shown.len() > 10, "{shown:?}");
    let want: Vec<String> = (100_000 - shown.len()..100_000)
        .map(|n| format!("i-bp1{n:017}"))
        .collect();
    assert_eq!(shown, want);
    let last = app.current_view().unwrap().selected_instance().unwrap();
    assert_eq!(last.instance_id, want[want.len() - 1]);
    let (x, y) = find(buffer, &last.instance_id);
    assert!(
        buffer[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "the last row is the focused selection"
    );
    find(buffer, "100,000");

    app.update(Action::SelectFirst);
    let terminal = render(&app);
    let shown_top = ids_on_screen(terminal.backend().buffer());
    let want: Vec<String> = (0..shown.len()).map(|n| format!("i-bp1{n:017}")).collect();
    assert_eq!(shown_top, want);
}
