//! The vocabulary between the parts: Actions come up to `update`, Commands go out of it.

use std::time::Duration;

use super::Rows;
use super::sort::SortKey;
use crate::api::{Error, Region};
use crate::app::detail::{Disk, SecurityGroup};
use crate::export::ExportFormat;

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
        result: Result<Rows, Error>,
    },
    PermissionChecked {
        profile: String,
        region: String,
        generation: u64,
        result: Result<bool, Error>,
    },
    /// `d`/Enter on an instance: the describe view (in the view: switch to it).
    Describe,
    /// `y`: the instance's raw JSON.
    ShowJson,
    /// `c`: the instance ID to the clipboard.
    CopyId,
    Ssh,
    /// `o`: the console URL, shown and copied.
    OpenConsole,
    /// `ctrl-s`: asks for a format, then saves the rows on screen.
    SaveView,
    SaveAs(ExportFormat),
    /// `/` in the describe or JSON view, then the text, then Enter.
    SearchStart,
    SearchInput(char),
    SearchBackspace,
    SearchSubmit,
    SearchNext,
    SearchPrev,
    DisksLoaded {
        profile: String,
        region: String,
        instance: String,
        generation: u64,
        result: Result<Vec<Disk>, Error>,
    },
    SecurityGroupsLoaded {
        profile: String,
        region: String,
        instance: String,
        generation: u64,
        result: Result<Vec<SecurityGroup>, Error>,
    },
    /// The region list kept from an earlier run, `age` old.
    CachedRegionsLoaded {
        profile: String,
        regions: Vec<Region>,
        age: Duration,
    },
    CachedInstancesLoaded {
        profile: String,
        region: String,
        instances: Rows,
        age: Duration,
    },
    /// Word from a fetch of instances still running (see [`super::progress::Step`]).
    InstancesProgress {
        profile: String,
        region: String,
        generation: u64,
        step: super::progress::Step,
    },
    /// How many instances each region had when last kept (the cache files' headers).
    CachedCountsLoaded {
        profile: String,
        counts: Vec<(String, usize)>,
    },
    /// The saved file's path, or why it could not be written.
    ViewSaved {
        result: Result<String, String>,
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
    /// The client corrected its clock after the service rejected a Timestamp; the text says
    /// by how much.
    ClockCorrected {
        warning: String,
    },
    /// `C`: the copy menu (ID, name, private IP, public IP, console URL, JSON).
    OpenCopyMenu,
    /// A choice in the copy menu.
    CopyField(crate::app::copy::CopyField),
    /// The run loop sent `text` (`what` in messages) to the clipboard: OSC 52 always, and
    /// `tool` says whether a local clipboard program took it too (`Ok(None)`: none here, so
    /// nothing confirms the copy), or why that program failed.
    Copied {
        what: String,
        text: String,
        tool: Result<Option<String>, String>,
    },
    /// ssh is over and the terminal is back: how it ended, with its last words on stderr.
    SshEnded {
        report: crate::ssh::SshReport,
    },
    /// `url` went to a browser (`Ok(Some(name))`), there is none to open it here
    /// (`Ok(None)`), or the opener failed.
    UrlOpened {
        url: String,
        result: Result<Option<String>, String>,
    },
    /// `z`: hide the region pane for a full-width table, or show it again.
    ToggleRegions,
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
    FetchDisks {
        profile: String,
        region: String,
        instance: String,
        generation: u64,
    },
    FetchSecurityGroups {
        profile: String,
        region: String,
        instance: String,
        ids: Vec<String>,
        generation: u64,
    },
    /// Suspend the UI, run this program (no shell) on the terminal, come back (the run loop).
    RunSsh {
        argv: Vec<String>,
    },
    /// Write `contents` to a new timestamped file named after `stem` (the worker).
    SaveView {
        stem: String,
        format: ExportFormat,
        /// Its `Debug` (in the worker's log) gives rows and bytes, never the rows.
        contents: crate::export::Rendered,
    },
    /// Put `text` on the clipboard (OSC 52, and a local clipboard program when there is
    /// one); `what` names it in the answer, [`Action::Copied`] (the run loop).
    Copy {
        what: String,
        text: String,
    },
    /// Open `url` in the user's browser when this machine has one to show it (the run loop);
    /// the answer is [`Action::UrlOpened`].
    OpenUrl {
        url: String,
    },
}
