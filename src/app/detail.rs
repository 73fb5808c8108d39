//! The describe and JSON views of one instance: what they hold, scrolling, searching, and the
//! answers of the extra calls (disks, security groups) they make.

mod lines;
mod resources;
mod search;

pub use lines::{DetailLine, LABEL_WIDTH, LineKind};
pub use resources::{Disk, Extra, SecurityGroup};

use crate::api::{Error, Instance};

use super::{Action, App, Command, FlashLevel};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailKind {
    Describe,
    Json,
}

/// A part of the view filled in by its own call.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<T> {
    Loading,
    Loaded(T),
    Failed(Error),
}

/// `/` in the view: what is being typed, and the last search's matches (line numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// Some while typing.
    pub input: Option<String>,
    pub query: String,
    pub matches: Vec<usize>,
    /// Position in `matches` of the match `n`/`N` last went to.
    pub current: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Detail {
    pub kind: DetailKind,
    pub profile: String,
    pub region: String,
    /// The instance as it was when the view opened; the table's fresher copy is preferred
    /// while it has one (see [`App::detail_instance`]).
    pub instance: Instance,
    /// The generation of the disk and group calls the view waits for.
    pub generation: u64,
    /// Whether the disk and group calls were made (the JSON view alone does not need them).
    pub requested: bool,
    pub groups: Part<Vec<SecurityGroup>>,
    pub disks: Part<Vec<Disk>>,
    /// First line on screen.
    pub scroll: usize,
    pub search: Search,
}

/// The instance object pretty-printed, keys in the order the API sent them.
#[must_use]
pub fn json_lines(instance: &Instance) -> Vec<String> {
    let pretty = serde_json::from_str::<serde_json::Value>(instance.raw.get())
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| instance.raw.get().to_owned());
    pretty
        .lines()
        .map(|l| crate::columns::sanitize(l).into_owned())
        .collect()
}

impl Detail {
    /// The text of every line, as a view `width` columns wide shows it.
    #[must_use]
    pub fn texts(&self, instance: &Instance, width: usize) -> Vec<String> {
        match self.kind {
            DetailKind::Describe => self
                .describe_lines(instance, width)
                .into_iter()
                .map(|l| l.text)
                .collect(),
            DetailKind::Json => json_lines(instance),
        }
    }

    /// The describe view's lines for a view `width` columns wide (long values wrap).
    #[must_use]
    pub fn describe_lines(&self, instance: &Instance, width: usize) -> Vec<DetailLine> {
        lines::describe(instance, &self.groups, &self.disks, width)
    }
}

impl App {
    /// The instance the open view is about: the table's copy when it still has one (a refresh
    /// may have changed it), else the copy taken when the view opened.
    #[must_use]
    pub fn detail_instance(&self) -> Option<&Instance> {
        let detail = self.detail.as_ref()?;
        let id = &detail.instance.instance_id;
        self.views
            .get(&detail.region)
            .and_then(|v| v.rows.iter().find(|i| &i.instance_id == id))
            .map(AsRef::as_ref)
            .or(Some(&detail.instance))
    }

    /// Lines of the view on screen (inside its border, above the footer).
    #[must_use]
    pub fn detail_viewport(&self) -> usize {
        usize::from(self.height.saturating_sub(super::layout::CHROME + 2)).max(1)
    }

    /// Columns inside the view's border: the lines wrap to it.
    #[must_use]
    pub fn detail_width(&self) -> usize {
        usize::from(self.width.saturating_sub(2))
    }

    pub(in crate::app) fn detail_texts(&self) -> Vec<String> {
        match (&self.detail, self.detail_instance()) {
            (Some(d), Some(i)) => d.texts(i, self.detail_width()),
            _ => Vec::new(),
        }
    }

    /// `d`/Enter (describe) or `y` (JSON) on the selected instance; in the view, switches.
    pub(super) fn open_detail(&mut self, kind: DetailKind) -> Vec<Command> {
        if let Some(detail) = &mut self.detail {
            if detail.kind != kind {
                detail.kind = kind;
                detail.scroll = 0;
                detail.search = Search::default();
            }
            return self.request_detail_parts();
        }
        let Some(instance) = self.selected_instance().cloned() else {
            self.flash(FlashLevel::Info, "no instance selected".into());
            return Vec::new();
        };
        let region = if instance.region_id.is_empty() {
            self.current_region.clone().unwrap_or_default()
        } else {
            instance.region_id.clone()
        };
        let generation = self.generation();
        self.detail = Some(Detail {
            kind,
            profile: self.profile_name().to_owned(),
            region,
            instance,
            generation,
            requested: false,
            groups: Part::Loading,
            disks: Part::Loading,
            scroll: 0,
            search: Search::default(),
        });
        self.request_detail_parts()
    }

    /// The selected row of the table.
    pub(super) fn selected_instance(&self) -> Option<&Instance> {
        self.current_view()
            .and_then(super::RegionView::selected_instance)
    }

    /// Asks for the disks and groups once the describe view is shown.
    fn request_detail_parts(&mut self) -> Vec<Command> {
        let Some(d) = self.detail.as_mut() else {
            return Vec::new();
        };
        if d.kind != DetailKind::Describe || d.requested {
            return Vec::new();
        }
        d.requested = true;
        let mut commands = vec![Command::FetchDisks {
            profile: d.profile.clone(),
            region: d.region.clone(),
            instance: d.instance.instance_id.clone(),
            generation: d.generation,
        }];
        if d.instance.security_group_ids.is_empty() {
            d.groups = Part::Loaded(Vec::new());
        } else {
            commands.push(Command::FetchSecurityGroups {
                profile: d.profile.clone(),
                region: d.region.clone(),
                instance: d.instance.instance_id.clone(),
                ids: d.instance.security_group_ids.clone(),
                generation: d.generation,
            });
        }
        commands
    }

