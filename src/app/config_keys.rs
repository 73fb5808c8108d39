//! What the UI config turns on: favourite regions on `1`–`9`, auto-refresh, and the mouse.

use super::navigate::Move;
use super::{App, Command, FlashLevel, Focus, view};

impl App {
    /// `n` (1-based): the n-th of `favorite_regions`.
    pub(super) fn select_favorite(&mut self, n: usize) -> Vec<Command> {
        let Some(region) = n
            .checked_sub(1)
            .and_then(|i| self.ui.favorite_regions.get(i))
            .cloned()
        else {
            self.flash(
                FlashLevel::Info,
                format!("no favourite region {n}: set favorite_regions in the config"),
            );
            return Vec::new();
        };
        self.popup = None;
        let known = self
            .regions
            .regions
            .iter()
            .position(|r| r.region_id == region);
        match known {
            Some(position) => {
                self.region_cursor = position + 1;
                self.region_offset = view::scroll_offset(
                    self.region_offset,
                    self.region_cursor,
                    self.regions.regions.len() + 1,
                    self.region_viewport(),
                );
            }
            // Before the list arrives the region is shown anyway; the list puts the cursor on it.
            None if self.regions.regions.is_empty() => {}
            None => {
                self.flash(
                    FlashLevel::Warn,
                    format!("⚠ favourite {n}: {region} is not in this account's region list"),
                );
                return Vec::new();
            }
        }
        self.show_region(&region, false)
    }

    /// On every tick: refreshes what is shown once `refresh_interval` has passed, but never
    /// while a filter is typed or a popup is open (it waits until they are done).
    pub(super) fn auto_refresh(&mut self) -> Vec<Command> {
        let Some(interval) = self.ui.refresh_interval else {
            return Vec::new();
        };
        let due = *self.next_auto_refresh.get_or_insert(self.now + interval);
        if self.now < due || self.popup.is_some() || self.filter.editing {
            return Vec::new();
        }
        self.next_auto_refresh = Some(self.now + interval);
        self.refresh()
    }

    /// A left click selects the region or instance under it (with `mouse = true`).
    pub(super) fn click(&mut self, column: u16, row: u16) -> Vec<Command> {
        if !self.ui.mouse || self.popup.is_some() || self.filter.editing {
            return Vec::new();
        }
        // Inside the panes: below the header line and the top border, above the bottom
        // border and the footer.
        if row < 2 || row.saturating_add(2) >= self.height {
            return Vec::new();
        }
        let line = usize::from(row - 2);
        if column < self.region_pane_width() {
            let target = self.region_offset + line;
            if self.regions.regions.is_empty() || target > self.regions.regions.len() {
                return Vec::new();
            }
            self.focus = Focus::Regions;
            let delta = signed(target) - signed(self.region_cursor);
            return self.move_cursor(Move::By(delta));
        }
        // Below any banner and the table's header row.
        let banner = usize::from(self.table_banner_lines());
        let Some(line) = line.checked_sub(banner + 1) else {
            return Vec::new();
        };
        let viewport = self.table_viewport();
        self.focus = Focus::Instances;
        if let Some(view) = self.current_view_mut() {
            let position = view.offset + line;
            if position < view.index.len() {
                view.move_to(position, viewport);
            }
        }
        Vec::new()
    }

    /// The wheel moves the cursor of the pane (or popup) under the pointer.
    pub(super) fn scroll(&mut self, column: u16, _row: u16, down: bool) -> Vec<Command> {
        if !self.ui.mouse || self.filter.editing {
            return Vec::new();
        }
        let direction = if down { 1 } else { -1 };
        if self.popup.is_some() {
            return self.move_cursor(Move::By(3 * direction));
        }
        if column < self.region_pane_width() {
            self.focus = Focus::Regions;
            self.move_cursor(Move::By(direction))
        } else {
            self.focus = Focus::Instances;
            self.move_cursor(Move::By(3 * direction))
        }
    }
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}
