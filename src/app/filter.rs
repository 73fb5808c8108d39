//! The `/` filter: what the typed text means, the search text of a row, and the index it keeps.

use nucleo_matcher::{Config, Matcher, Utf32Str};

use std::borrow::Borrow;
use std::sync::Arc;

use crate::api::Instance;
use crate::columns::{Column, DEFAULT_COLUMNS};

/// What the filter text asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    None,
    /// Rows whose search text contains this (lowercase) text.
    Text(String),
    /// `!text`: rows whose search text does not contain it.
    Not(String),
    /// `-f text`: a fuzzy match of the name, best first unless a sort is chosen.
    Fuzzy(String),
    /// `-t key=value` or `-t key`: asked of the API, not applied here.
    Tag(String, Option<String>),
}

impl Filter {
    /// Reads the text typed after `/`.
    #[must_use]
    pub fn parse(input: &str) -> Filter {
        let text = input.trim();
        if let Some(rest) = flag(text, "-t") {
            if rest.is_empty() {
                return Filter::None;
            }
            return match rest.split_once('=') {
                Some((key, value)) => {
                    Filter::Tag(key.trim().to_owned(), Some(value.trim().to_owned()))
                }
                None => Filter::Tag(rest.to_owned(), None),
            };
        }
        if let Some(rest) = flag(text, "-f") {
            return if rest.is_empty() {
                Filter::None
            } else {
                Filter::Fuzzy(rest.to_owned())
            };
        }
        if let Some(rest) = text.strip_prefix('!') {
            let rest = rest.trim();
            return if rest.is_empty() {
                Filter::None
            } else {
                Filter::Not(lowercase(rest))
            };
        }
        if text.is_empty() {
            Filter::None
        } else {
            Filter::Text(lowercase(text))
        }
    }

    /// The tag the API should be asked for, if this is a tag filter.
    #[must_use]
    pub fn tag(&self) -> Option<(String, Option<String>)> {
        match self {
            Filter::Tag(k, v) => Some((k.clone(), v.clone())),
            _ => None,
        }
    }

    /// Whether rows are hidden here (a tag filter is the API's job).
    #[must_use]
    pub fn is_local(&self) -> bool {
        matches!(self, Filter::Text(_) | Filter::Not(_) | Filter::Fuzzy(_))
    }
}

/// `rest` after a `-x` flag followed by a space (or nothing), so `-tag` is plain text.
fn flag<'a>(text: &'a str, flag: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(flag)?;
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest.trim())
    } else {
        None
    }
}

/// The lowercase text a row is searched in: every column of the table (ID and name first)
/// and every tag as `key=value`, built once per answer so typing only scans.
#[must_use]
pub fn search_text(instance: &Instance) -> String {
    let mut text = String::with_capacity(256);
    for column in DEFAULT_COLUMNS.iter().chain([&Column::Region]) {
        text.push_str(&column.value(instance));
        text.push('\t');
    }
    for tag in &instance.tags {
        text.push_str(&tag.key);
        text.push('=');
        text.push_str(&tag.value);
        text.push('\t');
    }
    lowercase(&text)
}

/// Lowercase char by char, for the needle and the rows alike: `str::to_lowercase` makes a
/// final 'Σ' into 'ς', so "ΑΣ" typed (-> "ας") was not found in a row "ΑΣΑ" (-> "ασα").
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().flat_map(char::to_lowercase).collect()
}

/// From this many rows on, search texts are built on all cores: an answer of 100,000 rows is
/// taken on the UI thread, which waits for them.
const SEARCH_TEXTS_IN_PARALLEL_FROM: usize = 10_000;

/// [`search_text`] of each row, in order.
#[must_use]
pub fn search_texts<R: Borrow<Instance> + Sync>(rows: &[R]) -> Vec<Arc<str>> {
    let build = |rows: &[R]| -> Vec<Arc<str>> {
        rows.iter()
            .map(|r| Arc::from(search_text(r.borrow())))
            .collect()
    };
    in_parts(rows, SEARCH_TEXTS_IN_PARALLEL_FROM, build)
}

