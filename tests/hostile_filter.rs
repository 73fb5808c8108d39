//! Property tests for the `/` filter: whatever is typed, `Filter::parse` reads it as documented
//! (text, `!text`, `-f fuzzy`, `-t key=value`) without panicking, and `apply` over any search
//! texts keeps exactly the rows it should, each once, in the table's order.
#![allow(clippy::unwrap_used)]

use ecs_tui::api::Instance;
use ecs_tui::app::filter::{Filter, apply, search_text};
use proptest::prelude::*;
use serde_json::value::RawValue;

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Characters that break naive text handling: controls, odd whitespace, the filter's own
/// syntax, and letters whose lowercase is longer ('İ'), depends on context ('Σ') or is
/// another script's ('K' Kelvin sign).
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => any::<char>(),
        1 => prop::sample::select(vec![
            'İ', 'Σ', 'ς', 'ß', 'ǅ', '\u{212A}', 'A', 'z', '名', '\u{301}', '\u{200D}',
            '=', '!', '-', 't', 'f', 'T', '\\', '^', '$', '\'',
            ' ', '\t', '\n', '\u{3000}', '\u{a0}', '\u{85}', '\u{1b}', '\u{0}', '\u{202E}',
        ]),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|c| c.into_iter().collect())
}

/// What a user might type after `/`: the syntax's own prefixes, alone or before any text.
fn typed() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "",
        "",
        "!",
        "! ",
        "!!",
        "-t",
        "-t ",
        "-t\t",
        "-t =",
        "-t k=",
        "-t  a = b = c",
        "-tag",
        "-f",
        "-f ",
        "-f\u{3000}",
        "-fuzzy",
        "-T ",
        "-F ",
        " \t ",
        "=",
        "- t ",
    ]);
    (prefix, text(24)).prop_map(|(p, t)| format!("{p}{t}"))
}

/// The lowercase the filter compares in: char by char, so that lowercasing a part of a text
/// gives a part of the lowercased text (`str::to_lowercase` makes a final 'Σ' into 'ς').
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// `rest` when `text` is `flag` alone or followed by whitespace.
fn after_flag<'a>(text: &'a str, flag: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(flag)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

fn instance(id: &str, name: &str) -> Instance {
    let raw = serde_json::json!({
        "InstanceId": id, "InstanceName": name, "Status": "Running",
        "InstanceType": "ecs.g7.large", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h",
        "Tags": {"Tag": [{"TagKey": "env", "TagValue": "prod"}]},
    });
    Instance::from_raw(RawValue::from_string(raw.to_string()).unwrap()).unwrap()
}

/// Search texts of every shape `apply` may meet: empty, without tabs (so the fuzzy matcher's
/// ID-and-name is the whole text), multi-byte, and real rows' texts.
fn search_texts() -> impl Strategy<Value = Vec<String>> {
    let one = prop_oneof![
        3 => text(30),
        1 => Just(String::new()),
        1 => (text(8), text(16)).prop_map(|(id, name)| search_text(&instance(&id, &name))),
    ];
    prop::collection::vec(one, 0..8)
}

/// Search texts and an order over them: some rows dropped (already hidden), shuffled (sorted).
fn rows() -> impl Strategy<Value = (Vec<String>, Vec<usize>)> {
    search_texts().prop_flat_map(|search| {
        let n = search.len();
        let order = prop::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n).prop_shuffle();
        (Just(search), order)
    })
}

