//! Instance fields from the fuzzer, drawn by the browser: the screen holds no control
//! character or bidi override, and the pane borders stay where they belong.
#![no_main]

use std::time::Instant;

use ecs_tui::api::Instance;
use ecs_tui::app::{Action, App, Command, ProfileInfo};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::value::RawValue;

fn bad(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fuzz_target!(|text: &str| {
    let fields: Vec<&str> = text.split('\u{0}').collect();
    let field = |n: usize| fields.get(n).copied().unwrap_or("");
    let object = serde_json::json!({
        "InstanceId": field(0), "InstanceName": field(1), "Status": field(2),
        "InstanceType": field(3), "ZoneId": field(4), "RegionId": "cn-fuzz",
        "VpcAttributes": {"PrivateIpAddress": {"IpAddress": [field(5)]}},
    });
    let instance = Instance::from_raw(RawValue::from_string(object.to_string()).expect("json"))
        .expect("an object");
    let profile = ProfileInfo {
        name: field(6).to_owned(),
        source: "fuzz".into(),
        mode: "AK".into(),
        region_id: Some("cn-fuzz".into()),
        masked_key_id: "LTAI****".into(),
        problem: None,
    };
    let (width, height) = (100, 12);
    let mut app = App::new(
        vec![profile.clone()],
        0,
        None,
        Instant::now(),
        (width, height),
    );
    let commands = app.start();
    let generation = commands.iter().find_map(|c| match c {
        Command::FetchInstances { generation, .. } => Some(*generation),
        _ => None,
    });
    if let Some(generation) = generation {
        app.update(Action::InstancesLoaded {
            profile: profile.name.clone(),
            region: "cn-fuzz".into(),
            generation,
            result: Ok(vec![instance.clone(), instance].into()),
        });
    }
    app.update(Action::FocusInstances);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| ecs_tui::ui::draw(f, &app)).expect("draw");
    let buffer = terminal.backend().buffer();
    for y in 0..height {
        for x in 0..width {
            let symbol = buffer[(x, y)].symbol();
            assert!(!symbol.chars().any(bad), "({x},{y}) {symbol:?}");
        }
    }
    // The region pane's right border and the instance pane's left border on every body row.
    let split = app.region_pane_width();
    for y in 2..height - 2 {
        assert_eq!(buffer[(split - 1, y)].symbol(), "│", "row {y}");
        assert_eq!(buffer[(split, y)].symbol(), "│", "row {y}");
        assert_eq!(buffer[(width - 1, y)].symbol(), "│", "row {y}");
    }
});
