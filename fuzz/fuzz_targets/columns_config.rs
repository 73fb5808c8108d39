//! Any list of names as `columns = [...]` in the config: accepted exactly when every name is
//! a column (`Column::parse`, a `tag:` needing a key) and the list is not empty, and then the
//! table's columns are those, in order; refused otherwise with the file and the line.
//! (The `[keys]` table this issue also names does not exist yet: no target for it.)
#![no_main]

use std::path::Path;

use ecs_tui::columns::Column;
use libfuzzer_sys::fuzz_target;

#[path = "common/toml_quote.rs"]
mod toml_quote;
use toml_quote::quoted;

fuzz_target!(|text: &str| {
    let names: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split('\u{0}').collect()
    };
    let list: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    // One name per line, so an error's line says which.
    let toml = format!("theme = \"dark\"\ncolumns = [\n{}\n]\n", list.join(",\n"));
    let path = Path::new("/fuzz/config.toml");
    let expected: Option<Vec<Column>> = names
        .iter()
        .map(|n| Column::parse(n).filter(|c| !matches!(c, Column::Tag(k) if k.is_empty())))
        .collect();
    match (ecs_tui::config::parse(&toml, path), expected) {
        (Ok(config), Some(columns)) if !columns.is_empty() => {
            assert_eq!(config.ui.columns, columns)
        }
        (Err(e), Some(columns)) if columns.is_empty() => {
            assert_eq!(
                e.to_string(),
                "/fuzz/config.toml:2: `columns` is empty; list at least `id`"
            );
        }
        (Err(e), None) => {
            let bad = names
                .iter()
                .position(|n| {
                    Column::parse(n)
                        .filter(|c| !matches!(c, Column::Tag(k) if k.is_empty()))
                        .is_none()
                })
                .expect("one is not a column");
            let message = e.to_string();
            assert!(
                message.starts_with(&format!("/fuzz/config.toml:{}: unknown column ", bad + 3)),
                "{message}"
            );
        }
        (got, expected) => panic!("{got:?} for {expected:?}\n{toml}"),
    }
});