/// Whether `part` appears in `whole` in the same relative order.
fn is_subsequence(part: &[usize], whole: &[usize]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

proptest! {
    #![proptest_config(cases(256))]

    /// Guards the syntax: a changed prefix rule, an untrimmed or uppercase needle, an empty
    /// needle that would match every row, or `-t` splitting at the wrong '=' fails here.
    #[test]
    fn any_typed_text_reads_as_documented(input in typed()) {
        let parsed = Filter::parse(&input);
        let t = input.trim();
        let tag_rest = after_flag(t, "-t");
        let fuzzy_rest = after_flag(t, "-f");
        match &parsed {
            Filter::None => prop_assert!(
                t.is_empty()
                    || tag_rest == Some("")
                    || fuzzy_rest == Some("")
                    || t.strip_prefix('!').is_some_and(|r| r.trim().is_empty()),
                "{:?} read as no filter", input
            ),
            Filter::Tag(key, value) => {
                let rest = tag_rest.expect("a tag filter starts with -t and whitespace");
                match rest.split_once('=') {
                    Some((k, v)) => {
                        prop_assert_eq!(key, k.trim());
                        prop_assert_eq!(value.as_deref(), Some(v.trim()));
                    }
                    None => {
                        prop_assert_eq!(key, rest);
                        prop_assert!(value.is_none());
                        prop_assert!(!key.is_empty());
                    }
                }
            }
            Filter::Fuzzy(pattern) => {
                prop_assert!(tag_rest.is_none());
                prop_assert_eq!(Some(pattern.as_str()), fuzzy_rest);
                prop_assert!(!pattern.is_empty());
            }
            Filter::Not(needle) => {
                prop_assert!(tag_rest.is_none() && fuzzy_rest.is_none());
                let rest = t.strip_prefix('!').expect("an inverse filter starts with !").trim();
                prop_assert_eq!(needle, &lower(rest));
                prop_assert!(!needle.is_empty());
                prop_assert_eq!(needle.trim(), needle.as_str());
            }
            Filter::Text(needle) => {
                prop_assert!(tag_rest.is_none() && fuzzy_rest.is_none() && !t.starts_with('!'));
                prop_assert_eq!(needle, &lower(t));
                prop_assert!(!needle.is_empty());
                prop_assert_eq!(needle.trim(), needle.as_str());
            }
        }
        prop_assert_eq!(parsed.is_local(), !matches!(parsed, Filter::None | Filter::Tag(..)));
    }

    /// Guards `apply`: a row shown twice, a row from outside `order` (one the sort or another
    /// filter hid), a text match that misses or invents rows, or a fuzzy filter that reorders
    /// the table when a sort was chosen fails here.
    #[test]
    fn apply_keeps_exactly_the_matching_rows_of_order_in_order(
        input in typed(),
        (search, order) in rows(),
        by_score in any::<bool>(),
    ) {
        let filter = Filter::parse(&input);
        let shown = apply(&order, &search, &filter, by_score);
        let mut seen = std::collections::HashSet::new();
        for i in &shown {
            prop_assert!(order.contains(i), "row {} is not in {:?}", i, order);
            prop_assert!(seen.insert(*i), "row {} shown twice", i);
        }
        let contains = |i: usize, n: &str| search[i].contains(n);
        match &filter {
            Filter::None | Filter::Tag(..) => prop_assert_eq!(&shown, &order),
            Filter::Text(n) => {
                let want: Vec<usize> = order.iter().copied().filter(|&i| contains(i, n)).collect();
                prop_assert_eq!(&shown, &want);
            }
            Filter::Not(n) => {
                let want: Vec<usize> = order.iter().copied().filter(|&i| !contains(i, n)).collect();
                prop_assert_eq!(&shown, &want);
            }
            Filter::Fuzzy(_) => {
                let unsorted = apply(&order, &search, &filter, false);
                prop_assert!(is_subsequence(&unsorted, &order), "{:?} out of {:?}", unsorted, order);
                let mut a = shown.clone();
                let mut b = unsorted;
                a.sort_unstable();
                b.sort_unstable();
                prop_assert_eq!(a, b, "sorting by score changed which rows match");
            }
        }
    }

    /// Guards the needle's and the rows' lowercasing against each other: a row whose search
    /// text is exactly the needle is shown.
    #[test]
    fn a_text_filter_shows_a_row_that_is_its_needle(input in typed(), other in text(20)) {
        if let Filter::Text(needle) = Filter::parse(&input) {
            let search = [other, needle];
            let shown = apply(&[1, 0], &search, &Filter::Text(search[1].clone()), true);
            prop_assert!(shown.contains(&1), "{:?} hides {:?}", search[1], search);
        }
    }

    /// Guards what users rely on most: typing any part of a name as it is shown (in any
    /// script, 'Σ' and 'İ' included) keeps that row, `!` with it hides it, and `-f` with it
    /// still finds it.
    #[test]
    fn typing_part_of_a_shown_name_finds_that_row(
        name in text(24),
        start in 0usize..24,
        len in 1usize..24,
    ) {
        let rows = [instance("i-other", "something else"), instance("i-0001", &name)];
        let search: Vec<String> = rows.iter().map(search_text).collect();
        let shown_name = ecs_tui::columns::sanitize(&name).into_owned();
        let chars: Vec<char> = shown_name.chars().collect();
        let start = start.min(chars.len());
        let part: String = chars[start..(start + len).min(chars.len())].iter().collect();
        // Keys that are controls never reach the filter, and '�' stands for them on screen.
        if part.trim().is_empty() || part.contains('\u{FFFD}') {
            return Ok(());
        }
        let order = [0, 1];
        let text = Filter::parse(&format!(" {part} "));
        if let Filter::Text(_) = text {
            prop_assert!(apply(&order, &search, &text, true).contains(&1), "{:?} in {:?}", text, search[1]);
        }
        let not = Filter::parse(&format!("!{part}"));
        prop_assert!(matches!(not, Filter::Not(_)));
        prop_assert!(!apply(&order, &search, &not, true).contains(&1), "{:?} in {:?}", not, search[1]);
        let fuzzy = Filter::parse(&format!("-f {part}"));
        prop_assert!(matches!(fuzzy, Filter::Fuzzy(_)));
        prop_assert!(apply(&order, &search, &fuzzy, true).contains(&1), "{:?} in {:?}", fuzzy, search[1]);
    }
}

/// Huge typed text and huge rows: read and applied whole (no length limit cuts the needle).
#[test]
fn huge_input_is_read_and_applied_whole() {
    let name = "İΣ名x".repeat(16 * 1024);
    let search = vec![
        search_text(&instance("i-huge", &name)),
        String::new(),
        "i".into(),
    ];
    let order = [2, 1, 0];
    let needle = Filter::parse(&format!("  {name}\n"));
    let Filter::Text(n) = &needle else {
        panic!("{needle:?}")
    };
    assert!(
        n.chars().count() > name.chars().count(),
        "'İ' lowercases to two chars"
    );
    assert_eq!(apply(&order, &search, &needle, true), [0]);
    assert_eq!(
        apply(&order, &search, &Filter::parse(&format!("!{name}")), true),
        [2, 1]
    );
    let fuzzy = Filter::parse(&format!("-f {}", &name[..4096]));
    assert_eq!(apply(&order, &search, &fuzzy, true), [0]);
    let tag = Filter::parse(&format!("-t {name}={name}"));
    assert_eq!(tag, Filter::Tag(name.clone(), Some(name.clone())));
}

/// The syntax's own characters alone, and whitespace alone.
#[test]
fn lone_flags_and_blank_input() {
    for blank in [
        "",
        " ",
        "\t\n",
        "\u{3000}\u{a0}",
        "-t",
        "-f",
        "!",
        "! \t",
        "-t  ",
        "-f \u{3000}",
    ] {
        assert_eq!(Filter::parse(blank), Filter::None, "{blank:?}");
    }
    assert_eq!(Filter::parse("="), Filter::Text("=".into()));
    assert_eq!(Filter::parse("-"), Filter::Text("-".into()));
    assert_eq!(Filter::parse("!!"), Filter::Not("!".into()));
    assert_eq!(Filter::parse("-fuzzy"), Filter::Text("-fuzzy".into()));
    assert_eq!(
        Filter::parse("-t ="),
        Filter::Tag(String::new(), Some(String::new()))
    );
    assert_eq!(
        Filter::parse("-t a = b = c"),
        Filter::Tag("a".into(), Some("b = c".into()))
    );
    assert_eq!(Filter::parse("-f  x  y "), Filter::Fuzzy("x  y".into()));
}
