//! Keys for finding instances: the `/` filter, sorting, favourite regions, the error log.

use std::slice;

use crossterm::event::KeyCode;

use super::Scope::{Errors, Filter, Global, Instances, Regions};
use super::{Binding, Key, bind, code, ctrl, key};
use crate::app::Action;
use crate::app::sort::SortKey;

/// The sort keys, in the order the label names them.
static SORT_KEYS: [(Key, SortKey); 6] = [
    (key('N'), SortKey::Name),
    (key('S'), SortKey::Status),
    (key('T'), SortKey::Type),
    (key('Z'), SortKey::Zone),
    (key('A'), SortKey::Age),
    (key('P'), SortKey::Region),
];
const SORT_LABEL: &str = "N/S/T/Z/A/P";

/// `1` to `9`: favourite region `n` is the digit `n`.
static FAVOURITE_KEYS: [Key; 9] = {
    let mut keys = [key('1'); 9];
    let mut n = 0;
    while n < keys.len() {
        keys[n] = key((b'1' + n as u8) as char);
        n += 1;
    }
    keys
};

const OPEN_FILTER: &[Binding] = &[
    bind(
        Regions,
        &[key('/')],
        "/",
        "filter the instances (see the instance table)",
        Action::OpenFilter,
        "filter",
    ),
    bind(
        Regions,
        &[code(KeyCode::Esc)],
        "Esc",
        "clear the filter",
        Action::Back,
        "",
    ),
    bind(
        Instances,
        &[key('/')],
        "/",
        "filter: text, !text (not), -f fuzzy name, -t k=v",
        Action::OpenFilter,
        "filter",
    ),
];

const FILTER_AND_ERRORS: &[Binding] = &[
    bind(
        Global,
        &[key('!')],
        "!",
        "error log: every failure since start-up",
        Action::OpenErrors,
        "errors",
    ),
    bind(
        Filter,
        &[code(KeyCode::Enter)],
        "Enter",
        "keep the filter and go to the table",
        Action::ApplyFilter,
        "keep",
    ),
    bind(
        Filter,
        &[code(KeyCode::Esc)],
        "Esc",
        "clear the filter",
        Action::ClearFilter,
        "clear",
    ),
    bind(
        Filter,
        &[code(KeyCode::Backspace)],
        "Backspace",
        "delete the last character",
        Action::FilterDelete,
        "",
    ),
    bind(
        Filter,
        &[ctrl('u')],
        "^u",
        "delete the whole text",
        Action::FilterClearInput,
        "",
    ),
    bind(
        Errors,
        &[code(KeyCode::Esc), key('q'), key('!')],
        "Esc",
        "close the error log",
        Action::Back,
        "close",
    ),
];

/// The finding rows, in the order the help lists them; only the first row of a family
/// (sort keys, favourites) carries the label, the help line and the footer word.
pub(super) fn rows() -> impl Iterator<Item = Binding> {
    let sort = SORT_KEYS.iter().enumerate().map(|(i, (k, by))| {
        let (label, help, footer) = if i == 0 {
            (
                SORT_LABEL,
                "sort name/status/type/zone/age/region; again flips",
                "sort",
            )
        } else {
            ("", "", "")
        };
        let keys = slice::from_ref(k);
        // From either pane: the table is what they sort, wherever the focus is.
        bind(Global, keys, label, help, Action::SortBy(*by), footer)
    });
    let favourites = FAVOURITE_KEYS.iter().enumerate().map(|(i, k)| {
        let (label, help) = if i == 0 {
            ("1-9", "favourite regions (favorite_regions in the config)")
        } else {
            ("", "")
        };
        let keys = slice::from_ref(k);
        bind(Global, keys, label, help, Action::SelectFavorite(i + 1), "")
    });
    (OPEN_FILTER.iter().cloned())
        .chain(sort)
        .chain(favourites)
        .chain(FILTER_AND_ERRORS.iter().cloned())
}

#[cfg(test)]
mod tests {
    use super::{SORT_KEYS, SORT_LABEL};
    use crossterm::event::KeyCode;

    #[test]
    fn the_sort_label_names_every_sort_key_in_order() {
        let keys: Vec<String> = SORT_KEYS
            .iter()
            .map(|(k, _)| match k.code {
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(SORT_LABEL, keys.join("/"));
    }
}
