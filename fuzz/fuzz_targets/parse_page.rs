//! Any bytes as a DescribeInstances or DescribeRegions body: a page or an error, never a panic;
//! every cell the tables would show is free of control characters.
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
});
