//! Names with escape sequences, control characters, bidi overrides and wide or zero-width
//! characters, wherever the service can put them (instances, regions, error codes and
//! messages) and the config can (profile names), drawn by the browser: the screen holds no
//! control character or bidi override, and columns and borders stay where they belong.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::{draw, fetch_generation, region, regions_generation, row_text, screen_text, t0};
use ecs_tui::api::{ApiError, Error, Instance};
use ecs_tui::app::{Action, App, Outcome, ProfileInfo};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use serde_json::value::RawValue;

const HOSTILE: [&str; 14] = [
    "\u{1b}[2J\u{1b}[Hclear-screen",
    "\u{1b}]0;pwned\u{7}title",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{9b}31mc1-csi",
    "\u{202E}evil-gnp.exe",
    "\u{2066}isolate\u{2069}",
    "tab\there\r\nnewline",
    "del\u{7f}bell\u{7}",
    "名字名字名字名字名字名字名字名字",
    "e\u{301}\u{301}\u{301}combining",
    "zero\u{200b}width\u{feff}",
    "👩\u{200d}👩\u{200d}👧family",
    "\u{0}nul",
    "",
];

fn bad(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn instance(n: usize, name: &str) -> Instance {
    let raw = serde_json::json!({
        "InstanceId": format!("i-{n:04}"), "InstanceName": name, "Status": "Running",
        "InstanceType": name, "RegionId": "cn-hangzhou", "ZoneId": name,
        "VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["10.0.0.1"]}},
        "Tags": {"Tag": [{"TagKey": name, "TagValue": name}]},
    });
    Instance::from_raw(RawValue::from_string(raw.to_string()).unwrap()).unwrap()
}

fn hostile_error(text: &str) -> Error {
    Error::Api(Box::new(ApiError {
        http_status: 400,
        code: format!("Bad{text}"),
        message: format!("message {text}"),
        request_id: format!("REQ{text}"),
        host_id: String::new(),
        recommend: String::new(),
        key_origin: None,
    }))
}

/// The browser with `names` as instance names (and types, zones, tags), `name` as a region's
/// local name and the profile's name, and a failed region whose error holds `name`.
fn app_with(names: &[String], name: &str, size: (u16, u16)) -> App {
    let profile = ProfileInfo {
        name: format!("p{name}"),
        source: name.to_owned(),
        mode: "AK".into(),
        region_id: Some("cn-hangzhou".into()),
        masked_key_id: "LTAI****x7Qa".into(),
        problem: None,
    };
    let profile_name = profile.name.clone();
    let mut app = App::new(vec![profile], 0, None, t0(), size);
    let start = app.start();
    app.update(Action::RegionsLoaded {
        profile: profile_name.clone(),
        generation: regions_generation(&start),
        result: Ok(vec![
            region("cn-hangzhou", name),
            region("cn-bad", name),
            region("cn-x", &format!("{name}{name}{name}")),
        ]),
    });
    let rows: Vec<Instance> = names
        .iter()
        .enumerate()
        .map(|(n, name)| instance(n, name))
        .collect();
    app.update(Action::InstancesLoaded {
        profile: profile_name.clone(),
        region: "cn-hangzhou".into(),
        generation: fetch_generation(&start, "cn-hangzhou"),
        result: Ok(rows.into()),
    });
    // A failure elsewhere puts the service's Code into the flash line.
    let commands = app.update(Action::SelectNext);
    app.update(Action::SelectNext);
    // Moving onto cn-bad fetches it; its failure is part of every screen drawn below.
    app.update(Action::InstancesLoaded {
        profile: profile_name,
        region: "cn-bad".into(),
        generation: fetch_generation(&commands, "cn-bad"),
        result: Err(hostile_error(name)),
    });
    assert!(
        matches!(app.views["cn-bad"].outcome, Outcome::Failed(_)),
        "the failed region is part of the setup"
    );
    app.update(Action::SelectPrev);
    app.update(Action::SelectPrev);
    app.update(Action::FocusInstances);
    app
}

/// No cell holds a control character or bidi control, every body row has the pane borders in
/// place, and in the instance table every row's status starts under the STATUS header.
fn assert_safe_and_aligned(app: &App, buffer: &Buffer) {
    assert_no_controls(buffer);
    let (width, height) = (buffer.area.width, buffer.area.height);
    let split = app.region_pane_width();
    for y in 2..height - 2 {
        for x in [0, split - 1, split, width - 1] {
            assert_eq!(
                buffer[(x, y)].symbol(),
                "│",
                "border at ({x},{y}) moved: {}",
                row_text(buffer, y)
            );
        }
    }
    let header_y = (1..height)
        .find(|&y| row_text(buffer, y).contains("NAME"))
        .unwrap_or_else(|| panic!("no table header:\n{}", screen_text(buffer)));
    let find = |label: &str| {
        (split..width - 1).find(|&x| {
            label
                .chars()
                .enumerate()
                .all(|(i, c)| buffer[(x + i as u16, header_y)].symbol() == c.to_string())
        })
    };
    let id_x = find("ID").unwrap();
    let name_x = find("NAME").unwrap();
    let status_x = find("STATUS");
    for y in header_y + 1..height - 2 {
        let row = row_text(buffer, y);
        if !row.contains("i-0") {
            continue;
        }
        let at = |x: u16| buffer[(x, y)].symbol().to_owned();
        assert_eq!(
            at(id_x),
            "i",
            "row {y}: the ID moved:\n{}",
            screen_text(buffer)
        );
        assert_eq!(
            at(name_x - 1),
            " ",
            "row {y}: the ID spills into NAME:\n{}",
            screen_text(buffer)
        );
        if let Some(x) = status_x {
            assert_eq!(
                at(x - 1),
                " ",
                "row {y}: the name spills into STATUS:\n{}",
                screen_text(buffer)
            );
            assert_eq!(
                at(x),
                "R",
                "row {y}: STATUS moved:\n{}",
                screen_text(buffer)
            );
        }
    }
}

fn assert_no_controls(buffer: &Buffer) {
    let (width, height) = (buffer.area.width, buffer.area.height);
    for y in 0..height {
        for x in 0..width {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                !symbol.chars().any(bad),
                "cell ({x},{y}) holds {symbol:?}; row: {}",
                row_text(buffer, y)
            );
        }
    }
}

#[test]
fn hostile_names_cannot_reach_the_terminal_or_break_the_layout() {
    let names: Vec<String> = HOSTILE.iter().map(|s| (*s).to_owned()).collect();
    for name in HOSTILE {
        for size in [(120, 30), (80, 24), (60, 20)] {
            let app = app_with(&names, name, size);
            assert_safe_and_aligned(&app, &draw(&app));
        }
    }
}

#[test]
fn the_flash_line_and_the_error_banner_carry_no_controls_either() {
    // The flash after a failure quotes the service's Code; the banner its Message.
    for name in HOSTILE {
        let mut app = app_with(&["plain".to_owned()], name, (120, 30));
        app.update(Action::FocusRegions);
        app.update(Action::SelectNext);
        assert_eq!(app.current_region.as_deref(), Some("cn-bad"));
        let screen = draw(&app);
        assert_no_controls(&screen);
        let all: String = (0..screen.area.height)
            .map(|y| row_text(&screen, y))
            .collect();
        assert!(all.contains("Bad"), "the error is shown:\n{all}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_names_are_drawn_safely(
        names in prop::collection::vec(any::<String>(), 1..6),
        name in any::<String>(),
    ) {
        let app = app_with(&names, &name, (100, 24));
        assert_safe_and_aligned(&app, &draw(&app));
    }
}
