//! Spare table width for the columns whose values vary most: NAME, then TYPE (and tag
//! columns), up to their longest value on screen.

use unicode_width::UnicodeWidthStr as _;

use crate::api::Instance;
use crate::columns::Column;

/// Widens NAME, then TYPE and tag columns, with whatever `width` leaves after the columns
/// and their one-column gaps, each up to its longest value among `rows`.
pub fn widen<'a>(
    columns: &mut [(Column, u16)],
    width: u16,
    rows: impl Iterator<Item = &'a Instance> + Clone,
) {
    let used: u16 = columns.iter().map(|(_, w)| *w).sum::<u16>()
        + u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let mut spare = width.saturating_sub(used);
    for kind in [Column::Name, Column::Type] {
        for (column, w) in columns.iter_mut() {
            let wanted = match &*column {
                Column::Tag(_) => kind == Column::Type,
                c => *c == kind,
            };
            if spare == 0 || !wanted {
                continue;
            }
            let longest = rows
                .clone()
                .map(|i| column.value(i).width())
                .max()
                .unwrap_or(0);
            let longest = u16::try_from(longest).unwrap_or(u16::MAX);
            let grow = longest.saturating_sub(*w).min(spare);
            *w += grow;
            spare -= grow;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(name: &str, kind: &str) -> Instance {
        let raw = serde_json::json!({
            "InstanceId": "i-1", "InstanceName": name, "InstanceType": kind, "RegionId": "cn-hangzhou",
        });
        Instance::from_raw(serde_json::value::RawValue::from_string(raw.to_string()).expect("raw"))
            .expect("instance")
    }

    #[test]
    fn name_then_type_take_what_they_need_of_the_spare_width() {
        let rows = [
            instance(
                "k8s-node-production-cluster-east-01",
                "ecs.gn7i-c8g1.2xlarge",
            ),
            instance("web", "ecs.g7.large"),
        ];
        let mut columns = vec![(Column::Id, 22), (Column::Name, 20), (Column::Type, 16)];
        // 60 used (with gaps); 100 leaves 40: NAME needs 15 more, TYPE 5.
        widen(&mut columns, 100, rows.iter());
        assert_eq!(columns[1].1, 35);
        assert_eq!(columns[2].1, 21);
        // Not enough for both: NAME first.
        let mut columns = vec![(Column::Id, 22), (Column::Name, 20), (Column::Type, 16)];
        widen(&mut columns, 70, rows.iter());
        assert_eq!((columns[1].1, columns[2].1), (30, 16));
    }

    #[test]
    fn short_values_leave_the_width_alone() {
        let rows = [instance("web", "ecs.g7.large")];
        let mut columns = vec![(Column::Id, 22), (Column::Name, 20), (Column::Type, 16)];
        widen(&mut columns, 200, rows.iter());
        assert_eq!((columns[1].1, columns[2].1), (20, 16));
    }
}
