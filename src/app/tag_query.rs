//! The `-t` tag query: asked of the API, answered into views of its own while each region's
//! whole inventory waits aside.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, Command, Outcome, RegionView};
use crate::api::Instance;

impl App {
    /// A new tag query is a new question: its answers go to views of their own, so they
    /// never stand for a region's inventory (the region pane's counts), and no rows answering
    /// another question are shown under its title: until the API answers, a region shows
    /// the rows of its inventory that carry the tag. What is shown is asked at once, the rest
    /// when next shown. With no tag query any more, the inventories come back as they were
    /// (revalidated when old).
    pub(super) fn set_tags(&mut self, tags: Vec<(String, Option<String>)>) -> Vec<Command> {
        if tags == self.tags {
            return Vec::new();
        }
        let was_tagged = !self.tags.is_empty();
        self.tags = tags;
        match (was_tagged, self.tags.is_empty()) {
            // Inventory → tag query: put the inventories aside, and show at once what of
            // them matches, until the API answers.
            (false, false) => {
                self.inventory = std::mem::take(&mut self.views);
                self.views = self.previews();
            }
            // Another tag query: the last one's answers are of no use.
            (true, false) => self.views = self.previews(),
            // Back to the inventories; the tag query's answers in flight find no view.
            (true, true) => self.views = std::mem::take(&mut self.inventory),
            (false, true) => {}
        }
        // The all-regions table was gathered from the other views.
        self.all.forget_built();
        if self.all.active {
            return if self.tags.is_empty() {
                self.show_all_regions_again()
            } else {
                self.refresh_all_regions()
            };
        }
        match self.current_region.clone() {
            Some(region) => self.show_region(&region, false),
            None => Vec::new(),
        }
    }

    /// For each region whose inventory is known, a view of the rows that carry the tags: a
    /// first answer to the new question, marked loading once asked.
    fn previews(&self) -> HashMap<String, RegionView> {
        let viewport = self.table_viewport();
        (self.inventory.iter())
            .filter(|(_, inventory)| inventory.updated.is_some())
            .map(|(region, inventory)| {
                let (rows, search): (Vec<Arc<Instance>>, Vec<Arc<str>>) = (inventory.rows.iter())
                    .zip(&inventory.search)
                    .filter(|(row, _)| carries(row, &self.tags))
                    .map(|(row, search)| (Arc::clone(row), Arc::clone(search)))
                    .unzip();
                let mut view = RegionView::default();
                view.shape = inventory.shape.clone();
                // The cursor stays on the instance the user chose, when it carries the tag.
                view.anchor = inventory.anchor.clone();
                view.replace_shared(rows, search, viewport);
                view.updated = inventory.updated;
                view.cached = inventory.cached;
                view.outcome = Outcome::Loaded;
                (region.clone(), view)
            })
            .collect()
    }
}

/// Whether `instance` has every tag asked for (a key alone matches any value), as the API
/// matches `Tag.N.Key` / `Tag.N.Value`.
fn carries(instance: &Instance, tags: &[(String, Option<String>)]) -> bool {
    tags.iter().all(|(key, value)| {
        (instance.tags.iter())
            .any(|t| &t.key == key && value.as_ref().is_none_or(|v| &t.value == v))
    })
}
