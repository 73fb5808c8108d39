//! The `/` filter: the first line is what was typed, the other lines are rows' search texts.
//! Parsing never panics and reads as documented; `apply` keeps exactly the rows it should, each
//! once, from the table's order; a row named what was typed is found by it.
#![no_main]

use ecs_tui::api::Instance;
use ecs_tui::app::filter::{Filter, apply, search_text};
use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

fn bad(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn named(name: &str) -> String {
    let object = serde_json::json!({
        "InstanceId": "i-fuzz", "InstanceName": name, "Status": "Running", "RegionId": "cn-fuzz",
        "Tags": {"Tag": [{"TagKey": name, "TagValue": name}]},
    });
    let instance = Instance::from_raw(RawValue::from_string(object.to_string()).expect("json"))
        .expect("an object");
    search_text(&instance)
}

fn check_parse(typed: &str, filter: &Filter) {
    let t = typed.trim();
    match filter {
        Filter::None => {}
        Filter::Text(n) => {
            assert_eq!(n, &lower(t), "{typed:?}");
            assert!(!n.is_empty() && n.trim() == n, "{typed:?}");
        }
        Filter::Not(n) => {
            let rest = t.strip_prefix('!').expect("starts with !").trim();
            assert_eq!(n, &lower(rest), "{typed:?}");
            assert!(!n.is_empty() && n.trim() == n, "{typed:?}");
        }
        Filter::Fuzzy(p) => {
            assert!(
                t.starts_with("-f") && !p.is_empty() && p.trim() == p,
                "{typed:?}"
            );
        }
        Filter::Tag(k, v) => {
            let rest = t.strip_prefix("-t").expect("starts with -t").trim();
            match rest.split_once('=') {
                Some((key, value)) => {
                    assert_eq!((k.as_str(), v.as_deref()), (key.trim(), Some(value.trim())));
                }
                None => assert!(k == rest && v.is_none() && !k.is_empty(), "{typed:?}"),
            }
        }
    }
}

fn check_apply(order: &[usize], search: &[String], filter: &Filter) {
    let shown = apply(order, search, filter, true);
    let unsorted = apply(order, search, filter, false);
    let mut seen = vec![false; search.len()];
    for &i in &shown {
        assert!(order.contains(&i), "{i} not in {order:?}");
        assert!(!std::mem::replace(&mut seen[i], true), "{i} shown twice");
    }
    let keep = |f: &dyn Fn(usize) -> bool| -> Vec<usize> {
        order.iter().copied().filter(|&i| f(i)).collect()
    };
    match filter {
        Filter::None | Filter::Tag(..) => assert_eq!(shown, order),
        Filter::Text(n) => assert_eq!(shown, keep(&|i| search[i].contains(n.as_str()))),
        Filter::Not(n) => assert_eq!(shown, keep(&|i| !search[i].contains(n.as_str()))),
        Filter::Fuzzy(_) => {
            let mut rest = order.iter();
            assert!(
                unsorted.iter().all(|u| rest.any(|o| o == u)),
                "fuzzy reordered the table"
            );
            let (mut a, mut b) = (shown, unsorted);
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "sorting by score changed which rows match");
        }
    }
}

fuzz_target!(|text: &str| {
    let (typed, rows) = text.split_once('\n').unwrap_or((text, ""));
    let filter = Filter::parse(typed);
    check_parse(typed, &filter);

    let mut search: Vec<String> = rows.split('\n').map(str::to_owned).collect();
    search.push(String::new());
    search.push(lower(typed.trim()));
    search.push(named(typed));
    let own = search.len() - 1;
    // Rows already sorted and one hidden by the sort's view: reversed, the first left out.
    let order: Vec<usize> = (1..search.len()).rev().collect();
    check_apply(&order, &search, &filter);
    check_apply(&[], &search, &filter);

    // What was typed, as the row's name shows it, finds that row.
    let part = typed.trim();
    if !part.is_empty() && !part.chars().any(bad) {
        let text = Filter::parse(part);
        if matches!(text, Filter::Text(_)) {
            assert!(
                apply(&order, &search, &text, true).contains(&own),
                "{part:?}"
            );
        }
        let fuzzy = Filter::parse(&format!("-f {part}"));
        assert!(
            apply(&order, &search, &fuzzy, true).contains(&own),
            "{part:?}"
        );
        let not = Filter::parse(&format!("!{part}"));
        assert!(
            !apply(&order, &search, &not, true).contains(&own),
            "{part:?}"
        );
    }
});
