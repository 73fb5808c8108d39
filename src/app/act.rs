//! Acting on the selected instance without changing it: ssh to it, its console URL (the
//! copies are in `copy`), and saving the rows on screen. Effects leave as Commands; nothing
//! here does I/O.

use crate::api::Instance;
use crate::export::{self, ExportFormat};
use crate::ssh::{SshOutcome, SshReport};

use super::{Action, App, Command, ErrorEntry, FlashLevel};

/// A small box over everything, waiting for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// `ctrl-s`: which format to save the view in.
    SaveAs,
    /// `o`: the console URL, shown in full, with what became of it.
    Url(UrlBox),
    /// `C`: what to copy.
    CopyMenu,
}

/// The console URL box: the URL, and what the clipboard and the browser made of it so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlBox {
    pub url: String,
    pub clipboard: String,
    pub browser: String,
}

impl UrlBox {
    #[must_use]
    pub fn new(url: String) -> UrlBox {
        UrlBox {
            url,
            clipboard: "sending it to the clipboard…".into(),
            browser: "opening it in the browser…".into(),
        }
    }
}

/// What the effects outside left to remember.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outside {
    /// The tmux hint for OSC 52 was given: later notices are shorter.
    pub osc52_hinted: bool,
    /// The instance and region ssh was started for, for the error log.
    pub ssh_target: Option<(String, String)>,
}

/// The console URL's name in messages.
pub(super) const CONSOLE_URL: &str = "the console URL";

impl App {
    /// The instance `c`, `C`, `s` and `o` act on: the open view's, else the table's selected
    /// row.
    #[must_use]
    pub fn acted_instance(&self) -> Option<&Instance> {
        if self.detail.is_some() {
            self.detail_instance()
        } else {
            self.selected_instance()
        }
    }

    pub(super) fn acted_or_flash(&mut self) -> Option<Instance> {
        let instance = self.acted_instance().cloned();
        if instance.is_none() {
            self.flash(FlashLevel::Info, "no instance selected".into());
        }
        instance
    }

    pub(super) fn region_of(&self, instance: &Instance) -> String {
        if instance.region_id.is_empty() {
            self.current_region.clone().unwrap_or_default()
        } else {
            instance.region_id.clone()
        }
    }

    /// `o`: the URL in a box, sent to the clipboard, and to the browser where there is one.
    pub(super) fn open_console(&mut self) -> Vec<Command> {
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        let url =
            crate::console_url::instance_url(&self.region_of(&instance), &instance.instance_id);
        self.dialog = Some(Dialog::Url(UrlBox::new(url.clone())));
        vec![
            Command::Copy {
                what: CONSOLE_URL.into(),
                text: url.clone(),
            },
            Command::OpenUrl { url },
        ]
    }

    pub(super) fn url_opened(&mut self, url: &str, result: Result<Option<String>, String>) {
        let line = match &result {
            Ok(Some(browser)) => format!("opened in the browser ({browser})"),
            Ok(None) => "no browser to open it here (no display, or an SSH session)".to_owned(),
            Err(e) => format!("⚠ not opened: {e}"),
        };
        if let Err(e) = &result {
            self.flash(FlashLevel::Warn, format!("⚠ the browser: {e}"));
        }
        if let Some(Dialog::Url(b)) = &mut self.dialog
            && b.url == url
        {
            b.browser = line;
        }
    }

    pub(super) fn ssh(&mut self) -> Vec<Command> {
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        let region = self.region_of(&instance);
        let ui = &self.ui;
        match crate::ssh::command(&ui.ssh_command, &ui.ssh_user, &instance, &region) {
            Ok(argv) => {
                self.outside.ssh_target = Some((instance.instance_id, region));
                vec![Command::RunSsh { argv }]
            }
            Err(e) => {
                self.flash(FlashLevel::Warn, format!("⚠ ssh: {e}"));
                Vec::new()
            }
        }
    }

    /// The older, shorter answer: an exit code (`None`: a signal) or why it did not start.
    /// Back from ssh: a word in the footer, and a failure in the error log with ssh's own
    /// message (the user saw it above the prompt; the log keeps it).
    pub(super) fn ssh_ended(&mut self, report: SshReport) -> Vec<Command> {
        let target = self.outside.ssh_target.take();
        let summary = report.summary();
        let code = match &report.outcome {
            SshOutcome::Exited(0) => {
                self.flash(FlashLevel::Info, format!("back from {}", report.program));
                return Vec::new();
            }
            SshOutcome::Cancelled => {
                self.flash(FlashLevel::Info, summary);
                return Vec::new();
            }
            SshOutcome::Exited(code) => format!("exit {code}"),
            SshOutcome::Signalled(signal) => format!("signal {signal}"),
            SshOutcome::NotStarted(_) => "not started".to_owned(),
        };
        let flash = if report.message.is_empty() {
            format!("⚠ {summary}")
        } else {
            format!("⚠ {summary}: {}", report.message)
        };
        self.flash(FlashLevel::Warn, flash);
        let message = match (report.message.is_empty(), report.command.is_empty()) {
            (false, false) => format!("{} — {}", report.message, report.command),
            (false, true) => report.message.clone(),
            (true, false) => format!("{summary}, nothing on stderr — {}", report.command),
            (true, true) => summary,
        };
        let (instance, region) = target.unzip();
        let message = match instance {
            Some(id) => format!("{id}: {message}"),
            None => message,
        };
        self.push_error(ErrorEntry {
            at: self.now,
            profile: self.profile_name().to_owned(),
            region,
            action: "ssh",
            code,
            message,
            request_id: None,
        });
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
            | (Dialog::CopyMenu, Action::CopyField(_))
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
                | Action::OpenCopyMenu
                | Action::CopyField(_)
        )
}
