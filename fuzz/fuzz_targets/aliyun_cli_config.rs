//! Any text as the aliyun CLI's config.json: read or refused naming the file, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("/fuzz/config.json");
    if let Err(e) = ecs_tui::config::aliyun_cli::parse(text, path) {
        assert!(e.starts_with("/fuzz/config.json:"), "{e}");
    }
});