    /// `r` in the view: the disks and groups again (what is shown stays until they answer),
    /// and the region's instances, which the view reads its instance from.
    fn refresh_detail(&mut self) -> Vec<Command> {
        let generation = self.generation();
        let Some(d) = self.detail.as_mut() else {
            return Vec::new();
        };
        d.generation = generation;
        d.requested = false;
        let region = d.region.clone();
        let mut commands = self.request_detail_parts();
        commands.extend(self.fetch_instances(&region));
        commands
    }

    /// Whether an answer is for the view that is open now; late answers are dropped.
    fn detail_waits_for(
        &self,
        profile: &str,
        region: &str,
        instance: &str,
        generation: u64,
    ) -> bool {
        self.detail.as_ref().is_some_and(|d| {
            d.profile == profile
                && d.region == region
                && d.instance.instance_id == instance
                && d.generation == generation
        })
    }

    pub(super) fn disks_loaded(
        &mut self,
        (profile, region, instance, generation): (&str, &str, &str, u64),
        result: Result<Vec<Disk>, Error>,
    ) -> Vec<Command> {
        if !self.detail_waits_for(profile, region, instance, generation) {
            tracing::debug!(instance, generation, "dropping stale disks");
            return Vec::new();
        }
        if let Some(d) = self.detail.as_mut() {
            d.disks = match result {
                Ok(disks) => Part::Loaded(disks),
                Err(e) => Part::Failed(e),
            };
        }
        Vec::new()
    }

    pub(super) fn security_groups_loaded(
        &mut self,
        (profile, region, instance, generation): (&str, &str, &str, u64),
        result: Result<Vec<SecurityGroup>, Error>,
    ) -> Vec<Command> {
        if !self.detail_waits_for(profile, region, instance, generation) {
            tracing::debug!(instance, generation, "dropping stale security groups");
            return Vec::new();
        }
        if let Some(d) = self.detail.as_mut() {
            d.groups = match result {
                Ok(groups) => Part::Loaded(groups),
                Err(e) => Part::Failed(e),
            };
        }
        Vec::new()
    }

    /// Keys while the view is open (and no popup is over it). `None`: not the view's business.
    pub(super) fn detail_key(&mut self, action: &Action) -> Option<Vec<Command>> {
        if self.popup.is_some() || self.dialog.is_some() {
            return None;
        }
        let detail = self.detail.as_ref()?;
        let typing = detail.search.input.is_some();
        let commands = match action {
            Action::Back if typing => {
                self.with_search(|s| s.input = None);
                Vec::new()
            }
            Action::Back if !detail.search.query.is_empty() => {
                self.with_search(|s| *s = Search::default());
                Vec::new()
            }
            Action::Back => {
                // The table was never touched: it is exactly where it was.
                self.detail = None;
                Vec::new()
            }
            Action::SelectPrev => self.scroll_detail(Scroll::By(-1)),
            Action::SelectNext => self.scroll_detail(Scroll::By(1)),
            Action::PageUp => self.scroll_detail(Scroll::Page(-1)),
            Action::PageDown => self.scroll_detail(Scroll::Page(1)),
            Action::SelectFirst => self.scroll_detail(Scroll::First),
            Action::SelectLast => self.scroll_detail(Scroll::Last),
            Action::Refresh => self.refresh_detail(),
            // The table's keys do nothing to the table hidden under the view.
            Action::Enter
            | Action::FocusNext
            | Action::FocusPrev
            | Action::FocusRegions
            | Action::FocusInstances
            | Action::SelectAllRegions
            | Action::OpenProfiles => Vec::new(),
            _ => return None,
        };
        Some(commands)
    }

    pub(in crate::app) fn with_search(&mut self, f: impl FnOnce(&mut Search)) {
        if let Some(d) = self.detail.as_mut() {
            f(&mut d.search);
        }
    }

    fn scroll_detail(&mut self, how: Scroll) -> Vec<Command> {
        let len = self.detail_texts().len();
        let viewport = self.detail_viewport();
        let max = len.saturating_sub(viewport);
        if let Some(d) = self.detail.as_mut() {
            let page = isize::try_from(viewport).unwrap_or(isize::MAX);
            d.scroll = match how {
                Scroll::By(n) => d.scroll.saturating_add_signed(n),
                Scroll::Page(n) => d.scroll.saturating_add_signed(n.saturating_mul(page)),
                Scroll::First => 0,
                Scroll::Last => max,
            }
            .min(max);
        }
        Vec::new()
    }

    /// Keeps the scroll inside the text after a resize or a change of content.
    pub(super) fn clamp_detail(&mut self) {
        let len = self.detail_texts().len();
        let max = len.saturating_sub(self.detail_viewport());
        if let Some(d) = self.detail.as_mut() {
            d.scroll = d.scroll.min(max);
        }
    }

    /// Puts line `line` on screen, a little below the top when it has to move.
    pub(in crate::app) fn reveal(&mut self, line: usize) {
        let len = self.detail_texts().len();
        let viewport = self.detail_viewport();
        let max = len.saturating_sub(viewport);
        if let Some(d) = self.detail.as_mut()
            && (line < d.scroll || line >= d.scroll + viewport)
        {
            d.scroll = line.saturating_sub(2).min(max);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Scroll {
    By(isize),
    Page(isize),
    First,
    Last,
}
