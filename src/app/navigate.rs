//! Cursor movement in whatever has the focus: the region list, the table, a popup.

use super::{Action, App, Command, Focus, Popup, view};

impl App {
    pub(super) fn move_cursor(&mut self, how: Move) -> Vec<Command> {
        match self.popup {
            Some(Popup::Profiles { cursor }) => {
                let cursor = how.apply(cursor, self.profiles.len(), 5);
                self.popup = Some(Popup::Profiles { cursor });
                Vec::new()
            }
            Some(Popup::Help { scroll }) => {
                // Up to the last line at the bottom of the box, a box-full per page.
                let last = super::help::max_scroll(self.height);
                let scroll = how.apply(scroll, last + 1, super::help::viewport(self.height));
                self.popup = Some(Popup::Help { scroll });
                Vec::new()
            }
            Some(Popup::Errors { scroll }) => {
                let scroll = how.apply(scroll, self.errors.len(), 10);
                self.popup = Some(Popup::Errors { scroll });
                Vec::new()
            }
            None => match self.focus {
                Focus::Regions => {
                    let len = self.regions.regions.len() + 1;
                    let viewport = self.region_viewport();
                    let cursor = how.apply(self.region_cursor, len, viewport);
                    if cursor == self.region_cursor {
                        return Vec::new();
                    }
                    self.region_cursor = cursor;
                    self.region_offset =
                        view::scroll_offset(self.region_offset, cursor, len, viewport);
                    match cursor
                        .checked_sub(1)
                        .and_then(|i| self.regions.regions.get(i))
                    {
                        Some(r) => {
                            let id = r.region_id.clone();
                            self.show_region(&id, false)
                        }
                        None => self.update(Action::SelectAllRegions),
                    }
                }
                Focus::Instances => {
                    let viewport = self.table_viewport();
                    if let Some(view) = self.current_view_mut() {
                        let to = how.apply(view.selected, view.index.len(), viewport);
                        view.move_to(to, viewport);
                    }
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn clamp_all(&mut self) {
        let len = self.regions.regions.len() + 1;
        self.region_cursor = self.region_cursor.min(len - 1);
        self.region_offset = view::scroll_offset(
            self.region_offset,
            self.region_cursor,
            len,
            self.region_viewport(),
        );
        let viewport = self.table_viewport();
        for view in self.views.values_mut() {
            view.clamp(viewport);
        }
        self.all.view.clamp(viewport);
        if let Some(Popup::Help { scroll }) = &mut self.popup {
            *scroll = (*scroll).min(super::help::max_scroll(self.height));
        }
    }
}

/// A cursor movement, applied to a list of `len` items.
#[derive(Debug, Clone, Copy)]
pub(super) enum Move {
    By(isize),
    Page(isize),
    First,
    Last,
}

impl Move {
    fn apply(self, at: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        let to = match self {
            Move::By(d) => at.saturating_add_signed(d),
            Move::Page(d) => {
                let page = isize::try_from(page.max(1)).unwrap_or(isize::MAX);
                at.saturating_add_signed(d.saturating_mul(page))
            }
            Move::First => 0,
            Move::Last => last,
        };
        to.min(last)
    }
}
