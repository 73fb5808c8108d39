//! The curated instance columns, shared by the table output and the browser.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::api::Instance;
use chrono::{DateTime, Datelike as _, Timelike as _, Utc};
use unicode_width::UnicodeWidthStr as _;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    Status,
    Type,
    Vcpu,
    Memory,
    Zone,
    PrivateIp,
    PublicIp,
    Created,
    ChargeType,
    Expires,
    Region,
    /// The value of one tag, `tag:KEY` in the config.
    Tag(String),
}

/// The default columns, in the order they are drawn.
pub const DEFAULT_COLUMNS: [Column; 12] = [
    Column::Id,
    Column::Name,
    Column::Status,
    Column::Type,
    Column::Vcpu,
    Column::Memory,
    Column::Zone,
    Column::PrivateIp,
    Column::PublicIp,
    Column::Created,
    Column::ChargeType,
    Column::Expires,
];

/// The default columns from the most important to the least: narrow screens drop them from
/// the end of this list, so the addresses an operator connects to outlast dates and billing.
pub const DEFAULT_PRIORITY: [Column; 12] = [
    Column::Id,
    Column::Name,
    Column::Status,
    Column::PrivateIp,
    Column::PublicIp,
    Column::Type,
    Column::Zone,
    Column::Vcpu,
    Column::Memory,
    Column::Created,
    Column::ChargeType,
    Column::Expires,
];

/// The widest a table cell is printed where no terminal width bounds it (the CLI table piped
/// to a file): one 100 MB name must not pad the header and every row to 100 MB. Far above any
/// real name (ECS allows 128 characters); JSON and CSV stay exact.
pub const MAX_COLUMN_WIDTH: usize = 256;

/// How many of a table's most important columns the region pane makes room for.
pub const FIRST_COLUMNS: usize = 5;

/// A table's columns: `order` is how they are drawn, `priority` which stay when not all fit
/// (most important first). Both hold the same columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumns {
    pub order: Vec<Column>,
    pub priority: Vec<Column>,
}

impl TableColumns {
    /// The table for the configured `columns` (the defaults unless the config says), with a
    /// Region column after the ID when the rows come from several regions. A configured list
    /// is its own priority, except that the ID always comes first and the Region after the
    /// Status (or after the ID when there is no Status).
    #[must_use]
    pub fn new(columns: &[Column], all_regions: bool) -> TableColumns {
        let mut order = columns.to_vec();
        if all_regions && !order.contains(&Column::Region) {
            let at = order
                .iter()
                .position(|c| *c == Column::Id)
                .map_or(0, |i| i + 1);
            order.insert(at, Column::Region);
        }
        let mut priority = if columns == DEFAULT_COLUMNS {
            DEFAULT_PRIORITY.to_vec()
        } else {
            columns.to_vec()
        };
        if let Some(id) = priority.iter().position(|c| *c == Column::Id) {
            let id = priority.remove(id);
            priority.insert(0, id);
        }
        if all_regions {
            // Which region a row is in matters, but less than what it is and whether it runs:
            // at 80 columns a Region before the Status pushed the Status off the screen.
            priority.retain(|c| *c != Column::Region);
            let after = priority
                .iter()
                .position(|c| *c == Column::Status)
                .or_else(|| priority.iter().position(|c| *c == Column::Id))
                .map_or(0, |i| i + 1);
            priority.insert(after, Column::Region);
        }
        TableColumns { order, priority }
    }
}

