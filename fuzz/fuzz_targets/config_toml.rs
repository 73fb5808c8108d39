//! Any text as ecs-tui's config file: a config or an error naming the file, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("/fuzz/config.toml");
    if let Err(e) = ecs_tui::config::parse(text, path) {
        assert!(e.to_string().starts_with("/fuzz/config.toml"), "{e}");
    }
});
