//! The screen's fixed parts, shared with `ui` so both agree on how many rows fit.

/// Header line and footer line.
pub const CHROME: u16 = 2;

/// Width of the region pane for a terminal `width` wide.
#[must_use]
pub fn region_pane_width(width: u16) -> u16 {
    (width / 3).clamp(18, 34)
}
