//! The error and panic report (color-eyre): coloured only on a terminal, never with NO_COLOR.

use std::io::IsTerminal as _;

use color_eyre::config::{HookBuilder, Theme};

/// Installs color-eyre's panic and error hooks with colours only when stderr is a terminal
/// and `NO_COLOR` is not set: a report redirected to a file or read by a script must not be
/// full of escape codes.
///
/// # Errors
/// When hooks were installed already.
pub fn install() -> Result<(), color_eyre::Report> {
    let colour = wants_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    HookBuilder::default().theme(theme(colour)).install()
}

/// Colour on a terminal, unless `NO_COLOR` says otherwise.
#[must_use]
pub fn wants_colour(stderr_is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    stderr_is_terminal && !crate::app::settings::no_color_requested(no_color)
}

fn theme(colour: bool) -> Theme {
    if colour { Theme::dark() } else { Theme::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(wants_colour(true, None));
        assert!(wants_colour(true, Some(OsStr::new(""))));
        assert!(!wants_colour(true, Some(OsStr::new("1"))));
        assert!(!wants_colour(false, None));
    }
}
