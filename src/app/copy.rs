//! Copying from the selected instance: `c` its ID, `C` a menu of what else (name, IPs, console
//! URL, JSON), and the answer of the run loop, which alone knows whether anything confirmed
//! the copy: OSC 52 never does, a local clipboard program does.

use crate::api::Instance;
use crate::columns::sanitize;

use super::act::{CONSOLE_URL, Dialog};
use super::{App, Command, FlashLevel};

/// What the copy menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyField {
    Id,
    Name,
    PrivateIp,
    PublicIp,
    ConsoleUrl,
    Json,
}

/// How tmux is told to pass OSC 52 on (its default drops it), as the README says.
pub const TMUX_HINT: &str = "in tmux: set -g set-clipboard on";

impl CopyField {
    /// The menu's word for it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CopyField::Id => "ID",
            CopyField::Name => "name",
            CopyField::PrivateIp => "private IP",
            CopyField::PublicIp => "public IP",
            CopyField::ConsoleUrl => "console URL",
            CopyField::Json => "JSON",
        }
    }
}

/// `field` of `instance` (in `region`): its name in messages and the text, or why there is
/// none.
///
/// # Errors
/// The instance has no such value (no name, no public IP, ...).
pub fn value(
    instance: &Instance,
    region: &str,
    field: CopyField,
) -> Result<(String, String), String> {
    let id = &instance.instance_id;
    let missing = |what: &str| format!("{} has no {what}", sanitize(id));
    match field {
        CopyField::Id => Ok((sanitize(id).into_owned(), id.clone())),
        CopyField::Name if instance.instance_name.is_empty() => Err(missing("name")),
        CopyField::Name => Ok((
            format!("the name {}", sanitize(&instance.instance_name)),
            instance.instance_name.clone(),
        )),
        CopyField::PrivateIp => instance
            .private_address()
            .map(|ip| (format!("the private IP {}", sanitize(ip)), ip.to_owned()))
            .ok_or_else(|| missing("private IP")),
        CopyField::PublicIp => instance
            .public_address()
            .map(|ip| (format!("the public IP {}", sanitize(ip)), ip.to_owned()))
            .ok_or_else(|| missing("public IP or EIP")),
        CopyField::ConsoleUrl => Ok((
            CONSOLE_URL.to_owned(),
            crate::console_url::instance_url(region, id),
        )),
        // Pretty, keys in the API's order (as `y` shows it), the values untouched.
        CopyField::Json => {
            let raw = instance.raw.get();
            let pretty = serde_json::from_str::<serde_json::Value>(raw)
                .and_then(|v| serde_json::to_string_pretty(&v))
                .unwrap_or_else(|_| raw.to_owned());
            Ok((format!("the JSON of {}", sanitize(id)), pretty))
        }
    }
}

impl App {
    /// What `field` of the instance `c`/`C` act on would copy (`None`: no instance), for the
    /// menu to show.
    #[must_use]
    pub fn copy_value(&self, field: CopyField) -> Option<Result<(String, String), String>> {
        let instance = self.acted_instance()?;
        Some(value(instance, &self.region_of(instance), field))
    }

    /// `c`: the ID.
    pub(super) fn copy_id(&mut self) -> Vec<Command> {
        self.copy_field(CopyField::Id)
    }

    /// `C`: the menu, when there is an instance to copy from.
    pub(super) fn open_copy_menu(&mut self) -> Vec<Command> {
        if self.acted_or_flash().is_some() {
            self.dialog = Some(Dialog::CopyMenu);
        }
        Vec::new()
    }

    /// A choice in the menu (or `c`): the menu closes, the copy goes to the run loop.
    pub(super) fn copy_field(&mut self, field: CopyField) -> Vec<Command> {
        if self.dialog == Some(Dialog::CopyMenu) {
            self.dialog = None;
        }
        let Some(instance) = self.acted_or_flash() else {
            return Vec::new();
        };
        match value(&instance, &self.region_of(&instance), field) {
            Ok((what, text)) => {
                self.flash(FlashLevel::Info, format!("copying {what}…"));
                vec![Command::Copy { what, text }]
            }
            Err(why) => {
                self.flash(FlashLevel::Info, why);
                Vec::new()
            }
        }
    }

    /// The run loop's answer. "copied" only when a local program took the text: an OSC 52
    /// sequence cannot be confirmed (tmux drops it by default), so that case says what was
    /// done, with the tmux hint the first time.
    pub(super) fn copied(
        &mut self,
        what: &str,
        text: &str,
        tool: Result<Option<String>, String>,
    ) -> Vec<Command> {
        let sent = "sent to the clipboard (OSC 52)";
        // The first notice is all hint (it must fit the footer); later ones name the value.
        let (osc52, osc52_of_what) = if self.outside.osc52_hinted {
            (sent.to_owned(), format!("{what} {sent}"))
        } else {
            let hinted = format!("{sent} — {TMUX_HINT}");
            (hinted.clone(), hinted)
        };
        let (level, flash, line) = match &tool {
            Ok(Some(program)) => (
                FlashLevel::Info,
                format!("copied {what}"),
                format!("copied to the clipboard ({program})"),
            ),
            Ok(None) => (FlashLevel::Info, osc52_of_what, osc52),
            Err(e) => (
                FlashLevel::Warn,
                format!("⚠ {e}; {osc52_of_what}"),
                format!("⚠ {e}; {osc52}"),
            ),
        };
        if !matches!(tool, Ok(Some(_))) {
            self.outside.osc52_hinted = true;
        }
        self.flash(level, flash);
        if let Some(Dialog::Url(b)) = &mut self.dialog
            && b.url == text
        {
            b.clipboard = line;
        }
        Vec::new()
    }
}
