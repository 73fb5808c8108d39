//! The screen's fixed parts, shared with `ui` so both agree on how many rows fit.

use super::App;
use crate::columns::TableColumns;

/// Header line and footer line.
pub const CHROME: u16 = 2;

/// Width of the region pane for a terminal `width` wide.
#[must_use]
pub fn region_pane_width(width: u16) -> u16 {
    (width / 3).clamp(18, 34)
}

impl App {
    /// The instance table's columns: the config's (or the default ones), and a Region column
    /// in "All regions". The CSV export writes these too, fitting on screen or not.
    #[must_use]
    pub fn table_columns(&self) -> TableColumns {
        TableColumns::new(
            &self.ui.columns,
            self.current_region.is_none() && self.all.active,
        )
    }
}
