//! The screen's parts and their sizes, shared by `update` and `ui` so both agree on what is
//! where: the region pane's width (or none), the table's columns, the minimum size.

use unicode_width::UnicodeWidthStr as _;

use super::{App, Command, Focus};
use crate::columns::{FIRST_COLUMNS, TableColumns};

/// Header line and footer line.
pub const CHROME: u16 = 2;

/// Below this the panes cannot show an ID beside the regions: the screen says so instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The narrowest region pane: a short region id and its marker.
const MIN_REGION_PANE: u16 = 16;
/// The "All regions" row.
const ALL_REGIONS: &str = "0 All regions";

impl App {
    /// Whether the terminal is too small to draw the panes.
    #[must_use]
    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Whether the region pane is on screen: always, unless hidden (`z`); a hidden pane still
    /// comes back while it has the focus, so `Tab`/`h` never move the focus out of sight.
    #[must_use]
    pub fn regions_shown(&self) -> bool {
        !self.regions_hidden || self.focus == Focus::Regions
    }

    /// Width of the region pane (0 when hidden): what its longest row needs (region id, local
    /// name, a count and the marker), up to a third of the screen, and no more than leaves
    /// the table its first columns (ID, NAME, STATUS, the IPs) when a narrower pane still
    /// shows whole region ids.
    #[must_use]
    pub fn region_pane_width(&self) -> u16 {
        if !self.regions_shown() {
            return 0;
        }
        // Cursor, text, a gap, the count, a space and the marker, and the borders.
        let count = self.count_room();
        let row = |text: usize| {
            u16::try_from(text)
                .unwrap_or(u16::MAX)
                .saturating_add(2 + 1 + count + 2 + 2)
        };
        let regions = &self.regions.regions;
        // The key column of favourite regions (`1 cn-hangzhou`), when there are any.
        let key = if self.ui.favorite_regions.is_empty() {
            0
        } else {
            2
        };
        let ids = regions.iter().map(|r| key + r.region_id.width());
        let names = regions
            .iter()
            .map(|r| key + r.region_id.width() + 1 + r.local_name.width());
        let all = ALL_REGIONS.width();
        let ids = row(ids.chain([all]).max().unwrap_or(all));
        let need = row(names.chain([all]).max().unwrap_or(all));
        let table = self.table_first_width();
        let leaves_table = self.width.saturating_sub(table).max(ids);
        need.min(self.width / 3)
            .min(leaves_table)
            .max(MIN_REGION_PANE)
    }

    /// Room for the widest count the pane may show: the total of "All regions", and a column
    /// for the `+` of a total still partial. It grows only when the total gains a digit, so
    /// the pane does not move with each answer.
    fn count_room(&self) -> u16 {
        let (total, _) = self.inventory_total();
        let digits = total.max(1).ilog10() + 1;
        // `2,431`: a comma every three digits.
        let text = digits + (digits - 1) / 3;
        u16::try_from(text + 1).unwrap_or(u16::MAX).max(3)
    }

    /// Width of the instance pane, borders included.
    #[must_use]
    pub fn instance_pane_width(&self) -> u16 {
        self.width.saturating_sub(self.region_pane_width())
    }

    /// The instance table's columns: the config's (or the default ones), and a Region column
    /// in "All regions". The CSV export writes these too, fitting on screen or not.
    #[must_use]
    pub fn table_columns(&self) -> TableColumns {
        TableColumns::new(
            &self.ui.columns,
            self.current_region.is_none() && self.all.active,
        )
    }

    /// The instance pane's width for the table's most important columns and its borders.
    fn table_first_width(&self) -> u16 {
        let columns = self.table_columns();
        let first = &columns.priority[..columns.priority.len().min(FIRST_COLUMNS)];
        let gaps = u16::try_from(first.len().saturating_sub(1)).unwrap_or(u16::MAX);
        first
            .iter()
            .map(crate::columns::Column::typical_width)
            .fold(gaps + 2, u16::saturating_add)
    }

    /// `z`: hides the region pane for a full-width table (the focus goes to the table), or
    /// brings it back.
    pub(super) fn toggle_regions(&mut self) -> Vec<Command> {
        if self.regions_shown() {
            self.regions_hidden = true;
            self.focus = Focus::Instances;
        } else {
            self.regions_hidden = false;
        }
        Vec::new()
    }
}
