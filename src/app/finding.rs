//! The App's side of finding things: typing the `/` filter, the sort keys, Esc, and keeping the
//! shown table's index in step with them.

use super::filter::Filter;
use super::sort::{Sort, SortKey};
use super::view::Shape;
use super::{App, Command, FlashLevel, Focus};

/// The filter as the user typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub text: String,
    /// Keys go to the text, not to the key table.
    pub editing: bool,
    /// `text` read (see [`Filter::parse`]).
    pub parsed: Filter,
}

impl FilterInput {
    fn set(&mut self, text: String) {
        self.parsed = Filter::parse(&text);
        self.text = text;
    }

    /// Whether a filter is in effect or being typed.
    #[must_use]
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

impl App {
    /// The filter and sort the shown table must have. A `-t` filter is the API's, so it hides
    /// nothing here.
    #[must_use]
    pub fn shape(&self) -> Shape {
        let filter = if self.filter.parsed.is_local() {
            self.filter.parsed.clone()
        } else {
            Filter::None
        };
        Shape {
            filter,
            sort: self.sort,
        }
    }

    pub(super) fn open_filter(&mut self) -> Vec<Command> {
        self.popup = None;
        self.filter.editing = true;
        self.focus = Focus::Instances;
        Vec::new()
    }

    pub(super) fn filter_input(&mut self, c: char) -> Vec<Command> {
        if self.filter.editing && !c.is_control() {
            let mut text = std::mem::take(&mut self.filter.text);
            text.push(c);
            self.filter.set(text);
        }
        Vec::new()
    }

    pub(super) fn filter_delete(&mut self) -> Vec<Command> {
        let mut text = std::mem::take(&mut self.filter.text);
        text.pop();
        self.filter.set(text);
        Vec::new()
    }

    pub(super) fn filter_clear_input(&mut self) -> Vec<Command> {
        self.filter.set(String::new());
        Vec::new()
    }

    /// Enter: keep the filter and go back to the table; a tag filter asks the API again.
    pub(super) fn apply_filter(&mut self) -> Vec<Command> {
        self.filter.editing = false;
        self.focus = Focus::Instances;
        let tags: Vec<_> = self.filter.parsed.tag().into_iter().collect();
        self.set_tags(tags)
    }

    /// Esc while typing (or on a kept filter): no filter, and no tag asked of the API.
    pub(super) fn clear_filter(&mut self) -> Vec<Command> {
        self.filter = FilterInput::default();
        self.set_tags(Vec::new())
    }

    /// Esc outside a text field: closes a popup, else clears the filter, else goes back to
    /// the regions.
    pub(super) fn back(&mut self) -> Vec<Command> {
        if self.popup.take().is_some() {
            return Vec::new();
        }
        if self.filter.is_active() || !self.tags.is_empty() {
            return self.clear_filter();
        }
        self.focus = Focus::Regions;
        Vec::new()
    }

    pub(super) fn sort_by(&mut self, key: SortKey) -> Vec<Command> {
        let sort = Sort::toggle(self.sort, key);
        self.sort = Some(sort);
        let again = match (key, sort.reverse) {
            (SortKey::Age, false) => " (oldest first)",
            (SortKey::Age, true) => " (newest first)",
            _ => "",
        };
        // Said even when the table is not in view (the region pane has the focus, or the
        // sorted column is off screen).
        self.flash(
            FlashLevel::Info,
            format!("sorted by {}{}{again}", key.word(), sort.marker()),
        );
        Vec::new()
    }

    /// After every action: feed the all-regions pass, and bring the shown table's index in
    /// step with the filter and sort (a no-op when nothing changed).
    pub(super) fn settle(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.all.active {
            commands.extend(self.pump_all_regions());
            self.rebuild_all_regions();
        }
        let shape = self.shape();
        let viewport = self.table_viewport();
        if let Some(view) = self.current_view_mut() {
            view.reshape(&shape, viewport);
        }
        commands
    }
}