/// `work` over `items`, split across the cores when there are at least `from` items; the
/// parts' results joined in order, as one pass would give them.
fn in_parts<T: Sync, U: Send>(
    items: &[T],
    from: usize,
    work: impl Fn(&[T]) -> Vec<U> + Sync,
) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if items.len() < from || threads < 2 {
        return work(items);
    }
    let part = items.len().div_ceil(threads.min(8));
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(part)
            .map(|chunk| scope.spawn(|| work(chunk)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The positions of `order` (rows already sorted) that pass `filter`, in that order; a fuzzy
/// filter orders by score when `by_score` (no sort was chosen).
#[must_use]
pub fn apply<S: AsRef<str> + Sync>(
    order: &[usize],
    search: &[S],
    filter: &Filter,
    by_score: bool,
) -> Vec<usize> {
    match filter {
        Filter::None | Filter::Tag(..) => order.to_vec(),
        Filter::Text(needle) => order
            .iter()
            .copied()
            .filter(|&i| search[i].as_ref().contains(needle.as_str()))
            .collect(),
        Filter::Not(needle) => order
            .iter()
            .copied()
            .filter(|&i| !search[i].as_ref().contains(needle.as_str()))
            .collect(),
        Filter::Fuzzy(text) => fuzzy(order, search, text, by_score),
    }
}

/// Whether every row that passes `new` also passes `old`, so `new` only needs to look at the
/// rows `old` showed: typing one more letter of a word, or deleting one after `!`. This is
/// what keeps a keystroke over 100,000 rows cheap after the first.
#[must_use]
pub fn narrows(old: &Filter, new: &Filter) -> bool {
    match (old, new) {
        (Filter::Text(old), Filter::Text(new)) => new.contains(old.as_str()),
        // Rows without "we" are rows without "web" too.
        (Filter::Not(old), Filter::Not(new)) => old.contains(new.as_str()),
        // A row that holds `new`'s letters in order holds `old`'s. Only for one plain word:
        // the matcher splits on whitespace into words that each must match, and folds
        // non-ASCII letters in ways this check does not follow.
        (Filter::Fuzzy(old), Filter::Fuzzy(new)) => {
            plain_word(old) && plain_word(new) && is_subsequence(old, new)
        }
        _ => false,
    }
}

fn plain_word(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
}

/// Whether `small`'s letters appear in `big` in order, ignoring ASCII case.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut big = big.bytes();
    small
        .bytes()
        .all(|s| big.any(|b| b.eq_ignore_ascii_case(&s)))
}

/// [`apply`] over only the rows in `previous` (the index of a filter that [`narrows`] to
/// this one), keeping `order`'s order: the same result, without looking at the rest.
#[must_use]
pub fn apply_narrowed<S: AsRef<str> + Sync>(
    order: &[usize],
    previous: &[usize],
    search: &[S],
    filter: &Filter,
    by_score: bool,
) -> Vec<usize> {
    let mut shown = vec![false; search.len()];
    for &i in previous {
        shown[i] = true;
    }
    let candidates: Vec<usize> = order.iter().copied().filter(|&i| shown[i]).collect();
    apply(&candidates, search, filter, by_score)
}

/// From this many rows on, fuzzy scoring is split across the machine's cores: one scoring
/// pass over 100,000 rows takes ~20 ms on one core (docs/PERFORMANCE.md), and the UI thread
/// waits for it.
const SCORE_IN_PARALLEL_FROM: usize = 20_000;

fn fuzzy<S: AsRef<str> + Sync>(
    order: &[usize],
    search: &[S],
    text: &str,
    by_score: bool,
) -> Vec<usize> {
    let words: Vec<Word> = lowercase(text).split_whitespace().map(Word::new).collect();
    let mut scored = in_parts(order, SCORE_IN_PARALLEL_FROM, |rows| {
        score(rows, search, &words)
    });
    if by_score {
        // Stable: equal scores keep the table's order.
        scored.sort_by_key(|s| std::cmp::Reverse(s.1));
    }
    scored.into_iter().map(|(i, _)| i).collect()
}

/// The rows of `rows` that every word matches, with their summed scores.
fn score<S: AsRef<str>>(rows: &[usize], search: &[S], words: &[Word]) -> Vec<(usize, u32)> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    rows.iter()
        .filter_map(|&i| {
            let haystack = utf32(name_of(search[i].as_ref()), &mut buf);
            words
                .iter()
                .try_fold(0u32, |total, word| {
                    word.score(haystack, &mut matcher)
                        .map(|s| total.saturating_add(u32::from(s)))
                })
                .map(|s| (i, s))
        })
        .collect()
}

/// Nucleo adds up a score in a `u16` per matched char (up to 26 each): a longer word overflows
/// it (a panic in debug builds, a wrapped score in release), so it is only matched, unscored.
const LONGEST_SCORED: usize = 1024;

/// One whitespace-separated word of a fuzzy filter, lowercased like the rows.
///
/// Not nucleo's `Pattern`: it folds case its own way (the Kelvin sign U+212A typed never found
/// the 'k' the row's lowercase holds, 'İ' never found "i\u{307}"), doubles a backslash in a
/// non-ASCII word, and keeps only the first char of each grapheme, so a word starting with a
/// combining mark never matched. Both sides are lowercased here and compared char by char.
struct Word {
    text: String,
    chars: Vec<char>,
    /// Nucleo's "smart" normalization: a plain word also matches accented letters.
    normalize: bool,
}

