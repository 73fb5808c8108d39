//! What the UI reads of the state: the profile, the view shown, the keys' scope, viewports.

use std::time::Instant;

use crate::keys::Scope;

use super::{App, Dialog, Focus, Popup, ProfileInfo, RegionView, layout};

impl App {
    pub fn set_now(&mut self, now: Instant) {
        self.now = now;
    }

    #[must_use]
    pub fn profile_info(&self) -> Option<&ProfileInfo> {
        self.profiles.get(self.profile)
    }

    #[must_use]
    pub fn profile_name(&self) -> &str {
        self.profile_info().map_or("", |p| p.name.as_str())
    }

    /// The view shown: the current region's, or the all-regions table.
    #[must_use]
    pub fn current_view(&self) -> Option<&RegionView> {
        match &self.current_region {
            Some(r) => self.views.get(r),
            None if self.all.active => Some(&self.all.view),
            None => None,
        }
    }

    pub(crate) fn current_view_mut(&mut self) -> Option<&mut RegionView> {
        match &self.current_region {
            Some(r) => self.views.get_mut(r),
            None if self.all.active => Some(&mut self.all.view),
            None => None,
        }
    }

    /// The view holding `region`'s whole inventory (put aside while a tag query is on).
    #[must_use]
    pub fn inventory_view(&self, region: &str) -> Option<&RegionView> {
        if self.tags.is_empty() {
            self.views.get(region)
        } else {
            self.inventory.get(region)
        }
    }

    /// How many instances `region` has in all, once known: from its inventory's last
    /// answer, else from the cache. A tag query's answer never counts here.
    #[must_use]
    pub fn region_count(&self, region: &str) -> Option<usize> {
        let view = self.inventory_view(region);
        view.and_then(RegionView::answered_count)
            .or_else(|| self.regions.cached_counts.get(region).copied())
    }

    /// The instances of every region whose count is known, and whether every region's is.
    #[must_use]
    pub fn inventory_total(&self) -> (usize, bool) {
        let mut total = 0;
        let mut complete = true;
        for region in &self.regions.regions {
            match self.region_count(&region.region_id) {
                Some(n) => total += n,
                None => complete = false,
            }
        }
        (total, complete)
    }

    /// Whether anything is being fetched (the header's spinner).
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.regions.loading.is_some() || self.views.values().any(RegionView::is_busy)
    }

    /// When what is shown was last fetched: the region's instances, or the region list when
    /// no region is shown.
    #[must_use]
    pub fn updated(&self) -> Option<Instant> {
        match &self.current_region {
            Some(_) => self.current_view().and_then(|v| v.updated),
            None if self.all.active => self.all.view.updated,
            None => self.regions.updated,
        }
    }

    /// Which keys apply now.
    #[must_use]
    pub fn scope(&self) -> Scope {
        if self.popup.is_none()
            && let Some(scope) = self.overlay_scope()
        {
            return scope;
        }
        if self.filter.editing && self.popup.is_none() {
            return Scope::Filter;
        }
        match (self.popup, self.focus) {
            (Some(Popup::Errors { .. }), _) => Scope::Errors,
            (Some(Popup::Profiles { .. }), _) => Scope::Picker,
            (Some(Popup::Help { .. }), _) => Scope::Help,
            (None, Focus::Regions) => Scope::Regions,
            (None, Focus::Instances) => Scope::Instances,
        }
    }

    /// Rows of the region list on screen.
    #[must_use]
    pub fn region_viewport(&self) -> usize {
        usize::from(self.height.saturating_sub(layout::CHROME + 2))
    }

    /// Rows of the instance table on screen (below its header and any error banner).
    #[must_use]
    pub fn table_viewport(&self) -> usize {
        let banner = self.table_banner_lines();
        usize::from(
            self.height
                .saturating_sub(layout::CHROME + 3)
                .saturating_sub(banner),
        )
    }

    /// The scope of the describe view, its search, or a dialog, when one is open.
    fn overlay_scope(&self) -> Option<Scope> {
        match (&self.dialog, &self.detail) {
            (Some(Dialog::SaveAs), _) => Some(Scope::SaveAs),
            (Some(Dialog::Url(_)), _) => Some(Scope::Notice),
            (None, Some(d)) if d.search.input.is_some() => Some(Scope::Search),
            (None, Some(_)) => Some(Scope::Detail),
            (None, None) => None,
        }
    }
}
