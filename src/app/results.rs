//! How answers from the worker change the state; answers nobody waits for any more are dropped.

use super::Rows;
use crate::api::{Error, Region};

use std::collections::HashMap;

use super::{App, Command, FlashLevel, Outcome, RegionView};

impl App {
    pub(super) fn regions_loaded(
        &mut self,
        profile: &str,
        generation: u64,
        result: Result<Vec<Region>, Error>,
    ) -> Vec<Command> {
        if profile != self.profile_name() || self.regions.loading != Some(generation) {
            tracing::debug!(profile, generation, "dropping a stale region list");
            return Vec::new();
        }
        self.regions.loading = None;
        let regions = match result {
            Ok(regions) => regions,
            Err(e) => {
                self.flash(FlashLevel::Warn, format!("⚠ DescribeRegions: {}", e.code()));
                self.log_error(None, "DescribeRegions", &e);
                self.regions.error = Some(e);
                return Vec::new();
            }
        };
        self.regions.error = None;
        self.regions.updated = Some(self.now);
        self.regions.regions = regions;
        let mut commands = Vec::new();
        if self.all.active && self.current_region.is_none() {
            // "All regions" was asked for before the list was known: fetch them all now.
            self.all_regions_listed();
            self.clamp_all();
            return commands;
        }
        let known = self
            .current_region
            .as_ref()
            .and_then(|id| self.regions.regions.iter().position(|r| &r.region_id == id));
        match (known, self.current_region.clone()) {
            (Some(position), _) => self.region_cursor = position + 1,
            // An empty list tells nothing: keep the region asked for.
            (None, Some(_)) if self.regions.regions.is_empty() => self.region_cursor = 0,
            (None, current) => {
                if let Some(id) = current {
                    self.flash(
                        FlashLevel::Warn,
                        format!("⚠ region {id} is not in this account's region list"),
                    );
                    self.views.remove(&id);
                }
                self.current_region = None;
                self.region_cursor = 0;
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

    pub(super) fn instances_loaded(
        &mut self,
        profile: &str,
        region: &str,
        generation: u64,
        result: Result<Rows, Error>,
    ) -> Vec<Command> {
        if profile != self.profile_name() {
            tracing::debug!(profile, region, "dropping instances of another profile");
            return Vec::new();
        }
        let viewport = self.table_viewport();
        let now = self.now;
        let Some(aside) = self.waiting(region, |v| v.loading == Some(generation)) else {
            tracing::debug!(region, generation, "dropping a stale instance list");
            return Vec::new();
        };
        let Some(view) = self.views_of(aside).get_mut(region) else {
            return Vec::new();
        };
        view.loading = None;
        view.progress = None;
        match result {
            Ok(rows) if rows.is_empty() => {
                // An empty answer may mean "no instances" or "not allowed to look": ask.
                view.replace_rows(rows, now, viewport);
                view.outcome = Outcome::Loaded;
                let generation = self.generation();
                if let Some(view) = self.views_of(aside).get_mut(region) {
                    view.checking = Some(generation);
                }
                vec![Command::CheckPermission {
                    profile: profile.to_owned(),
                    region: region.to_owned(),
                    generation,
                }]
            }
            Ok(rows) => {
                // Rows answer the question a pending permission check was asking.
                view.checking = None;
                view.replace_rows(rows, now, viewport);
                view.outcome = Outcome::Loaded;
                Vec::new()
            }
            Err(e) => {
                let text = format!("⚠ {region}: {}", e.code());
                let error = e.clone();
                view.outcome = Outcome::Failed(e);
                self.flash(FlashLevel::Warn, text);
                self.log_error(Some(region), "DescribeInstances", &error);
                // The banner takes rows from the table: keep the cursor visible.
                self.clamp_all();
                Vec::new()
            }
        }
    }

    pub(super) fn permission_checked(
        &mut self,
        profile: &str,
        region: &str,
        generation: u64,
        result: Result<bool, Error>,
    ) -> Vec<Command> {
        if profile != self.profile_name() {
            return Vec::new();
        }
        let Some(aside) = self.waiting(region, |v| v.checking == Some(generation)) else {
            return Vec::new();
        };
        let Some(view) = self.views_of(aside).get_mut(region) else {
            return Vec::new();
        };
        view.checking = None;
        match result {
            Ok(true) => view.outcome = Outcome::Empty,
            Ok(false) => {
                view.outcome = Outcome::NoPermission;
                self.log_denied(region);
                self.flash(
                    FlashLevel::Warn,
                    format!("⚠ {region}: ecs:DescribeInstances denied"),
                );
            }
            Err(e) => {
                // The list did answer; only the check failed, so say empty but tell why unsure.
                view.outcome = Outcome::Empty;
                self.log_error(Some(region), "DescribeInstances (DryRun)", &e);
                self.flash(
                    FlashLevel::Warn,
                    format!("⚠ {region}: permission check failed: {}", e.code()),
                );
            }
        }
        Vec::new()
    }
}

impl App {
    /// Where the view of `region` waiting for an answer is: among those of the question
    /// asked now (`false`), or among the inventories put aside by a tag query (`true`: an
    /// inventory fetch in flight when the query began still counts there).
    pub(super) fn waiting(
        &self,
        region: &str,
        wants: impl Fn(&RegionView) -> bool,
    ) -> Option<bool> {
        if self.views.get(region).is_some_and(&wants) {
            Some(false)
        } else if self.inventory.get(region).is_some_and(&wants) {
            Some(true)
        } else {
            None
        }
    }

    pub(super) fn views_of(&mut self, aside: bool) -> &mut HashMap<String, RegionView> {
        if aside {
            &mut self.inventory
        } else {
            &mut self.views
        }
    }
}