impl Word {
    fn new(word: &str) -> Word {
        Word {
            text: word.to_owned(),
            chars: word.chars().collect(),
            normalize: word
                .chars()
                .all(|c| nucleo_matcher::chars::normalize(c) == c),
        }
    }

    fn score(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u16> {
        if self.chars.len() > LONGEST_SCORED {
            return self.is_in(haystack).then_some(0);
        }
        matcher.config.ignore_case = false;
        matcher.config.normalize = self.normalize;
        let needle = if self.text.is_ascii() {
            Utf32Str::Ascii(self.text.as_bytes())
        } else {
            Utf32Str::Unicode(&self.chars)
        };
        matcher.fuzzy_match(haystack, needle)
    }

    /// Whether the word's chars appear in `haystack` in order: the match nucleo scores.
    fn is_in(&self, haystack: Utf32Str<'_>) -> bool {
        let mut rest = haystack.chars().map(|c| {
            if self.normalize {
                nucleo_matcher::chars::normalize(c)
            } else {
                c
            }
        });
        self.chars.iter().all(|&w| rest.any(|c| c == w))
    }
}

/// `text` as nucleo's chars, one per char (`Utf32Str::new` keeps one per grapheme).
fn utf32<'a>(text: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buf.clear();
        buf.extend(text.chars());
        Utf32Str::Unicode(buf)
    }
}

