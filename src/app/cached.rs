//! The inventory kept on disk from an earlier run: shown at once, marked with its age, and
//! replaced by the fresh answer (which always wins, whichever arrives first). A region's
//! cached rows may come in parts: the first replaces, the later ones add to it while the rows
//! are still the cache's.

use std::time::{Duration, Instant};

use crate::api::Region;

use super::{App, Command, Outcome, RegionView, Rows};

/// When cached data arrived and how old it was then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachedAt {
    pub arrived: Instant,
    pub age: Duration,
}

impl CachedAt {
    #[must_use]
    pub fn age_at(&self, now: Instant) -> Duration {
        self.age + now.saturating_duration_since(self.arrived)
    }
}

impl RegionView {
    /// How old the rows are when they came from the cache and nothing fresher has come yet.
    #[must_use]
    pub fn cached_age(&self, now: Instant) -> Option<Duration> {
        self.cached.map(|c| c.age_at(now))
    }
}

impl App {
    pub(super) fn cached_regions_loaded(
        &mut self,
        profile: &str,
        regions: Vec<Region>,
        age: Duration,
    ) -> Vec<Command> {
        if profile != self.profile_name()
            || self.regions.updated.is_some()
            || !self.regions.regions.is_empty()
        {
            return Vec::new();
        }
        self.regions.regions = regions;
        self.regions.cached = Some(CachedAt {
            arrived: self.now,
            age,
        });
        let mut commands = Vec::new();
        if self.all.active && self.current_region.is_none() {
            // "All regions" was asked for before any list was known (a resumed run).
            self.all_regions_listed();
            self.clamp_all();
            return commands;
        }
        let known = self
            .current_region
            .as_ref()
            .and_then(|id| self.regions.regions.iter().position(|r| &r.region_id == id));
        match (known, self.current_region.is_some()) {
            (Some(position), _) => self.region_cursor = position + 1,
            // The fresh list decides what happens to a region it may not have.
            (None, true) => {}
            (None, false) => {
                if let Some(first) = self.regions.regions.first() {
                    let first = first.region_id.clone();
                    self.region_cursor = 1;
                    commands.extend(self.show_region(&first, false));
                }
            }
        }
        self.clamp_all();
        commands
    }

    pub(super) fn cached_counts_loaded(
        &mut self,
        profile: &str,
        counts: Vec<(String, usize)>,
    ) -> Vec<Command> {
        if profile == self.profile_name() {
            self.regions.cached_counts.extend(counts);
        }
        Vec::new()
    }

    pub(super) fn cached_instances_loaded(
        &mut self,
        profile: &str,
        region: &str,
        instances: Rows,
        age: Duration,
    ) -> Vec<Command> {
        if profile != self.profile_name() {
            return Vec::new();
        }
        let viewport = self.table_viewport();
        let now = self.now;
        // The cache holds inventories, never a tag query's answer.
        let aside = !self.tags.is_empty();
        let Some(view) = self.views_of(aside).get_mut(region) else {
            return Vec::new();
        };
        if view.cached.is_some() {
            // A later part of the same file (see `worker::send_cached_instances`).
            view.append_rows(instances, viewport);
        } else if view.updated.is_some() || !view.rows.is_empty() {
            tracing::debug!(region, "fresher rows already shown: cache dropped");
            return Vec::new();
        } else {
            view.replace_rows(instances, now.checked_sub(age).unwrap_or(now), viewport);
            view.cached = Some(CachedAt { arrived: now, age });
        }
        if view.outcome == Outcome::Unknown {
            view.outcome = Outcome::Loaded;
        }
        self.clamp_all();
        Vec::new()
    }
}
