//! Any bytes as a DescribeInstances or DescribeRegions body: a page or an error, never a panic;
//! every cell the tables would show is free of control characters. And a region list built
//! from the input keeps its ids and names, in order.
#![no_main]

use ecs_tui::api::parse;
use ecs_tui::columns::{Column, DEFAULT_COLUMNS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // What reqwest's `text()` hands the client for invalid UTF-8.
    let body = String::from_utf8_lossy(data);
    if let Ok(page) = parse::instances_page(&body) {
        for instance in &page.instances {
            for column in DEFAULT_COLUMNS.iter().chain(&[Column::Region]) {
                let cell = column.value(instance);
                assert!(!cell.chars().any(char::is_control), "{cell:?}");
            }
        }
    }
    let _ = parse::regions(&body);

    // Regions from the input: NUL-separated id/name pairs, as DescribeRegions sends them.
    let fields: Vec<&str> = body.split('\u{0}').collect();
    let mut written: Vec<(&str, &str)> = Vec::new();
    for c in fields.chunks(2) {
        // Distinct ids: a list that repeats one is a lie the fetch deduplicates.
        if !written.iter().any(|(id, _)| *id == c[0]) {
            written.push((c[0], c.get(1).copied().unwrap_or("")));
        }
    }
    let answer = serde_json::json!({
        "RequestId": "fuzz",
        "Regions": {"Region": written.iter().map(|(id, name)| serde_json::json!({
            "RegionId": id, "LocalName": name, "RegionEndpoint": "ecs.example.com",
        })).collect::<Vec<_>>()},
    });
    let regions = parse::regions(&answer.to_string()).expect("a well-formed list");
    let read: Vec<(&str, &str)> = regions
        .iter()
        .map(|r| (r.region_id.as_str(), r.local_name.as_str()))
        .collect();
    assert_eq!(read, written);
});