/// The name, second in a search text (after the ID): fuzzy matching over more would find short
/// patterns scattered across random IDs, IPs and dates in almost every row (`-f m5e` matched
/// every instance of a region whose IDs start `i-m5e`). Names hold no tab (it is sanitized).
fn name_of(search: &str) -> &str {
    let mut fields = search.split('\t');
    match (fields.next(), fields.next()) {
        (Some(_), Some(name)) => name,
        (Some(only), None) => only,
        _ => search,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_form() {
        assert_eq!(Filter::parse(""), Filter::None);
        assert_eq!(Filter::parse("  Web "), Filter::Text("web".into()));
        assert_eq!(Filter::parse("!Stopped"), Filter::Not("stopped".into()));
        assert_eq!(Filter::parse("!"), Filter::None);
        assert_eq!(Filter::parse("-f wb01"), Filter::Fuzzy("wb01".into()));
        assert_eq!(
            Filter::parse("-t env=prod"),
            Filter::Tag("env".into(), Some("prod".into()))
        );
        assert_eq!(Filter::parse("-t team"), Filter::Tag("team".into(), None));
        assert_eq!(Filter::parse("-t"), Filter::None);
        assert_eq!(Filter::parse("-tag"), Filter::Text("-tag".into()));
    }

    #[test]
    fn search_texts_in_parallel_are_each_rows_in_order() {
        let rows: Vec<Instance> = (0..SEARCH_TEXTS_IN_PARALLEL_FROM + 3)
            .map(|n| {
                let text = format!(r#"{{"InstanceId":"i-{n}","InstanceName":"Web-{n}"}}"#);
                let raw = serde_json::value::RawValue::from_string(text).expect("json");
                Instance::from_raw(raw).expect("instance")
            })
            .collect();
        let texts = search_texts(&rows);
        assert_eq!(texts.len(), rows.len());
        for (row, text) in rows.iter().zip(&texts) {
            assert_eq!(**text, search_text(row));
        }
        assert!(texts[rows.len() - 1].starts_with("i-10002\tweb-10002\t"));
    }

    #[test]
    fn scoring_in_parallel_gives_the_one_pass_result() {
        let rows = SCORE_IN_PARALLEL_FROM + 1_001;
        let search: Vec<String> = (0..rows)
            .map(|n| format!("i-{n:x}\tweb-{}-{}\trunning", n % 97, n % 13))
            .collect();
        let order: Vec<usize> = (0..rows).rev().collect();
        let words = [Word::new("wb9")];
        for by_score in [true, false] {
            let mut one_pass = score(&order, &search, &words);
            if by_score {
                one_pass.sort_by_key(|s| std::cmp::Reverse(s.1));
            }
            let one_pass: Vec<usize> = one_pass.into_iter().map(|(i, _)| i).collect();
            assert!(one_pass.len() > 100 && one_pass.len() < rows / 2);
            assert_eq!(fuzzy(&order, &search, "wb9", by_score), one_pass);
        }
    }

    #[test]
    fn narrowing_is_only_claimed_when_it_holds() {
        let text = |t: &str| Filter::Text(t.into());
        let not = |t: &str| Filter::Not(t.into());
        let fuzzy = |t: &str| Filter::Fuzzy(t.into());
        assert!(narrows(&text("we"), &text("web")));
        assert!(
            narrows(&text("eb"), &text("web")),
            "a letter typed in front"
        );
        assert!(!narrows(&text("web"), &text("we")), "deleting widens");
        assert!(narrows(&not("web"), &not("we")));
        assert!(!narrows(&not("we"), &not("web")));
        assert!(narrows(&fuzzy("wb"), &fuzzy("wb1")));
        assert!(narrows(&fuzzy("wb"), &fuzzy("WxB")));
        assert!(!narrows(&fuzzy("wb1"), &fuzzy("wb")));
        assert!(!narrows(&fuzzy("wb"), &fuzzy("wb 1")), "two words");
        assert!(!narrows(&fuzzy("wé"), &fuzzy("wéb")), "non-ASCII folding");
        assert!(!narrows(&Filter::None, &text("w")));
        assert!(!narrows(&text("w"), &not("w")));
        assert!(!narrows(&text("w"), &fuzzy("w")));
    }

    #[test]
    fn narrowed_results_equal_full_ones() {
        let search = [
            "i-1\tweb-01\trunning",
            "i-2\tdb-01\tstopped",
            "i-3\tweb-02\tstopped",
            "i-4\twb-03\trunning",
        ];
        let order = [3, 2, 1, 0];
        for (old, new) in [
            (Filter::Text("w".into()), Filter::Text("web".into())),
            (Filter::Not("web".into()), Filter::Not("w".into())),
            (Filter::Fuzzy("w".into()), Filter::Fuzzy("wb0".into())),
        ] {
            let previous = apply(&order, &search, &old, true);
            for by_score in [true, false] {
                assert_eq!(
                    apply_narrowed(&order, &previous, &search, &new, by_score),
                    apply(&order, &search, &new, by_score),
                    "{old:?} -> {new:?}"
                );
            }
        }
    }

    #[test]
    fn text_inverse_and_fuzzy() {
        let search = [
            "i-1\tweb-01\trunning",
            "i-2\tdb-01\tstopped",
            "i-3\tweb-02\tstopped\t2024-01-01",
        ];
        let order = [2, 1, 0];
        assert_eq!(
            apply(&order, &search, &Filter::Text("web".into()), true),
            [2, 0]
        );
        assert_eq!(
            apply(&order, &search, &Filter::Not("web".into()), true),
            [1]
        );
        assert_eq!(
            apply(&order, &search, &Filter::Fuzzy("wb2".into()), true),
            [2]
        );
        // Not found across other columns (the date has a 2).
        assert_eq!(
            apply(&order, &search, &Filter::Fuzzy("wb4".into()), true),
            [] as [usize; 0]
        );
        // Nor in the ID: "i3" is only there.
        assert_eq!(
            apply(&order, &search, &Filter::Fuzzy("i3".into()), true),
            [] as [usize; 0]
        );
        assert_eq!(
            apply(&order, &search, &Filter::Tag("env".into(), None), true),
            order
        );
    }

    /// Found by tests/hostile_filter.rs: rows the user typed and did not get (the `-f ΑΣ` and
    /// `-f e` cases worked before and must keep working).
    #[test]
    fn what_is_typed_finds_the_row_that_shows_it() {
        let row = |name: &str| format!("i-1\t{}\trunning", lowercase(name));
        let shows =
            |typed: &str, name: &str| apply(&[0], &[row(name)], &Filter::parse(typed), true) == [0];
        // A final 'Σ' lowercased alone is 'ς'; in the row it was 'σ'.
        assert!(shows("ΑΣ", "ΑΣΑ"));
        assert!(shows("-f ΑΣ", "ΑΣΑ"));
        // Nucleo folded neither the Kelvin sign nor 'İ' as the row's lowercase did.
        assert!(shows("-f \u{212A}", "A0\u{212A}"));
        assert!(shows("-f İ", "xİ"));
        // Nucleo doubled a backslash in a non-ASCII word.
        assert!(shows("-f ¡\\¡", "¡\\¡"));
        // Nucleo kept one char per grapheme: a word starting with a combining mark never matched.
        assert!(shows("-f \u{301}", "e\u{301}"));
        // A plain word still matches accented letters.
        assert!(shows("-f e", "é"));
    }

    /// Found by tests/hostile_filter.rs: nucleo's u16 score overflowed (a panic in debug
    /// builds) on a fuzzy word of a few thousand chars.
    #[test]
    fn a_fuzzy_word_too_long_to_score_is_still_matched() {
        for len in [LONGEST_SCORED, LONGEST_SCORED + 1, 3000] {
            let name = "a".repeat(len);
            let search = [format!("i-1\t{name}"), format!("i-2\t{}", &name[1..])];
            let shown = apply(
                &[1, 0],
                &search,
                &Filter::parse(&format!("-f {name}")),
                true,
            );
            assert_eq!(shown, [0], "{len} chars");
        }
    }
}