impl Column {
    /// Parses a config name: `id`, `name`, ..., or `tag:KEY`.
    #[must_use]
    pub fn parse(name: &str) -> Option<Column> {
        if let Some(key) = name.strip_prefix("tag:") {
            return Some(Column::Tag(key.to_owned()));
        }
        Some(
            match name.to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
                "id" | "instance_id" => Column::Id,
                "name" | "instance_name" => Column::Name,
                "status" => Column::Status,
                "type" | "instance_type" => Column::Type,
                "vcpu" | "cpu" => Column::Vcpu,
                "memory" | "mem" => Column::Memory,
                "zone" | "zone_id" => Column::Zone,
                "private_ip" => Column::PrivateIp,
                "public_ip" | "eip" => Column::PublicIp,
                "created" | "creation_time" => Column::Created,
                "charge_type" | "charge" => Column::ChargeType,
                "expires" | "expired_time" => Column::Expires,
                "region" | "region_id" => Column::Region,
                _ => return None,
            },
        )
    }

    #[must_use]
    pub fn header(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Column::Id => "ID",
            Column::Name => "NAME",
            Column::Status => "STATUS",
            Column::Type => "TYPE",
            Column::Vcpu => "VCPU",
            Column::Memory => "MEM(GiB)",
            Column::Zone => "ZONE",
            Column::PrivateIp => "PRIVATE IP",
            Column::PublicIp => "PUBLIC IP/EIP",
            Column::Created => "CREATED",
            Column::ChargeType => "CHARGE",
            Column::Expires => "EXPIRES",
            Column::Region => "REGION",
            Column::Tag(key) => return Cow::Owned(format!("TAG:{}", key.to_uppercase())),
        })
    }

    /// A width that fits typical values, for laying out a table before seeing every row.
    #[must_use]
    pub fn typical_width(&self) -> u16 {
        match self {
            Column::Id => 22,
            Column::Name => 20,
            Column::Status => 8,
            Column::Type => 16,
            Column::Vcpu => 4,
            Column::Memory => 8,
            Column::Zone => 14,
            Column::PrivateIp | Column::PublicIp => 15,
            Column::Created => 16,
            Column::ChargeType => 8,
            Column::Expires => 10,
            Column::Region => 15,
            // Room for the header (`TAG:OWNER`) when it is not too long.
            Column::Tag(key) => u16::try_from(key.chars().count() + 4)
                .unwrap_or(u16::MAX)
                .clamp(12, 20),
        }
    }

    /// The cell text, safe to put on a terminal.
    #[must_use]
    pub fn value<'a>(&self, i: &'a Instance) -> Cow<'a, str> {
        match self {
            Column::Id => sanitize(&i.instance_id),
            Column::Name => sanitize(&i.instance_name),
            Column::Status => sanitize(&i.status),
            Column::Type => sanitize(&i.instance_type),
            Column::Vcpu => Cow::Owned(i.cpu.to_string()),
            Column::Memory => Cow::Owned(format_gib(i.memory_mib)),
            Column::Zone => sanitize(&i.zone_id),
            Column::PrivateIp => sanitize(i.private_address().unwrap_or("")),
            Column::PublicIp => sanitize(i.public_address().unwrap_or("")),
            Column::Created => Cow::Owned(i.creation_time.map(minute).unwrap_or_default()),
            Column::ChargeType => sanitize(&i.instance_charge_type),
            Column::Expires => Cow::Owned(i.expires().map(day).unwrap_or_default()),
            Column::Region => sanitize(&i.region_id),
            Column::Tag(key) => sanitize(i.tag(key).unwrap_or("")),
        }
    }
}

/// The widest value of each column the table widens (NAME, TYPE, tags), over every row of an
/// answer: widths taken from the rows on screen would move the columns at each sort or scroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Longest {
    name: u16,
    kind: u16,
    tags: HashMap<String, u16>,
}

impl Longest {
    #[must_use]
    pub fn of(rows: &[Arc<Instance>]) -> Longest {
        let mut longest = Longest::default();
        longest.add(rows);
        longest
    }

    /// Takes more rows of the same answer into account.
    pub fn add(&mut self, rows: &[Arc<Instance>]) {
        let width = |text: &str| u16::try_from(sanitize(text).width()).unwrap_or(u16::MAX);
        for row in rows {
            self.name = self.name.max(width(&row.instance_name));
            self.kind = self.kind.max(width(&row.instance_type));
            for tag in &row.tags {
                let w = width(&tag.value);
                match self.tags.get_mut(&tag.key) {
                    Some(longest) => *longest = (*longest).max(w),
                    None => {
                        self.tags.insert(tag.key.clone(), w);
                    }
                }
            }
        }
    }

