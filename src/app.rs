//! The browser's state and `update`: Actions in, Commands out, no I/O.

pub mod act;
mod action;
pub mod cached;
pub mod detail;
mod navigate;
mod results;
pub mod settings;
pub mod view;

pub mod all_regions;
pub mod banner;
mod config_keys;
pub mod errlog;
pub mod filter;
mod finding;
pub mod help;
pub mod sort;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api::{Error, Region};
use crate::config::UiConfig;
use crate::keys::Scope;
use crate::profiles::Profile;

pub use act::Dialog;
pub use action::{Action, Command};
pub use cached::CachedAt;
pub use detail::{Detail, DetailKind, Part};
use navigate::Move;
pub use settings::Settings;
pub use view::{Outcome, PaneState, RegionView};

pub use all_regions::AllRegions;
pub use errlog::ErrorEntry;
pub use finding::FilterInput;

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
    Profiles {
        cursor: usize,
    },
    Help {
        scroll: usize,
    },
    /// The error log, newest first.
    Errors {
        scroll: usize,
    },
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
    /// It describes work in progress ("refreshing 6 regions"): it goes when nothing is
    /// loading any more, or at `until`, whichever comes first.
    pub progress: bool,
}

/// The region list of the current profile.
#[derive(Debug, Clone, Default)]
pub struct RegionList {
    pub regions: Vec<Region>,
    pub loading: Option<u64>,
    pub error: Option<Error>,
    pub updated: Option<Instant>,
    /// The list came from the cache and no fresh answer has come yet (`updated` is `None`).
    pub cached: Option<CachedAt>,
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
    /// The describe or JSON view of one instance, over the panes.
    pub detail: Option<Detail>,
    /// A small box waiting for a key (save format, console URL).
    pub dialog: Option<Dialog>,
    pub settings: Settings,
    /// The browser's settings from the config (favourites, auto-refresh, mouse, ...).
    pub ui: UiConfig,
    /// The `/` filter as typed, and whether it is being typed.
    pub filter: FilterInput,
    pub sort: Option<sort::Sort>,
    /// Tags asked of the API with every DescribeInstances (`/-t key=value`).
    pub tags: Vec<(String, Option<String>)>,
    /// "All regions": one table across every region.
    pub all: AllRegions,
    /// Every failure since start-up, oldest first.
    pub errors: Vec<ErrorEntry>,
    /// The wall clock at `started`, to print times in the error log (none in tests).
    pub wall_origin: Option<chrono::DateTime<chrono::FixedOffset>>,
    next_auto_refresh: Option<Instant>,
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
            detail: None,
            dialog: None,
            settings: Settings::default(),
            ui: UiConfig::default(),
            filter: FilterInput::default(),
            sort: None,
            tags: Vec::new(),
            all: AllRegions::default(),
            errors: Vec::new(),
            wall_origin: None,
            next_auto_refresh: None,
        }
    }

    /// The config's UI keys, `NO_COLOR` and the profiles' accents.
    #[must_use]
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
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

    /// Advances the state; returns what must be done outside.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        if let Some(mut commands) = self
            .dialog_key(&action)
            .or_else(|| self.detail_key(&action))
        {
            commands.extend(self.settle());
            return commands;
        }
        let mut commands = match action {
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
            Action::Back => self.back(),
            Action::SelectAllRegions => {
                self.popup = None;
                self.focus = Focus::Regions;
                self.region_cursor = 0;
                self.region_offset = 0;
                self.current_region = None;
                self.show_all_regions()
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
                let idle = !self.is_loading() && self.all.queue.is_empty();
                if (self.flash.as_ref())
                    .is_some_and(|f| self.now >= f.until || (f.progress && idle))
                {
                    self.flash = None;
                }
                self.auto_refresh()
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.clamp_all();
                self.clamp_detail();
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
            Action::Describe => self.open_detail(DetailKind::Describe),
            Action::ShowJson => self.open_detail(DetailKind::Json),
            Action::CopyId => self.copy_id(),
            Action::Ssh => self.ssh(),
            Action::OpenConsole => self.open_console(),
            Action::SaveView => self.save_view(),
            Action::SaveAs(format) => self.save_as(format),
            Action::SearchStart => self.search_start(),
            Action::SearchInput(c) => self.search_input(c),
            Action::SearchBackspace => self.search_backspace(),
            Action::SearchSubmit => self.search_submit(),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::DisksLoaded {
                profile,
                region,
                instance,
                generation,
                result,
            } => self.disks_loaded((&profile, &region, &instance, generation), result),
            Action::SecurityGroupsLoaded {
                profile,
                region,
                instance,
                generation,
                result,
            } => self.security_groups_loaded((&profile, &region, &instance, generation), result),
            Action::CachedRegionsLoaded {
                profile,
                regions,
                age,
            } => self.cached_regions_loaded(&profile, regions, age),
            Action::CachedInstancesLoaded {
                profile,
                region,
                instances,
                age,
            } => self.cached_instances_loaded(&profile, &region, instances, age),
            Action::ViewSaved { result } => self.view_saved(result),
            Action::SshFinished { result } => self.ssh_finished(result),
            Action::OpenFilter => self.open_filter(),
            Action::FilterInput(c) => self.filter_input(c),
            Action::FilterDelete => self.filter_delete(),
            Action::FilterClearInput => self.filter_clear_input(),
            Action::ApplyFilter => self.apply_filter(),
            Action::ClearFilter => self.clear_filter(),
            Action::SortBy(key) => self.sort_by(key),
            Action::SelectFavorite(n) => self.select_favorite(n),
            Action::OpenErrors => {
                self.popup = Some(Popup::Errors { scroll: 0 });
                Vec::new()
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.scroll(column, row, down),
            Action::ClockCorrected { warning } => {
                tracing::warn!("{warning}");
                self.flash(FlashLevel::Warn, format!("⚠ {warning}"));
                Vec::new()
            }
        };
        commands.extend(self.settle());
        commands
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
            progress: false,
        });
    }

    /// A flash for work just started: it clears once nothing is loading.
    fn progress_flash(&mut self, text: String) {
        self.flash(FlashLevel::Info, text);
        if let Some(flash) = &mut self.flash {
            flash.progress = true;
        }
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
    fn show_region(&mut self, region: &str, force: bool) -> Vec<Command> {
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

    fn refresh(&mut self) -> Vec<Command> {
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

    fn refresh_all(&mut self) -> Vec<Command> {
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

    fn enter(&mut self) -> Vec<Command> {
        match self.popup {
            Some(Popup::Profiles { cursor }) => {
                self.popup = None;
                self.switch_profile(cursor)
            }
            Some(Popup::Help { .. } | Popup::Errors { .. }) => {
                self.popup = None;
                Vec::new()
            }
            None => {
                match self.focus {
                    Focus::Regions if self.current_region.is_some() || self.all.active => {
                        self.focus = Focus::Instances;
                    }
                    Focus::Regions => {}
                    Focus::Instances => return self.open_detail(DetailKind::Describe),
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

/// The screen's fixed parts, shared with `ui` so both agree on how many rows fit.
pub mod layout {
    /// Header line and footer line.
    pub const CHROME: u16 = 2;

    /// Width of the region pane for a terminal `width` wide.
    #[must_use]
    pub fn region_pane_width(width: u16) -> u16 {
        (width / 3).clamp(18, 34)
    }
}
