//! One region's instances as the browser holds them: rows, what the last answer was, the
//! fetch in flight, and the cursor.

use std::sync::Arc;
use std::time::Instant;

use super::Rows;
use super::filter::{self, Filter};
use super::sort::{self, Sort};
use crate::api::{Error, Instance};
use crate::columns::Longest;

/// What the last finished fetch of a region said.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing has answered yet.
    Unknown,
    Loaded,
    /// The API answered an empty list and DryRun confirmed the permission.
    Empty,
    /// The API answered an empty list and DryRun said DescribeInstances is denied.
    NoPermission,
    /// The last fetch failed; `rows` still hold the answer before it (if any).
    Failed(Error),
}

/// What the instance pane shows, derived from the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneState {
    /// Nothing to show yet; a fetch is running.
    Loading,
    Loaded,
    Empty,
    NoPermission,
    Failed,
}

/// How rows are shown: the local filter and the sort. The App holds the one in use; a view
/// holds the one its index was built with, and is rebuilt only when they differ.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    pub filter: Filter,
    pub sort: Option<Sort>,
}

#[derive(Debug, Clone)]
pub struct RegionView {
    /// Shared with the all-regions table, which holds the same rows without copying them.
    pub rows: Vec<Arc<Instance>>,
    /// The rows shown, in display order, as indices into `rows`. Filtering and sorting build
    /// this; drawing reads only the visible slice of it.
    pub index: Vec<usize>,
    /// Instances per status, most common first (computed once per answer, not per frame).
    pub counts: Vec<(String, usize)>,
    /// The widest names, types and tags of `rows`, so column widths do not follow the sort.
    pub longest: Longest,
    pub outcome: Outcome,
    /// The generation of the DescribeInstances call in flight.
    pub loading: Option<u64>,
    /// The generation of the DryRun permission check in flight.
    pub checking: Option<u64>,
    /// When `rows` were fetched.
    pub updated: Option<Instant>,
    /// When the last fetch was asked for.
    pub attempted: Option<Instant>,
    /// Position in `index`.
    pub selected: usize,
    /// First visible position in `index`.
    pub offset: usize,
    /// The rows came from the cache and no fresh answer has replaced them yet.
    pub cached: Option<super::CachedAt>,
    /// Each row's lowercase search text (see [`filter::search_text`]), built once per answer.
    pub search: Vec<Arc<str>>,
    /// The rows sorted, before filtering: rebuilt when rows or the sort change.
    pub order: Vec<usize>,
    /// The filter and sort `index` was built with.
    pub shape: Shape,
    /// The instance the user last put the cursor on: kept across filters that hide it.
    pub anchor: Option<String>,
    /// Where `anchor` was last seen in `rows`: a keystroke of the filter finds it there
    /// instead of comparing 100,000 IDs (checked before use, so a stale hint costs a search).
    anchor_row: Option<usize>,
    /// Counts answers taken, so an aggregate knows when to rebuild.
    pub version: u64,
    /// What the fetch in flight has told so far (pages, a retry being waited out).
    pub progress: Option<super::progress::FetchProgress>,
    /// `rows` are only the first page of an answer that has not come whole (yet, or ever:
    /// the fetch failed after it): they do not count as the region's inventory.
    pub partial: bool,
}

impl Default for RegionView {
    fn default() -> Self {
        RegionView {
            rows: Vec::new(),
            index: Vec::new(),
            counts: Vec::new(),
            longest: Longest::default(),
            outcome: Outcome::Unknown,
            loading: None,
            checking: None,
            updated: None,
            attempted: None,
            selected: 0,
            offset: 0,
            cached: None,
            search: Vec::new(),
            order: Vec::new(),
            shape: Shape::default(),
            anchor: None,
            anchor_row: None,
            version: 0,
            progress: None,
            partial: false,
        }
    }
}

