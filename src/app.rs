//! The browser's state and `update`: Actions in, Commands out, no I/O.

pub mod act;
mod action;
pub mod cached;
mod copy;
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

mod fetching;
pub mod layout;
pub mod progress;
mod query;
mod rows;
mod tag_query;
mod update;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api::{Error, Region};
use crate::config::UiConfig;
use crate::profiles::Profile;

pub use act::{Dialog, Outside, UrlBox};
pub use action::{Action, Command};
pub use cached::CachedAt;
pub use copy::CopyField;
pub use detail::{Detail, DetailKind, Part};
pub use rows::Rows;
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
    /// Each region's instance count when last kept in the cache: shown in the region pane
    /// until the region's own rows come.
    pub cached_counts: HashMap<String, usize>,
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
    /// Each region's rows answering the question asked now: its whole inventory, or the
    /// `-t` tag query's answer while one is on.
    pub views: HashMap<String, RegionView>,
    /// While a `-t` tag query is on, the regions' whole inventories, put aside (`views`
    /// holds the tag query's answers then): the region pane counts from these, and `Esc`
    /// brings them back as they were.
    pub inventory: HashMap<String, RegionView>,
    pub focus: Focus,
    /// `z`: the region pane is hidden for a full-width table (see [`App::regions_shown`]).
    pub regions_hidden: bool,
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
    /// What the clipboard, ssh and the browser left to remember.
    pub outside: Outside,
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
            inventory: HashMap::new(),
            focus: Focus::Regions,
            regions_hidden: false,
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
            outside: Outside::default(),
        }
    }

    /// Where the last run left off (see `crate::state`), before [`App::start`]: in "All
    /// regions", the sort, the focus.
    pub fn resume(&mut self, all_regions: bool, sort: Option<sort::Sort>, focus: Option<Focus>) {
        if all_regions {
            self.current_region = None;
            self.all.active = true;
        }
        self.sort = sort.or(self.sort);
        if focus == Some(Focus::Instances) {
            self.focus = Focus::Instances;
        }
    }

    /// The config's UI keys, `NO_COLOR` and the profiles' accents.
    #[must_use]
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }
}
