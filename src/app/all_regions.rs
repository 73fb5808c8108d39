//! "All regions": every region fetched under a cap, their rows gathered into one table in the
//! order regions answer, progress, and the regions that failed.

use std::collections::VecDeque;

use super::view::Outcome;
use super::{App, Command, REVALIDATE_AFTER, RegionView};
use crate::api::Error;

/// Regions fetched at once in "All regions" (the client also caps requests in flight).
pub const REGIONS_AT_ONCE: usize = 6;
/// Failed regions listed above the table; more are counted, and all are in the error log.
pub const FAILED_LISTED: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct AllRegions {
    pub active: bool,
    /// The gathered table; its rows are shared with the regions' own views.
    pub view: RegionView,
    /// Regions in the order their rows first arrived: the table's order before any sort.
    pub arrived: Vec<String>,
    /// Regions waiting for a fetch slot; `true` asks even when the region was seen recently.
    pub queue: VecDeque<(String, bool)>,
    /// The (region, answer version) pairs the table was built from.
    built: Vec<(String, u64)>,
}

/// Why a region has no fresh rows in "All regions".
#[derive(Debug, Clone, Copy)]
pub enum RegionProblem<'a> {
    Failed(&'a Error),
    NoPermission,
}

impl AllRegions {
    /// The table is to be gathered anew from the views (they were swapped for others).
    pub(super) fn forget_built(&mut self) {
        self.arrived.clear();
        self.built.clear();
    }
}

impl App {
    /// "All regions" again over views put back: every region not seen recently is asked
    /// again, the rest shown as they are.
    pub(super) fn show_all_regions_again(&mut self) -> Vec<Command> {
        let ids = self.region_ids();
        self.all.queue = ids.into_iter().map(|id| (id, false)).collect();
        Vec::new()
    }

    pub(super) fn show_all_regions(&mut self) -> Vec<Command> {
        if !self.all.active {
            self.all.active = true;
            let ids = self.region_ids();
            self.all.queue = ids.into_iter().map(|id| (id, false)).collect();
        }
        // The pass is fed by `settle`, after every action.
        Vec::new()
    }

    /// `r` in "All regions": every region asked again, still under the cap.
    pub(super) fn refresh_all_regions(&mut self) -> Vec<Command> {
        let ids = self.region_ids();
        self.all.queue = ids.into_iter().map(|id| (id, true)).collect();
        Vec::new()
    }

    /// The region list arrived (or changed) while "All regions" is shown: fetch what is new.
    pub(super) fn all_regions_listed(&mut self) {
        for id in self.region_ids() {
            if !self.all.queue.iter().any(|(q, _)| *q == id) {
                self.all.queue.push_back((id, false));
            }
        }
    }

    pub(super) fn leave_all_regions(&mut self) {
        self.all.active = false;
        self.all.queue.clear();
    }

    fn region_ids(&self) -> Vec<String> {
        self.regions
            .regions
            .iter()
            .map(|r| r.region_id.clone())
            .collect()
    }

    /// Starts queued fetches while fewer than [`REGIONS_AT_ONCE`] are running.
    pub(super) fn pump_all_regions(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut running = self.views.values().filter(|v| v.loading.is_some()).count();
        while running < REGIONS_AT_ONCE {
            let Some((region, again)) = self.all.queue.pop_front() else {
                break;
            };
            let recent = self.views.get(&region).is_some_and(|v| {
                v.attempted
                    .is_some_and(|t| self.now.duration_since(t) < REVALIDATE_AFTER)
            });
            if recent && !again {
                continue;
            }
            if let Some(command) = self.fetch_instances(&region) {
                commands.push(command);
                running += 1;
            }
        }
        commands
    }

    /// Gathers the regions' rows into the all-regions table when any region's answer changed.
    pub(super) fn rebuild_all_regions(&mut self) {
        let ids = self.region_ids();
        for id in &ids {
            let has_rows = self.views.get(id).is_some_and(|v| v.updated.is_some());
            if has_rows && !self.all.arrived.contains(id) {
                self.all.arrived.push(id.clone());
            }
        }
        self.all.arrived.retain(|id| ids.contains(id));
        let built: Vec<(String, u64)> = self
            .all
            .arrived
            .iter()
            .filter_map(|id| self.views.get(id).map(|v| (id.clone(), v.version)))
            .collect();
        if built != self.all.built {
            let mut rows = Vec::new();
            let mut search = Vec::new();
            for (id, _) in &built {
                if let Some(v) = self.views.get(id) {
                    rows.extend(v.rows.iter().cloned());
                    search.extend(v.search.iter().cloned());
                }
            }
            let viewport = self.table_viewport();
            self.all.view.replace_shared(rows, search, viewport);
            self.all.built = built;
        }
        // The oldest answer is what "updated" must admit to.
        self.all.view.updated = self
            .all
            .arrived
            .iter()
            .filter_map(|id| self.views.get(id).and_then(|v| v.updated))
            .min();
        let (answered, total) = self.all_regions_progress();
        self.all.view.outcome = if !self.all.view.rows.is_empty() {
            Outcome::Loaded
        } else if answered == total && total > 0 {
            Outcome::Empty
        } else {
            Outcome::Unknown
        };
    }

    /// Regions that have answered (rows, empty or an error) and how many there are.
    #[must_use]
    pub fn all_regions_progress(&self) -> (usize, usize) {
        let total = self.regions.regions.len();
        let answered = self
            .regions
            .regions
            .iter()
            .filter(|r| {
                let queued = self.all.queue.iter().any(|(q, _)| *q == r.region_id);
                !queued
                    && self.views.get(&r.region_id).is_some_and(|v| {
                        v.loading.is_none() && !matches!(v.outcome, Outcome::Unknown)
                    })
            })
            .count();
        (answered, total)
    }

    /// The regions whose last answer was an error or a refusal, in the region list's order.
    #[must_use]
    pub fn failed_regions(&self) -> Vec<(&str, RegionProblem<'_>)> {
        self.regions
            .regions
            .iter()
            .filter_map(|r| {
                let view = self.views.get(&r.region_id)?;
                let problem = match &view.outcome {
                    Outcome::Failed(e) => RegionProblem::Failed(e),
                    Outcome::NoPermission => RegionProblem::NoPermission,
                    _ => return None,
                };
                Some((r.region_id.as_str(), problem))
            })
            .collect()
    }

    /// Lines above the table: the failed banner of one region, or the failed regions of
    /// "All regions" (a heading, up to [`FAILED_LISTED`] regions, and "+N more").
    #[must_use]
    pub fn table_banner_lines(&self) -> u16 {
        if self.current_region.is_none() && self.all.active {
            let failed = self.failed_regions().len();
            if failed == 0 {
                return 0;
            }
            let listed = failed.min(FAILED_LISTED) + usize::from(failed > FAILED_LISTED);
            return u16::try_from(listed + 1).unwrap_or(u16::MAX);
        }
        self.current_view().map_or(0, |v| {
            super::banner::height(v, self.now, (self.instance_pane_width(), self.height))
        })
    }
}
