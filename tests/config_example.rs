//! The documented example config is itself valid and uses every key the parser takes.

use std::path::Path;

use ecs_tui::config;

#[test]
fn config_example_toml_parses_and_documents_every_mode() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let parsed = config::parse(&text, &path).expect("config.example.toml is valid");
    let modes: Vec<_> = parsed.profiles.iter().map(|p| p.mode).collect();
    assert_eq!(modes, config::Mode::ALL);
    for key in config::value_keys() {
        assert!(
            text.contains(&format!("{key} = ")),
            "{key} is not documented"
        );
    }
}
