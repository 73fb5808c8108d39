//! The region, profile and fetch bookkeeping: generations, flashes, what to fetch when.

use super::{
    AllRegions, App, Command, FLASH_ERROR, FLASH_INFO, Flash, FlashLevel, REVALIDATE_AFTER,
    RegionList,
};

impl App {
    /// The first commands: the region list, and the start region's instances at the same
    /// time when the region is already known.
    pub fn start(&mut self) -> Vec<Command> {
        let mut commands = vec![self.fetch_regions()];
        if let Some(region) = self.current_region.clone() {
            commands.extend(self.show_region(&region, true));
        }
        commands
    }

    pub(super) fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    pub(crate) fn flash(&mut self, level: FlashLevel, text: String) {
        let ttl = match level {
            FlashLevel::Info => FLASH_INFO,
            FlashLevel::Warn => FLASH_ERROR,
        };
        self.flash = Some(Flash {
            text,
            level,
            until: self.now + ttl,
            progress: false,
        });
    }

    /// A flash for work just started: it clears once nothing is loading.
    pub(super) fn progress_flash(&mut self, text: String) {
        self.flash(FlashLevel::Info, text);
        if let Some(flash) = &mut self.flash {
            flash.progress = true;
        }
    }

    pub(super) fn fetch_regions(&mut self) -> Command {
        let generation = self.generation();
        self.regions.loading = Some(generation);
        Command::FetchRegions {
            profile: self.profile_name().to_owned(),
            generation,
        }
    }

    /// Fetches a region's instances unless a fetch is already running.
    pub(super) fn fetch_instances(&mut self, region: &str) -> Option<Command> {
        let generation = self.generation();
        let profile = self.profile_name().to_owned();
        let tags = self.tags.clone();
        let view = self.views.entry(region.to_owned()).or_default();
        if view.loading.is_some() {
            return None;
        }
        view.loading = Some(generation);
        view.attempted = Some(self.now);
        Some(Command::FetchInstances {
            profile,
            region: region.to_owned(),
            generation,
            tags,
        })
    }

    /// Makes `region` the one shown: at once from memory if seen, fetched when never seen,
    /// when `force`d, or when what is known is older than [`REVALIDATE_AFTER`].
    pub(super) fn show_region(&mut self, region: &str, force: bool) -> Vec<Command> {
        self.leave_all_regions();
        self.current_region = Some(region.to_owned());
        let viewport = self.table_viewport();
        let now = self.now;
        let view = self.views.entry(region.to_owned()).or_default();
        view.clamp(viewport);
        let recent = view
            .attempted
            .is_some_and(|t| now.duration_since(t) < REVALIDATE_AFTER);
        if force || !recent {
            self.fetch_instances(region).into_iter().collect()
        } else {
            Vec::new()
        }
    }

    pub(super) fn refresh(&mut self) -> Vec<Command> {
        if self.popup.is_some() {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if self.all.active {
            commands.extend(self.refresh_all_regions());
        }
        if self.regions.loading.is_none()
            && (self.regions.error.is_some() || self.regions.regions.is_empty())
        {
            commands.push(self.fetch_regions());
        }
        if let Some(region) = self.current_region.clone() {
            commands.extend(self.fetch_instances(&region));
        }
        commands
    }

    pub(super) fn refresh_all(&mut self) -> Vec<Command> {
        if self.popup.is_some() {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if self.regions.loading.is_none() {
            commands.push(self.fetch_regions());
        }
        if self.all.active {
            // Under the all-regions cap, like `r` there.
            commands.extend(self.refresh_all_regions());
            self.progress_flash(format!(
                "refreshing {} regions",
                self.regions.regions.len().max(1)
            ));
            return commands;
        }
        let ids: Vec<String> = self
            .regions
            .regions
            .iter()
            .map(|r| r.region_id.clone())
            .chain(self.current_region.clone())
            .collect();
        for id in ids {
            commands.extend(self.fetch_instances(&id));
        }
        self.progress_flash(format!(
            "refreshing {} regions",
            self.regions.regions.len().max(1)
        ));
        commands
    }

    /// Drops everything of the old profile: its answers would be dropped anyway, and the
    /// worker is told to stop fetching them.
    pub(super) fn switch_profile(&mut self, index: usize) -> Vec<Command> {
        if index == self.profile || index >= self.profiles.len() {
            return Vec::new();
        }
        self.profile = index;
        self.regions = RegionList::default();
        self.views.clear();
        self.inventory.clear();
        self.all = AllRegions::default();
        self.region_cursor = 0;
        self.region_offset = 0;
        self.current_region = self.profiles[index].region_id.clone();
        let text = format!("profile {}", self.profiles[index].name);
        self.flash(FlashLevel::Info, text);
        let mut commands = vec![Command::CancelAll];
        commands.extend(self.start());
        commands
    }
}
