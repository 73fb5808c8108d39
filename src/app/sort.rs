//! Sorting the instance table: the keys `N S T Z A P`, and the order they produce.

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
    } else {
        sorted_by(rows.iter().map(|r| text_key(r, sort.key)), sort.reverse)
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

fn text_key(row: &Instance, key: SortKey) -> String {
    match key {
        SortKey::Name => row.instance_name.to_lowercase(),
        SortKey::Status => row.status.to_lowercase(),
        SortKey::Type => row.instance_type.to_lowercase(),
        SortKey::Zone => row.zone_id.to_lowercase(),
        SortKey::Region => row.region_id.to_lowercase(),
        SortKey::Age => String::new(),
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
