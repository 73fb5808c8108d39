//! What the browser remembers between runs: the last profile, each profile's region, the
//! sort and the focus. A small JSON file beside the cache (0600), never credentials; a file
//! that cannot be read is ignored with a log line, and the browser starts as if it were new.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::app::sort::{Sort, SortKey};
use crate::app::{App, Focus};
use crate::cache::Cache;
use crate::config::read::{ReadError, read_capped};

/// The most of `state.json` that is read (it holds a region per profile).
const STATE_CAP: u64 = 1024 * 1024;

/// "All regions" as a remembered region.
const ALL_REGIONS: &str = "*";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The profile in use at the last quit.
    pub profile: Option<String>,
    /// Each profile's last region (`*`: All regions).
    pub regions: BTreeMap<String, String>,
    /// The sort's word (`name`, `age`, ...) and whether reversed.
    pub sort: Option<(String, bool)>,
    /// `regions` or `instances`.
    pub focus: Option<String>,
}

impl State {
    /// The remembered state, or the empty one when there is none or it cannot be read.
    #[must_use]
    pub fn load(cache: &Cache) -> State {
        let path = cache.state_path();
        if !cache.trusted() {
            return State::default();
        }
        // A few hundred bytes in practice; a file swapped for a device or a giant is ignored.
        let text = match read_capped(&path, STATE_CAP) {
            Ok(text) => text,
            Err(ReadError::NotFound) => return State::default(),
            Err(e) => {
                tracing::warn!(path = %path.display(), "state ignored: {e}");
                return State::default();
            }
        };
        serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), "state ignored: {e}");
            State::default()
        })
    }

    /// Keeps it; a failure costs only the next start's memory of this one.
    pub fn save(&self, cache: &Cache) {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        if let Err(e) = cache.save_state(&text) {
            tracing::warn!(path = %cache.state_path().display(), "cannot keep the state: {e}");
        }
    }

    /// This state with where `app` is now: its profile, region, sort and focus.
    #[must_use]
    pub fn with_app(mut self, app: &App) -> State {
        let profile = app.profile_name().to_owned();
        let region = match (&app.current_region, app.all.active) {
            (Some(region), _) => Some(region.clone()),
            (None, true) => Some(ALL_REGIONS.to_owned()),
            (None, false) => None,
        };
        if let Some(region) = region {
            self.regions.insert(profile.clone(), region);
        }
        self.profile = Some(profile);
        self.sort = app.sort.map(|s| (s.key.word().to_owned(), s.reverse));
        self.focus = Some(
            match app.focus {
                Focus::Regions => "regions",
                Focus::Instances => "instances",
            }
            .to_owned(),
        );
        self
    }

    /// The region to start `profile` in: its remembered one (`None` for All regions is
    /// `Some(None)`).
    #[must_use]
    pub fn region_of(&self, profile: &str) -> Option<Option<String>> {
        let region = self.regions.get(profile)?;
        Some((region != ALL_REGIONS).then(|| region.clone()))
    }

    /// The remembered sort, if its word is still one of ours.
    #[must_use]
    pub fn sort(&self) -> Option<Sort> {
        let (word, reverse) = self.sort.as_ref()?;
        let key = SortKey::ALL.into_iter().find(|k| k.word() == word)?;
        Some(Sort {
            key,
            reverse: *reverse,
        })
    }

    #[must_use]
    pub fn focus(&self) -> Option<Focus> {
        match self.focus.as_deref()? {
            "regions" => Some(Focus::Regions),
            "instances" => Some(Focus::Instances),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn it_round_trips_and_keeps_other_profiles_regions() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let mut state = State {
            profile: Some("prod".into()),
            sort: Some(("age".into(), true)),
            focus: Some("instances".into()),
            ..State::default()
        };
        state.regions.insert("dev".into(), "cn-beijing".into());
        state.regions.insert("prod".into(), ALL_REGIONS.into());
        state.save(&cache);
        let back = State::load(&cache);
        assert_eq!(back, state);
        assert_eq!(back.region_of("dev"), Some(Some("cn-beijing".into())));
        assert_eq!(back.region_of("prod"), Some(None), "All regions");
        assert_eq!(back.region_of("test"), None);
        assert_eq!(
            back.sort(),
            Some(Sort {
                key: SortKey::Age,
                reverse: true
            })
        );
        assert_eq!(back.focus(), Some(Focus::Instances));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(cache.state_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_broken_or_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        for text in [
            "{not json",
            "[]",
            r#"{"sort":["bogus",false],"focus":"sideways"}"#,
        ] {
            std::fs::write(cache.state_path(), text).unwrap();
            let state = State::load(&cache);
            assert_eq!(state.sort(), None, "{text}");
            assert_eq!(state.focus(), None, "{text}");
        }
    }

    /// A state file that is a FIFO would block start-up for ever; one that is a giant (or a
    /// device) would be read whole. Both are ignored.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_giant_is_ignored_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let status = std::process::Command::new("mkfifo")
            .arg(cache.state_path())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(State::load(&cache), State::default());
        std::fs::remove_file(cache.state_path()).unwrap();

        let mut giant = r#"{"focus":"instances","profile":""#.to_owned();
        giant.push_str(&"x".repeat(2 * 1024 * 1024));
        giant.push_str("\"}");
        std::fs::write(cache.state_path(), giant).unwrap();
        assert_eq!(State::load(&cache), State::default());
    }
}
