//! The vocabulary between the parts: Actions come up to `update`, Commands go out of it.

use super::sort::SortKey;
use crate::api::{Error, Instance, Region};

/// Everything that can happen: keys (imperative), results (past participles), time.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SelectPrev,
    SelectNext,
    SelectFirst,
    SelectLast,
    PageUp,
    PageDown,
    FocusNext,
    FocusPrev,
    FocusRegions,
    FocusInstances,
    Enter,
    Back,
    SelectAllRegions,
    Refresh,
    RefreshAll,
    OpenProfiles,
    OpenHelp,
    Suspend,
    Quit,
    /// Time passed (the clock itself is set with [`App::set_now`]).
    Tick,
    Resize {
        width: u16,
        height: u16,
    },
    RegionsLoaded {
        profile: String,
        generation: u64,
        result: Result<Vec<Region>, Error>,
    },
    InstancesLoaded {
        profile: String,
        region: String,
        generation: u64,
        result: Result<Vec<Instance>, Error>,
    },
    PermissionChecked {
        profile: String,
        region: String,
        generation: u64,
        result: Result<bool, Error>,
    },
    /// `/`: start typing a filter (the text typed before stays, to edit).
    OpenFilter,
    /// A character typed into the filter.
    FilterInput(char),
    FilterDelete,
    FilterClearInput,
    /// Enter while typing: keep the filter (a `-t` one asks the API) and go to the table.
    ApplyFilter,
    /// Esc while typing: no filter.
    ClearFilter,
    SortBy(SortKey),
    /// `1`–`9`: the n-th of `favorite_regions` (1-based).
    SelectFavorite(usize),
    OpenErrors,
    /// A left click at a terminal cell (only with `mouse = true`).
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over a terminal cell.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
}

/// Effects `update` asks for. The run loop handles `Quit` and `Suspend`; the worker the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    FetchRegions {
        profile: String,
        generation: u64,
    },
    FetchInstances {
        profile: String,
        region: String,
        generation: u64,
        /// `Tag.N.Key` / `Tag.N.Value` for the API (the `-t` filter).
        tags: Vec<(String, Option<String>)>,
    },
    CheckPermission {
        profile: String,
        region: String,
        generation: u64,
    },
    /// Abort everything in flight: a profile switch made it obsolete.
    CancelAll,
    Suspend,
    Quit,
}
