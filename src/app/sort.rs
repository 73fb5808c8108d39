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
    let order: Vec<usize> = (0..rows.len()).collect();
    let Some(sort) = sort else {
        return order;
    };
    // Keys computed once per row, not once per comparison.
    if sort.key == SortKey::Age {
        let keys: Vec<_> = rows.iter().map(|r| r.creation_time).collect();
        sorted_by(order, &keys, sort.reverse)
    } else {
        let keys: Vec<String> = rows.iter().map(|r| text_key(r, sort.key)).collect();
        sorted_by(order, &keys, sort.reverse)
    }
}

fn sorted_by<K: Ord>(mut order: Vec<usize>, keys: &[K], reverse: bool) -> Vec<usize> {
    if reverse {
        order.sort_by(|a, b| keys[*b].cmp(&keys[*a]));
    } else {
        order.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
    order
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
