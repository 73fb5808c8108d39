//! Any text as ecs-tui's config file: a config or an error naming the file, never a panic.
//! And a round trip: profiles with any names and values, written as TOML (quoted keys, every
//! control escaped), read back with exactly those names and values, in order.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common/toml_quote.rs"]
mod toml_quote;
use toml_quote::quoted;

fuzz_target!(|text: &str| {
    let path = Path::new("/fuzz/config.toml");
    if let Err(e) = ecs_tui::config::parse(text, path) {
        assert!(e.to_string().starts_with("/fuzz/config.toml"), "{e}");
    }

    // Fields separated by NUL, four to a profile: name, key id, secret, region.
    let fields: Vec<&str> = text.split('\u{0}').collect();
    let mut written: Vec<[&str; 4]> = Vec::new();
    for chunk in fields.chunks(4) {
        let get = |i: usize| chunk.get(i).copied().unwrap_or("");
        let profile = [get(0), get(1), get(2), get(3)];
        // A table name twice is a TOML error, not a round trip.
        if !written.iter().any(|p| p[0] == profile[0]) {
            written.push(profile);
        }
    }
    let mut toml = String::new();
    if let Some(first) = written.first() {
        toml.push_str(&format!("default_profile = {}\n", quoted(first[0])));
    }
    for [name, id, secret, region] in &written {
        toml.push_str(&format!(
            "[profiles.{}]\naccess_key_id = {}\naccess_key_secret = {}\nregion_id = {}\n",
            quoted(name),
            quoted(id),
            quoted(secret),
            quoted(region)
        ));
    }
    let config = ecs_tui::config::parse(&toml, path).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    assert_eq!(config.profiles.len(), written.len());
    assert_eq!(
        config.default_profile.as_ref().map(|d| d.value.as_str()),
        written.first().map(|p| p[0])
    );
    for (read, [name, id, secret, region]) in config.profiles.iter().zip(&written) {
        assert_eq!(read.name, *name);
        assert_eq!(read.access_key_id.as_deref(), Some(*id));
        assert_eq!(
            read.access_key_secret.as_ref().map(|s| s.expose()),
            Some(*secret)
        );
        assert_eq!(read.region_id.as_deref(), Some(*region));
    }
});
