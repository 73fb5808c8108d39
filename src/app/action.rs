//! The vocabulary between the parts: Actions come up to `update`, Commands go out of it.

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
    /// The client corrected its clock after the service rejected a Timestamp; the text says
    /// by how much.
    ClockCorrected {
        warning: String,
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
