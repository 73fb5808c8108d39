//! Sorting the instance table: the keys `N S T Z A P`, their words, and the order they produce.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use crate::api::Instance;
use crate::columns::Column;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Status,
    Type,
    Zone,
    /// Creation time: oldest first.
    Age,
    Region,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Status,
        SortKey::Type,
        SortKey::Zone,
        SortKey::Age,
        SortKey::Region,
    ];

    /// How the help, the flash and the title name it.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Status => "status",
            SortKey::Type => "type",
            SortKey::Zone => "zone",
            SortKey::Age => "age",
            SortKey::Region => "region",
        }
    }

    /// The column whose header carries the ▲/▼ marker.
    #[must_use]
    pub fn column(self) -> Column {
        match self {
            SortKey::Name => Column::Name,
            SortKey::Status => Column::Status,
            SortKey::Type => Column::Type,
            SortKey::Zone => Column::Zone,
            SortKey::Age => Column::Created,
            SortKey::Region => Column::Region,
        }
    }
}

/// The statuses in the order an instance lives through them; the table sorts by it, as
/// "Pending, Running, Stopped" reads better than the alphabet's "Pending, Running, Starting".
const LIFECYCLE: [&str; 5] = ["Pending", "Starting", "Running", "Stopping", "Stopped"];

/// A status's place in [`LIFECYCLE`]; one it does not name comes after.
fn lifecycle(status: &str) -> usize {
    LIFECYCLE
        .iter()
        .position(|s| s.eq_ignore_ascii_case(status))
        .unwrap_or(LIFECYCLE.len())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub reverse: bool,
}

impl Sort {
    /// `▲` or `▼`.
    #[must_use]
    pub fn marker(self) -> &'static str {
        if self.reverse { "▼" } else { "▲" }
    }

    /// The next sort after pressing `key`: the same key again reverses.
    #[must_use]
    pub fn toggle(current: Option<Sort>, key: SortKey) -> Sort {
        match current {
            Some(s) if s.key == key => Sort {
                key,
                reverse: !s.reverse,
            },
            _ => Sort {
                key,
                reverse: false,
            },
        }
    }
}

/// The rows' positions in display order: the API's order without a sort, else stable by the
/// key (case-insensitive text), so equal keys keep the API's order.
#[must_use]
pub fn order(rows: &[Arc<Instance>], sort: Option<Sort>) -> Vec<usize> {
    let Some(sort) = sort else {
        return (0..rows.len()).collect();
    };
    // Keys computed once per row, not once per comparison, and sorted beside their
    // positions: comparing reads the pair, not a row through its pointer.
    if sort.key == SortKey::Age {
        sorted_by(rows.iter().map(|r| r.creation_time), sort.reverse)
    } else if sort.key == SortKey::Status {
        // By lifecycle, then statuses it does not name by their text.
        sorted_by(
            rows.iter()
                .map(|r| (lifecycle(&r.status), TextKey::new(text_key(r, sort.key)))),
            sort.reverse,
        )
    } else {
        sorted_by(
            rows.iter().map(|r| TextKey::new(text_key(r, sort.key))),
            sort.reverse,
        )
    }
}

/// Positions ordered by their keys; equal keys keep their positions' order (so an unstable
/// sort, faster, gives the stable result).
fn sorted_by<K: Ord>(keys: impl Iterator<Item = K>, reverse: bool) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = keys.zip(0..).collect();
    if reverse {
        keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    } else {
        keyed.sort_unstable();
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// A text sort key that compares its first 16 bytes without leaving the sorted array: most
/// comparisons of 100,000 names are decided there, instead of reading two strings scattered
/// over the heap.
struct TextKey<'a> {
    /// The first 16 bytes, big-endian, zero-padded: ordered as the text is.
    head: u128,
    text: Cow<'a, str>,
}

impl<'a> TextKey<'a> {
    fn new(text: Cow<'a, str>) -> Self {
        let mut head = [0u8; 16];
        let n = text.len().min(16);
        head[..n].copy_from_slice(&text.as_bytes()[..n]);
        TextKey {
            head: u128::from_be_bytes(head),
            text,
        }
    }
}

impl Ord for TextKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.head.cmp(&other.head).then_with(|| {
            let (a, b) = (self.text.len(), other.text.len());
            if a <= 16 && b <= 16 {
                // Equal heads and both whole in them: the shorter is a prefix of the other.
                a.cmp(&b)
            } else {
                self.text.cmp(&other.text)
            }
        })
    }
}

impl PartialOrd for TextKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for TextKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for TextKey<'_> {}

/// The row's text for `key`, lowercase; borrowed when it already is (most names are), as
/// allocating 100,000 copies took longer than the sort.
fn text_key(row: &Instance, key: SortKey) -> Cow<'_, str> {
    let text = match key {
        SortKey::Name => &row.instance_name,
        SortKey::Status => &row.status,
        SortKey::Type => &row.instance_type,
        SortKey::Zone => &row.zone_id,
        SortKey::Region => &row.region_id,
        SortKey::Age => return Cow::Borrowed(""),
    };
    if !text.is_ascii() {
        Cow::Owned(text.to_lowercase())
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> Arc<Instance> {
        let text = format!(r#"{{"InstanceId":"i-{name}","InstanceName":"{name}"}}"#);
        let raw = serde_json::value::RawValue::from_string(text).expect("json");
        Arc::new(Instance::from_raw(raw).expect("instance"))
    }

    proptest::proptest! {
        /// The 16-byte head decides only as the whole text would: guards `TextKey::cmp`.
        #[test]
        fn text_keys_order_as_their_texts(a in "[ab\\x00é]{0,20}", b in "[ab\\x00é]{0,20}") {
            let key = |t: &str| TextKey::new(Cow::Owned(t.to_owned()));
            proptest::prop_assert_eq!(key(&a).cmp(&key(&b)), a.cmp(&b));
        }
    }

    #[test]
    fn equal_keys_keep_the_api_order_both_ways() {
        let rows: Vec<_> = ["b", "A", "c", "a", "B"].into_iter().map(row).collect();
        let by_name = |reverse| {
            order(
                &rows,
                Some(Sort {
                    key: SortKey::Name,
                    reverse,
                }),
            )
        };
        // Case-insensitive; "A" (1) came before "a" (3), "b" (0) before "B" (4).
        assert_eq!(by_name(false), [1, 3, 0, 4, 2]);
        assert_eq!(by_name(true), [2, 0, 4, 1, 3]);
        assert_eq!(order(&rows, None), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_same_key_again_reverses_and_another_starts_ascending() {
        let name = Sort::toggle(None, SortKey::Name);
        assert_eq!(name.marker(), "▲");
        let again = Sort::toggle(Some(name), SortKey::Name);
        assert!(again.reverse);
        assert_eq!(again.marker(), "▼");
        assert!(!Sort::toggle(Some(again), SortKey::Name).reverse);
        assert_eq!(
            Sort::toggle(Some(again), SortKey::Zone),
            Sort {
                key: SortKey::Zone,
                reverse: false
            }
        );
    }
}
