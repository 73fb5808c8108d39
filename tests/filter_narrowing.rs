//! Property test: a keystroke that narrows the filter looks only at the rows the last one
//! showed (`filter::apply_narrowed`), and must show exactly what a full pass would.
#![allow(clippy::unwrap_used)]

use ecs_tui::app::filter::{self, Filter};
use proptest::prelude::*;

/// Search texts shaped like the app's (lowercase, tab-separated ID and name first), from a
/// small alphabet so filters match some rows and not others.
fn search_texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[wWeb01 -]{0,6}\t[wWeb01 é-]{0,8}\t[web01]{0,4}", 0..40)
        .prop_map(|rows| rows.into_iter().map(|r| r.to_lowercase()).collect())
}

/// What a user types after `/`, one keystroke at a time.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[wWeb01é -]{0,5}",
        "![wWeb01é -]{0,5}",
        "-f [wWeb01é -]{0,5}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn narrowed_keystrokes_show_what_a_full_pass_shows(
        search in search_texts(),
        before in typed(),
        typed_more in "[wWeb01é -]{0,3}",
        in_front in any::<bool>(),
        by_score in any::<bool>(),
        seed in any::<u64>(),
    ) {
        // A shuffled display order, as a sort would give.
        let mut order: Vec<usize> = (0..search.len()).collect();
        let mut state = seed;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            order.swap(i, usize::try_from(state >> 33).unwrap() % (i + 1));
        }
        let after = if in_front {
            let (flag, rest) = before.split_at(before.find(|c: char| !"!-f ".contains(c)).unwrap_or(before.len()));
            format!("{flag}{typed_more}{rest}")
        } else {
            format!("{before}{typed_more}")
        };
        // Both directions: typing more, and deleting it again.
        for (old, new) in [(&before, &after), (&after, &before)] {
            let (old, new) = (Filter::parse(old), Filter::parse(new));
            if !filter::narrows(&old, &new) {
                continue;
            }
            let previous = filter::apply(&order, &search, &old, by_score);
            prop_assert_eq!(
                filter::apply_narrowed(&order, &previous, &search, &new, by_score),
                filter::apply(&order, &search, &new, by_score),
                "{:?} -> {:?}", old, new
            );
        }
    }
}

#[test]
fn the_property_sees_narrowing_keystrokes() {
    // Guards the property above against testing nothing: the typed forms do narrow.
    for (old, new) in [("we", "web"), ("!web", "!we"), ("-f wb", "-f wb0")] {
        assert!(
            filter::narrows(&Filter::parse(old), &Filter::parse(new)),
            "{old} -> {new}"
        );
    }
}
