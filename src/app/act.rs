//! Acting on the selected instance without changing it: copy its ID, ssh to it, its console
//! URL, and saving the rows on screen. Effects leave as Commands; nothing here does I/O.

use crate::api::Instance;
use crate::export::{self, ExportFormat};

use super::{Action, App, Command, FlashLevel};

/// A small box over everything, waiting for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// `ctrl-s`: which format to save the view in.
    SaveAs,
    /// `o`: the console URL, shown in full (it was copied too).
    Url(String),
}

impl App {
    /// The instance `c`, `s` and `o` act on: the open view's, else the table's selected row.
    #[must_use]
    pub fn acted_instance(&self) -> Option<&Instance> {
        if self.detail.is_some() {
            self.detail_instance()
        } else {
            self.selected_instance()
        }
    }

    fn acted_or_flash(&mut self) -> Option<Instance> {
        let instance = self.acted_instance().cloned();
        if instance.is_none() {
            self.flash(FlashLevel::Info, "no instance selected".into());
        }
        instance
    }

    fn region_of(&self, instance: &Instance) -> String {
        if instance.region_id.is_empty() {
            self.current_region.clone().unwrap_or_default()
        } else {
            instance.region_id.clone()
        }
    }

    pub(super) fn copy_id(&mut self) -> Vec<Command> {
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        let id = instance.instance_id;
        self.flash(FlashLevel::Info, format!("copied {id}"));
        vec![Command::CopyText { text: id }]
    }

    pub(super) fn open_console(&mut self) -> Vec<Command> {
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        let url =
            crate::console_url::instance_url(&self.region_of(&instance), &instance.instance_id);
        self.flash(FlashLevel::Info, "console URL copied".into());
        self.dialog = Some(Dialog::Url(url.clone()));
        vec![Command::CopyText { text: url }]
    }

    pub(super) fn ssh(&mut self) -> Vec<Command> {
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        let region = self.region_of(&instance);
        let ui = &self.ui;
        match crate::ssh::command(&ui.ssh_command, &ui.ssh_user, &instance, &region) {
            Ok(argv) => vec![Command::RunSsh { argv }],
            Err(e) => {
                self.flash(FlashLevel::Warn, format!("⚠ ssh: {e}"));
                Vec::new()
            }
        }
    }

    pub(super) fn ssh_finished(&mut self, result: Result<Option<i32>, String>) -> Vec<Command> {
        match result {
            Ok(Some(0)) => self.flash(FlashLevel::Info, "back from ssh".into()),
            Ok(Some(code)) => self.flash(FlashLevel::Warn, format!("⚠ ssh exited with {code}")),
            Ok(None) => self.flash(FlashLevel::Warn, "⚠ ssh was ended by a signal".into()),
            Err(e) => self.flash(FlashLevel::Warn, format!("⚠ {e}")),
        }
        Vec::new()
    }

    /// `ctrl-s`: asks which format, when there is something to save.
    pub(super) fn save_view(&mut self) -> Vec<Command> {
        if self.current_view().is_none_or(|v| v.index.is_empty()) {
            self.flash(FlashLevel::Info, "nothing to save".into());
        } else {
            self.dialog = Some(Dialog::SaveAs);
        }
        Vec::new()
    }

    /// The rows as shown (the table's order, after any filter) in `format`.
    pub(super) fn save_as(&mut self, format: ExportFormat) -> Vec<Command> {
        if self.dialog != Some(Dialog::SaveAs) {
            return Vec::new();
        }
        self.dialog = None;
        let Some(view) = self.current_view() else {
            return Vec::new();
        };
        let rows: Vec<&Instance> = view
            .index
            .iter()
            .filter_map(|&i| view.rows.get(i).map(AsRef::as_ref))
            .collect();
        // The table's columns, those off screen too.
        let columns = self.table_columns().order;
        let contents = export::render(rows.iter().copied(), &columns, format);
        let count = rows.len();
        let stem = format!(
            "{}-{}",
            self.profile_name(),
            self.current_region.as_deref().unwrap_or("all-regions")
        );
        self.flash(FlashLevel::Info, format!("saving {count} rows…"));
        vec![Command::SaveView {
            stem,
            format,
            contents,
        }]
    }

    pub(super) fn view_saved(&mut self, result: Result<String, String>) -> Vec<Command> {
        match result {
            Ok(path) => self.flash(FlashLevel::Info, format!("saved {path}")),
            Err(e) => self.flash(FlashLevel::Warn, format!("⚠ cannot save: {e}")),
        }
        Vec::new()
    }

    /// Keys while a dialog is open: it takes them all but quitting.
    pub(super) fn dialog_key(&mut self, action: &Action) -> Option<Vec<Command>> {
        if self.popup.is_some() {
            return None;
        }
        let dialog = self.dialog.as_ref()?;
        match (dialog, action) {
            (_, Action::Back) | (Dialog::Url(_), Action::Enter) => {
                self.dialog = None;
                Some(Vec::new())
            }
            (Dialog::SaveAs, Action::SaveAs(_))
            | (_, Action::Quit | Action::Suspend | Action::Tick | Action::Resize { .. }) => None,
            (_, a) if is_key(a) => Some(Vec::new()),
            _ => None,
        }
    }
}

/// The keys a dialog swallows. A list of keys rather than of results, so an answer of any
/// kind, even one added later, is never lost while a dialog is open.
fn is_key(action: &Action) -> bool {
    crate::keys::is_movement(action)
        || matches!(
            action,
            Action::FocusNext
                | Action::FocusPrev
                | Action::FocusRegions
                | Action::FocusInstances
                | Action::Enter
                | Action::SelectAllRegions
                | Action::Refresh
                | Action::RefreshAll
                | Action::OpenProfiles
                | Action::OpenHelp
                | Action::Describe
                | Action::ShowJson
                | Action::CopyId
                | Action::Ssh
                | Action::OpenConsole
                | Action::SaveView
                | Action::SaveAs(_)
                | Action::SearchStart
                | Action::SearchInput(_)
                | Action::SearchBackspace
                | Action::SearchSubmit
                | Action::SearchNext
                | Action::SearchPrev
        )
}
