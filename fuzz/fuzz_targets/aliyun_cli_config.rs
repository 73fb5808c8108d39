//! Any text as the aliyun CLI's config.json: read or refused naming the file, never a panic.
//! And a round trip: profiles with any names and values, written as the CLI writes them, read
//! back with exactly those values, in order, with `current`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("/fuzz/config.json");
    if let Err(e) = ecs_tui::config::aliyun_cli::parse(text, path) {
        assert!(e.starts_with("/fuzz/config.json:"), "{e}");
    }

    // Fields separated by NUL, four to a profile: name, mode, key id, region.
    let fields: Vec<&str> = text.split('\u{0}').collect();
    let written: Vec<[&str; 4]> = fields
        .chunks(4)
        .map(|c| {
            let get = |i: usize| c.get(i).copied().unwrap_or("");
            [get(0), get(1), get(2), get(3)]
        })
        .collect();
    let current = written.last().map_or("", |p| p[0]);
    let json = serde_json::json!({
        "current": current,
        "profiles": written.iter().map(|[name, mode, id, region]| serde_json::json!({
            "name": name, "mode": mode, "access_key_id": id, "region_id": region,
            "access_key_secret": "s", "output_format": "json", "language": "en",
        })).collect::<Vec<_>>(),
    });
    let cli = ecs_tui::config::aliyun_cli::parse(&json.to_string(), path)
        .unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(
        cli.current.as_deref(),
        Some(current).filter(|c| !c.is_empty())
    );
    assert_eq!(cli.profiles.len(), written.len());
    for (read, [name, mode, id, region]) in cli.profiles.iter().zip(&written) {
        assert_eq!(
            [
                read.name.as_str(),
                &read.mode,
                &read.access_key_id,
                &read.region_id
            ],
            [*name, *mode, *id, *region]
        );
        assert_eq!(read.access_key_secret.expose(), "s");
    }
});