impl RegionView {
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.loading.is_some() || self.checking.is_some()
    }

    #[must_use]
    pub fn state(&self) -> PaneState {
        match &self.outcome {
            Outcome::Unknown => PaneState::Loading,
            Outcome::Loaded if self.rows.is_empty() && self.is_busy() => PaneState::Loading,
            Outcome::Loaded => PaneState::Loaded,
            Outcome::Empty => PaneState::Empty,
            Outcome::NoPermission => PaneState::NoPermission,
            Outcome::Failed(_) => PaneState::Failed,
        }
    }

    /// How many instances the last answer held, once one has told it (old rows kept by a
    /// failed refresh still count; rows of a fetch still running do not).
    #[must_use]
    pub fn answered_count(&self) -> Option<usize> {
        if self.partial {
            return None;
        }
        match self.state() {
            PaneState::Loaded | PaneState::Empty => Some(self.rows.len()),
            PaneState::Failed if self.updated.is_some() => Some(self.rows.len()),
            _ => None,
        }
    }

    #[must_use]
    pub fn error(&self) -> Option<&Error> {
        match &self.outcome {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// The instance under the cursor.
    #[must_use]
    pub fn selected_instance(&self) -> Option<&Instance> {
        self.index
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
            .map(AsRef::as_ref)
    }

    /// Takes a fresh answer, keeping the cursor on the instance the user chose when it is
    /// still there (else on the same position), and the scroll where it was.
    pub fn replace_rows(&mut self, rows: Rows, now: Instant, viewport: usize) {
        self.replace_shared(rows.instances, rows.search, viewport);
        self.updated = Some(now);
    }

    /// Takes rows (with their search texts) already shared with another view.
    pub fn replace_shared(
        &mut self,
        rows: Vec<Arc<Instance>>,
        search: Vec<Arc<str>>,
        viewport: usize,
    ) {
        // The instance the user chose; until they choose one, the cursor keeps its place
        // (rows streaming in and sorted must not carry the top row, and the cursor with it,
        // into the middle of the list).
        let selected_id = self.anchor.clone();
        self.partial = false;
        self.rows = rows;
        self.cached = None;
        self.search = search;
        self.version += 1;
        self.order = sort::order(&self.rows, self.shape.sort);
        self.rebuild_index();
        self.counts = status_counts(&self.rows);
        self.longest = Longest::of(&self.rows);
        self.select_id(selected_id.as_deref(), viewport);
    }

    /// Adds rows after the ones held (a later part of the same answer), keeping the cursor
    /// on the instance the user chose.
    pub fn append_rows(&mut self, rows: Rows, viewport: usize) {
        // Rows already held keep their places: the wanted one is found by its place.
        let wanted = self.wanted_row();
        self.search.extend(rows.search);
        self.longest.add(&rows.instances);
        self.rows.extend(rows.instances);
        self.version += 1;
        self.order = sort::order(&self.rows, self.shape.sort);
        self.rebuild_index();
        self.counts = status_counts(&self.rows);
        self.select_row(wanted, viewport);
    }

    /// Shows the rows with another filter or sort, keeping the cursor on the same instance
    /// when it is still shown. Nothing is recomputed when the shape is the same.
    pub fn reshape(&mut self, shape: &Shape, viewport: usize) {
        if &self.shape == shape {
            return;
        }
        let wanted = self.wanted_row();
        if self.shape.sort != shape.sort {
            self.order = sort::order(&self.rows, shape.sort);
        }
        let previous = filter::narrows(&self.shape.filter, &shape.filter)
            .then(|| std::mem::take(&mut self.index));
        self.shape = shape.clone();
        match previous {
            Some(previous) => {
                self.index = filter::apply_narrowed(
                    &self.order,
                    &previous,
                    &self.search,
                    &self.shape.filter,
                    self.shape.sort.is_none(),
                );
            }
            None => self.rebuild_index(),
        }
        if wanted.is_some() && !self.select_row(wanted, viewport) {
            // The instance is filtered out: start at the top, and come back to it when a
            // later filter shows it again.
            self.selected = 0;
            self.offset = 0;
        }
        self.clamp(viewport);
    }

    /// The place in `rows` of the instance the user chose (the cursor keeps its place until
    /// they choose one).
    fn wanted_row(&mut self) -> Option<usize> {
        let id = self.anchor.as_ref()?;
        let hinted = self
            .anchor_row
            .filter(|&row| self.rows.get(row).is_some_and(|r| &r.instance_id == id));
        if hinted.is_none() {
            self.anchor_row = self.rows.iter().position(|r| &r.instance_id == id);
        }
        self.anchor_row
    }

    /// Puts the cursor on the row at `row` in `rows` if shown; whether it was.
    fn select_row(&mut self, row: Option<usize>, viewport: usize) -> bool {
        let found = row.and_then(|row| self.index.iter().position(|&i| i == row));
        if let Some(pos) = found {
            self.selected = pos;
        }
        self.clamp(viewport);
        found.is_some()
    }

    /// Puts the cursor on `id` if shown; whether it was.
    fn select_id(&mut self, id: Option<&str>, viewport: usize) -> bool {
        let found = id.and_then(|id| {
            self.index
                .iter()
                .position(|&i| self.rows[i].instance_id == id)
        });
        if let Some(pos) = found {
            self.selected = pos;
        }
        self.clamp(viewport);
        found.is_some()
    }

    /// The display order from the sorted rows and the filter.
    fn rebuild_index(&mut self) {
        self.index = filter::apply(
            &self.order,
            &self.search,
            &self.shape.filter,
            self.shape.sort.is_none(),
        );
    }

    /// Keeps the cursor inside the rows and visible in a viewport of `viewport` rows.
    pub fn clamp(&mut self, viewport: usize) {
        let len = self.index.len();
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = scroll_offset(self.offset, self.selected, len, viewport);
    }

    /// Moves the cursor by `delta` rows (clamped at both ends).
    pub fn move_by(&mut self, delta: isize, viewport: usize) {
        self.selected = self.selected.saturating_add_signed(delta);
        self.clamp(viewport);
        self.anchor_cursor();
    }

    pub fn move_to(&mut self, position: usize, viewport: usize) {
        self.selected = position;
        self.clamp(viewport);
        self.anchor_cursor();
    }

    /// The user chose the instance under the cursor: keep to it.
    fn anchor_cursor(&mut self) {
        self.anchor_row = self.index.get(self.selected).copied();
        self.anchor = self.selected_instance().map(|i| i.instance_id.clone());
    }
}

/// The first visible row so that `selected` is on screen, moving as little as possible from
/// `offset`, and never leaving blank rows below the end when the list could fill them.
#[must_use]
pub fn scroll_offset(offset: usize, selected: usize, len: usize, viewport: usize) -> usize {
    let viewport = viewport.max(1);
    let mut offset = offset.min(len.saturating_sub(viewport));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + viewport {
        offset = selected + 1 - viewport;
    }
    offset
}

fn status_counts(rows: &[Arc<Instance>]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for row in rows {
        match counts.iter_mut().find(|(s, _)| *s == row.status) {
            Some((_, n)) => *n += 1,
            None => counts.push((row.status.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

#[cfg(test)]
mod tests {
    use super::scroll_offset;

    #[test]
    fn offset_follows_the_cursor_minimally() {
        assert_eq!(scroll_offset(0, 5, 100, 10), 0);
        assert_eq!(scroll_offset(0, 10, 100, 10), 1);
        assert_eq!(scroll_offset(20, 5, 100, 10), 5);
        assert_eq!(scroll_offset(20, 25, 100, 10), 20);
        // After a shrink of the list, no blank rows below the end.
        assert_eq!(scroll_offset(90, 95, 96, 10), 86);
        assert_eq!(scroll_offset(3, 0, 0, 10), 0);
    }
}
