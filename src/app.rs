//! The browser's state and `update`: Actions in, Commands out, no I/O.

mod action;
mod navigate;
mod results;
pub mod view;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api::{Error, Region};
use crate::keys::Scope;
use crate::profiles::Profile;

pub use action::{Action, Command};
use navigate::Move;
pub use view::{Outcome, PaneState, RegionView};

/// A region seen less than this long ago is shown from memory without asking again.
pub const REVALIDATE_AFTER: Duration = Duration::from_secs(15);
const FLASH_INFO: Duration = Duration::from_secs(3);
const FLASH_ERROR: Duration = Duration::from_secs(8);

/// What the browser knows of a profile: no secrets, those stay with the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    pub source: String,
    pub mode: String,
    pub region_id: Option<String>,
    pub masked_key_id: String,
    pub problem: Option<String>,
}

impl From<&Profile> for ProfileInfo {
    fn from(p: &Profile) -> Self {
        ProfileInfo {
            name: p.name.clone(),
            source: p.source.to_string(),
            mode: p.mode.clone(),
            region_id: p.region_id.clone(),
            masked_key_id: p.masked_key_id(),
            problem: p.problem.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Regions,
    Instances,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popup {
    Profiles { cursor: usize },
    Help { scroll: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashLevel {
    Info,
    Warn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub level: FlashLevel,
    pub until: Instant,
}

/// The region list of the current profile.
#[derive(Debug, Clone, Default)]
pub struct RegionList {
    pub regions: Vec<Region>,
    pub loading: Option<u64>,
    pub error: Option<Error>,
    pub updated: Option<Instant>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub profiles: Vec<ProfileInfo>,
    pub profile: usize,
    pub regions: RegionList,
    /// Row in the region pane: 0 is "All regions", `n` is `regions.regions[n - 1]`.
    pub region_cursor: usize,
    pub region_offset: usize,
    /// The region whose instances are shown (known before the region list arrives when it
    /// comes from `--region` or the profile).
    pub current_region: Option<String>,
    pub views: HashMap<String, RegionView>,
    pub focus: Focus,
    pub popup: Option<Popup>,
    pub flash: Option<Flash>,
    pub now: Instant,
    pub started: Instant,
    pub width: u16,
    pub height: u16,
    next_generation: u64,
}

impl App {
    /// A browser for `profiles[profile]`, starting in `region` (from `--region`) if given.
    #[must_use]
    pub fn new(
        profiles: Vec<ProfileInfo>,
        profile: usize,
        region: Option<String>,
        now: Instant,
        (width, height): (u16, u16),
    ) -> Self {
        let current_region =
            region.or_else(|| profiles.get(profile).and_then(|p| p.region_id.clone()));
        App {
            profiles,
            profile,
            regions: RegionList::default(),
            region_cursor: 0,
            region_offset: 0,
            current_region,
            views: HashMap::new(),
            focus: Focus::Regions,
            popup: None,
            flash: None,
            now,
            started: now,
            width,
            height,
            next_generation: 0,
        }
    }

    /// The first commands: the region list, and the start region's instances at the same
    /// time when the region is already known.
    pub fn start(&mut self) -> Vec<Command> {
        let mut commands = vec![self.fetch_regions()];
        if let Some(region) = self.current_region.clone() {
            commands.extend(self.show_region(&region, true));
        }
        commands
    }

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

    #[must_use]
    pub fn current_view(&self) -> Option<&RegionView> {
        self.current_region.as_ref().and_then(|r| self.views.get(r))
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
            None => self.regions.updated,
        }
    }

    /// Which keys apply now.
    #[must_use]
    pub fn scope(&self) -> Scope {
        match (self.popup, self.focus) {
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
        let banner = self.current_view().map_or(0, layout::banner_lines);
        usize::from(
            self.height
                .saturating_sub(layout::CHROME + 3)
                .saturating_sub(banner),
        )
    }

    /// Advances the state; returns what must be done outside.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::SelectPrev => self.move_cursor(Move::By(-1)),
            Action::SelectNext => self.move_cursor(Move::By(1)),
            Action::SelectFirst => self.move_cursor(Move::First),
            Action::SelectLast => self.move_cursor(Move::Last),
            Action::PageUp => self.move_cursor(Move::Page(-1)),
            Action::PageDown => self.move_cursor(Move::Page(1)),
            Action::FocusNext | Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::Regions => Focus::Instances,
                    Focus::Instances => Focus::Regions,
                };
                Vec::new()
            }
            Action::FocusRegions => {
                self.focus = Focus::Regions;
                Vec::new()
            }
            Action::FocusInstances => {
                self.focus = Focus::Instances;
                Vec::new()
            }
            Action::Enter => self.enter(),
            Action::Back => {
                if self.popup.take().is_none() {
                    self.focus = Focus::Regions;
                }
                Vec::new()
            }
            Action::SelectAllRegions => {
                self.popup = None;
                self.focus = Focus::Regions;
                self.region_cursor = 0;
                self.region_offset = 0;
                self.current_region = None;
                Vec::new()
            }
            Action::Refresh => self.refresh(),
            Action::RefreshAll => self.refresh_all(),
            Action::OpenProfiles => {
                self.popup = Some(Popup::Profiles {
                    cursor: self.profile,
                });
                Vec::new()
            }
            Action::OpenHelp => {
                self.popup = Some(Popup::Help { scroll: 0 });
                Vec::new()
            }
            Action::Suspend => vec![Command::Suspend],
            Action::Quit => vec![Command::Quit],
            Action::Tick => {
                if self.flash.as_ref().is_some_and(|f| self.now >= f.until) {
                    self.flash = None;
                }
                Vec::new()
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.clamp_all();
                Vec::new()
            }
            Action::RegionsLoaded {
                profile,
                generation,
                result,
            } => self.regions_loaded(&profile, generation, result),
            Action::InstancesLoaded {
                profile,
                region,
                generation,
                result,
            } => self.instances_loaded(&profile, &region, generation, result),
            Action::PermissionChecked {
                profile,
                region,
                generation,
                result,
            } => self.permission_checked(&profile, &region, generation, result),
            Action::ClockCorrected { warning } => {
                tracing::warn!("{warning}");
                self.flash(FlashLevel::Warn, format!("⚠ {warning}"));
                Vec::new()
            }
        }
    }

    fn generation(&mut self) -> u64 {
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
        });
    }

    fn fetch_regions(&mut self) -> Command {
        let generation = self.generation();
        self.regions.loading = Some(generation);
        Command::FetchRegions {
            profile: self.profile_name().to_owned(),
            generation,
        }
    }

    /// Fetches a region's instances unless a fetch is already running.
    fn fetch_instances(&mut self, region: &str) -> Option<Command> {
        let generation = self.generation();
        let profile = self.profile_name().to_owned();
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
        })
    }

    /// Makes `region` the one shown: at once from memory if seen, fetched when never seen,
    /// when `force`d, or when what is known is older than [`REVALIDATE_AFTER`].
    fn show_region(&mut self, region: &str, force: bool) -> Vec<Command> {
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

    fn refresh(&mut self) -> Vec<Command> {
        if self.popup.is_some() {
            return Vec::new();
        }
        let mut commands = Vec::new();
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

    fn refresh_all(&mut self) -> Vec<Command> {
        if self.popup.is_some() {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if self.regions.loading.is_none() {
            commands.push(self.fetch_regions());
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
        self.flash(
            FlashLevel::Info,
            format!("refreshing {} regions", self.regions.regions.len().max(1)),
        );
        commands
    }

    fn enter(&mut self) -> Vec<Command> {
        match self.popup {
            Some(Popup::Profiles { cursor }) => {
                self.popup = None;
                self.switch_profile(cursor)
            }
            Some(Popup::Help { .. }) => {
                self.popup = None;
                Vec::new()
            }
            None => {
                match self.focus {
                    Focus::Regions if self.current_region.is_some() => {
                        self.focus = Focus::Instances;
                    }
                    Focus::Regions => {}
                    Focus::Instances => {
                        if let Some(i) = self.current_view().and_then(|v| v.selected_instance()) {
                            let text = format!("{}: describe is not available yet", i.instance_id);
                            self.flash(FlashLevel::Info, text);
                        }
                    }
                }
                Vec::new()
            }
        }
    }

    /// Drops everything of the old profile: its answers would be dropped anyway, and the
    /// worker is told to stop fetching them.
    fn switch_profile(&mut self, index: usize) -> Vec<Command> {
        if index == self.profile || index >= self.profiles.len() {
            return Vec::new();
        }
        self.profile = index;
        self.regions = RegionList::default();
        self.views.clear();
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

/// The screen's fixed parts, shared with `ui` so both agree on how many rows fit.
pub mod layout {
    use super::{PaneState, RegionView};

    /// Header line and footer line.
    pub const CHROME: u16 = 2;

    /// Lines the instance pane spends on an error above stale rows.
    #[must_use]
    pub fn banner_lines(view: &RegionView) -> u16 {
        if view.state() == PaneState::Failed && !view.index.is_empty() {
            4
        } else {
            0
        }
    }

    /// Width of the region pane for a terminal `width` wide.
    #[must_use]
    pub fn region_pane_width(width: u16) -> u16 {
        (width / 3).clamp(18, 34)
    }
}