    /// The widest value of `column`, for the columns that are widened.
    #[must_use]
    pub fn get(&self, column: &Column) -> Option<u16> {
        match column {
            Column::Name => Some(self.name),
            Column::Type => Some(self.kind),
            Column::Tag(key) => Some(self.tags.get(key).copied().unwrap_or(0)),
            _ => None,
        }
    }
}

/// `2024-05-01 09:30`. Written directly: chrono's `format` reads its pattern again for each
/// of 100,000 rows, a tenth of the time taken to index an answer.
fn minute(t: DateTime<Utc>) -> String {
    if (0..=9999).contains(&t.year()) {
        format!("{} {:02}:{:02}", day(t), t.hour(), t.minute())
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// `2024-05-01`.
fn day(t: DateTime<Utc>) -> String {
    if (0..=9999).contains(&t.year()) {
        format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}

/// `8`, `0.5`, `1.5`: whole GiB without decimals.
#[must_use]
pub fn format_gib(mib: u64) -> String {
    if mib.is_multiple_of(1024) {
        (mib / 1024).to_string()
    } else {
        #[allow(clippy::cast_precision_loss)]
        let gib = mib as f64 / 1024.0;
        format!("{gib:.1}")
    }
}

/// The bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
/// what follows them on the terminal's line.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Control characters (escape sequences, newlines, bidi overrides) could move the cursor or
/// restyle the terminal when drawn; they are shown as `�` instead. THE one function every
/// text output goes through: the browser's cells, CLI tables and CSV
/// (`output::write_table_rows`), stderr lines (`exit::one_line`).
#[must_use]
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || is_bidi_control(c);
    if text.chars().any(bad) {
        Cow::Owned(
            text.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_chrono_formats_them() {
        use chrono::TimeZone as _;
        for (y, mo, d, h, mi) in [(2024, 5, 1, 9, 3), (1999, 12, 31, 23, 59), (33, 1, 2, 0, 0)] {
            let t = Utc
                .with_ymd_and_hms(y, mo, d, h, mi, 7)
                .single()
                .expect("time");
            assert_eq!(minute(t), t.format("%Y-%m-%d %H:%M").to_string());
            assert_eq!(day(t), t.format("%Y-%m-%d").to_string());
        }
        let far = Utc
            .with_ymd_and_hms(12_345, 1, 2, 3, 4, 5)
            .single()
            .expect("time");
        assert_eq!(minute(far), "+12345-01-02 03:04");
    }

    #[test]
    fn gib_formatting() {
        assert_eq!(format_gib(8192), "8");
        assert_eq!(format_gib(512), "0.5");
        assert_eq!(format_gib(0), "0");
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("web\x1b[2J-01\n"), "web\u{FFFD}[2J-01\u{FFFD}");
        assert!(matches!(sanitize("plain 名字"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_id_comes_first_the_region_after_the_status_and_a_configured_order_is_its_priority() {
        let configured = [Column::Name, Column::Tag("env".into()), Column::Id];
        let plain = TableColumns::new(&configured, false);
        assert_eq!(plain.order, configured);
        assert_eq!(
            plain.priority,
            [Column::Id, Column::Name, Column::Tag("env".into())]
        );
        let all = TableColumns::new(&configured, true);
        assert_eq!(
            all.order,
            [
                Column::Name,
                Column::Tag("env".into()),
                Column::Id,
                Column::Region
            ]
        );
        assert_eq!(all.priority[..2], [Column::Id, Column::Region]);
        let default_all = TableColumns::new(&DEFAULT_COLUMNS, true);
        assert_eq!(
            default_all.priority[..4],
            [Column::Id, Column::Name, Column::Status, Column::Region]
        );
        let default = TableColumns::new(&DEFAULT_COLUMNS, false);
        assert_eq!(default.order, DEFAULT_COLUMNS);
        assert_eq!(default.priority, DEFAULT_PRIORITY);
    }

    #[test]
    fn parses_config_names() {
        assert_eq!(Column::parse("private_ip"), Some(Column::PrivateIp));
        assert_eq!(Column::parse("tag:env"), Some(Column::Tag("env".into())));
        assert_eq!(Column::parse("bogus"), None);
    }
}
