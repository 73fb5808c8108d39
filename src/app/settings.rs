//! What the browser takes from the environment and the profiles: NO_COLOR and accents (the UI
//! keys of the config are `App::ui`).

use std::collections::HashMap;

use crate::profiles::Profiles;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `NO_COLOR` is set: no colours at all, only bold and reverse.
    pub no_color: bool,
    /// `[profiles.NAME] accent = "red"`: the header and borders while that profile is in use.
    pub accents: HashMap<String, String>,
}

impl Settings {
    #[must_use]
    pub fn from_profiles(profiles: &Profiles, no_color: bool) -> Self {
        Settings {
            no_color,
            accents: profiles
                .profiles
                .iter()
                .filter_map(|p| p.accent.clone().map(|a| (p.name.clone(), a)))
                .collect(),
        }
    }
}

/// `NO_COLOR` present and not empty, as no-color.org defines it.
#[must_use]
pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn no_color_means_set_and_not_empty() {
        assert!(no_color_requested(Some(OsStr::new("1"))));
        assert!(!no_color_requested(Some(OsStr::new(""))));
        assert!(!no_color_requested(None));
    }
}
