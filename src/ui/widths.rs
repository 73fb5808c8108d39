//! The table's column widths: which columns fit (by priority), and the spare width for the
//! columns whose values vary most: NAME, then TYPE (and tag columns).

use crate::columns::{Column, DEFAULT_COLUMNS, Longest, TableColumns};

pub use crate::columns::MAX_COLUMN_WIDTH;

/// `text` as a table cell: whole up to [`MAX_COLUMN_WIDTH`] columns, else cut with `…`.
#[must_use]
pub fn cap_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let fitted = super::text::fit(text, MAX_COLUMN_WIDTH);
    if fitted.len() == text.len() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(fitted)
    }
}

/// Narrower than this, a column that does not fit whole is left out rather than squeezed.
const MIN_SQUEEZED: u16 = 6;

/// The default columns that fit in `width`, with their widths, in the order they are drawn.
#[must_use]
pub fn fit_columns(width: u16) -> Vec<(Column, u16)> {
    fit(&TableColumns::new(&DEFAULT_COLUMNS, false), width)
}

/// The columns that fit in `width` with their widths, in the order they are drawn. They are
/// taken by priority: the ID always stays, and the first column that does not fit whole
/// gets what is left when that is enough to be useful; the ones after it give way.
#[must_use]
pub fn fit(columns: &TableColumns, width: u16) -> Vec<(Column, u16)> {
    let mut used = 0u16;
    let mut kept: Vec<(Column, u16)> = Vec::new();
    for column in &columns.priority {
        let gap = u16::from(!kept.is_empty());
        let want = column.typical_width();
        if kept.is_empty() || used + gap + want <= width {
            used += gap + want;
            kept.push((column.clone(), want));
            continue;
        }
        let left = width.saturating_sub(used + gap);
        // Cut dates, IPs and numbers would mislead; cut names still help.
        if left >= MIN_SQUEEZED && matches!(column, Column::Name | Column::Type | Column::Tag(_)) {
            kept.push((column.clone(), left));
        }
        break;
    }
    columns
        .order
        .iter()
        .filter_map(|c| kept.iter().find(|(k, _)| k == c).cloned())
        .collect()
}

/// Widens NAME, then TYPE and tag columns, with whatever `width` leaves after the columns
/// and their one-column gaps, each up to its longest value in the answer.
pub fn widen(columns: &mut [(Column, u16)], width: u16, longest: &Longest) {
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
            let grow = longest
                .get(column)
                .unwrap_or(0)
                .saturating_sub(*w)
                .min(spare);
            *w += grow;
            spare -= grow;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::api::Instance;

    #[test]
    fn the_addresses_stay_before_the_dates_and_the_draw_order_is_kept() {
        let names =
            |width| -> Vec<Column> { fit_columns(width).into_iter().map(|(c, _)| c).collect() };
        // ID NAME STATUS PRIVATE IP PUBLIC IP: 22+20+8+15+15 and four gaps.
        assert_eq!(
            names(84),
            [
                Column::Id,
                Column::Name,
                Column::Status,
                Column::PrivateIp,
                Column::PublicIp
            ]
        );
        // TYPE comes next by priority, and is drawn where it always is, after STATUS.
        assert_eq!(names(101)[3], Column::Type);
        assert_eq!(names(400), DEFAULT_COLUMNS);
    }

    fn instance(name: &str, kind: &str) -> Arc<Instance> {
        let raw = serde_json::json!({
            "InstanceId": "i-1", "InstanceName": name, "InstanceType": kind, "RegionId": "cn-hangzhou",
        });
        Arc::new(
            Instance::from_raw(
                serde_json::value::RawValue::from_string(raw.to_string()).expect("raw"),
            )
            .expect("instance"),
        )
    }

    #[test]
    fn a_cell_is_capped_with_an_ellipsis_and_short_ones_stay_whole() {
        use unicode_width::UnicodeWidthStr as _;
        let huge = "n".repeat(10 << 20);
        let capped = cap_cell(&huge);
        assert_eq!(capped.width(), MAX_COLUMN_WIDTH);
        assert!(capped.ends_with('…') && capped.starts_with("nnn"));
        let wide = "名".repeat(200);
        assert!(cap_cell(&wide).width() <= MAX_COLUMN_WIDTH);
        assert!(cap_cell(&wide).ends_with('…'));
        let name = "k8s-node-production-cluster-east-01";
        assert!(matches!(cap_cell(name), std::borrow::Cow::Borrowed(n) if n == name));
        let exact = "x".repeat(MAX_COLUMN_WIDTH);
        assert_eq!(cap_cell(&exact), exact, "exactly the cap is not cut");
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
        widen(&mut columns, 100, &Longest::of(&rows));
        assert_eq!(columns[1].1, 35);
        assert_eq!(columns[2].1, 21);
        // Not enough for both: NAME first.
        let mut columns = vec![(Column::Id, 22), (Column::Name, 20), (Column::Type, 16)];
        widen(&mut columns, 70, &Longest::of(&rows));
        assert_eq!((columns[1].1, columns[2].1), (30, 16));
    }

    #[test]
    fn short_values_leave_the_width_alone() {
        let rows = [instance("web", "ecs.g7.large")];
        let mut columns = vec![(Column::Id, 22), (Column::Name, 20), (Column::Type, 16)];
        widen(&mut columns, 200, &Longest::of(&rows));
        assert_eq!((columns[1].1, columns[2].1), (20, 16));
    }
}
