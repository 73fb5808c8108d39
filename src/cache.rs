//! The last inventory of each profile and region on disk, shown at start-up while fresh data
//! loads. Only the API's objects and a timestamp are kept: never credentials.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::value::RawValue;

use crate::api::{Instance, Region};

mod encode;
mod objects;
mod sweep;
mod write;

pub use encode::encode;
use encode::encode_to;
pub use objects::{Objects, Parts};
pub use sweep::{STALE_ACCOUNT, STALE_TEMP, Swept, process_alive};
use write::{refuse_if_shared, write_private, write_private_with};

/// Overrides the cache directory (tests, or a user who wants it elsewhere).
pub const ENV_DIR: &str = "ECS_TUI_CACHE_DIR";
/// Files of any other format (an older ecs-tui, a stray file) are ignored and replaced.
/// Version 2 holds one object per line, so the first screenful can be shown before the rest
/// of a big inventory is read.
const FORMAT: &str = "ecs-tui-cache/2";

/// What was kept, and how old it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached<T> {
    pub value: T,
    pub age: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    #[must_use]
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Cache { root: root.into() }
    }

    /// `$ECS_TUI_CACHE_DIR`, else the platform cache dir (`~/.cache/ecs-tui` on Linux), with
    /// `namespace` below it (the demo keeps its own, apart from real accounts).
    #[must_use]
    pub fn from_env(namespace: Option<&str>) -> Option<Self> {
        let base = std::env::var_os(ENV_DIR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "ecs-tui").map(|d| d.cache_dir().to_owned())
            })?;
        let cache = Cache::new(match namespace {
            Some(ns) => base.join(safe_name(ns)),
            None => base,
        });
        let swept = cache.sweep(SystemTime::now(), &process_alive);
        if swept != Swept::default() {
            tracing::info!(root = %cache.root.display(), ?swept, "cache swept");
        }
        Some(cache)
    }

    /// Removes the temporary files of dead writers and the accounts not written for
    /// [`STALE_ACCOUNT`] (see `cache/sweep.rs`); nothing in a directory others can write.
    pub fn sweep(&self, now: SystemTime, alive: &dyn Fn(u32) -> bool) -> Swept {
        if !self.trusted() {
            return Swept::default();
        }
        sweep::sweep(&self.root, now, alive)
    }

    /// Whether files in the cache can be believed: not when others can write its directory
    /// (they could plant what the browser shows at start-up).
    #[must_use]
    pub fn trusted(&self) -> bool {
        match refuse_if_shared(&self.root) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => {
                // Checked on every read and write: said once, not once per region.
                static SAID: std::sync::atomic::AtomicBool =
                    std::sync::atomic::AtomicBool::new(false);
                if SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    tracing::debug!("{e}");
                } else {
                    tracing::warn!("{e}");
                }
                false
            }
        }
    }

    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    // `account` names whose answers these are: the worker passes
    // `Profile::account_key` (`NAME@FINGERPRINT`), so another endpoint or other keys under
    // the same profile name have files of their own.
    fn regions_path(&self, account: &str) -> PathBuf {
        self.root.join(safe_name(account)).join("regions.json")
    }

    fn instances_path(&self, account: &str, region: &str) -> PathBuf {
        self.root
            .join(safe_name(account))
            .join(format!("instances-{}.json", safe_name(region)))
    }

    /// Where the browser remembers where it was (see `crate::state`): beside the cache,
    /// with the same privacy.
    #[must_use]
    pub fn state_path(&self) -> PathBuf {
        self.root.join("state.json")
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_state(&self, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.state_path(), contents)
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_regions(&self, profile: &str, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.regions_path(profile), contents)
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_instances(&self, profile: &str, region: &str, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.instances_path(profile, region), contents)
    }

    /// Writes `objects` as the kept instances of `region`, straight to the file: an answer of
    /// 100,000 instances is ~200 MB of text, which is never held in memory whole.
    ///
    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_instance_objects<'a, I>(
        &self,
        profile: &str,
        region: &str,
        objects: I,
        saved_at: SystemTime,
    ) -> io::Result<()>
    where
        I: IntoIterator<Item = &'a RawValue>,
        I::IntoIter: ExactSizeIterator,
    {
        let path = self.instances_path(profile, region);
        write_private_with(&self.root, &path, |out| {
            let mut out = io::BufWriter::with_capacity(1 << 16, out);
            encode_to(&mut out, objects, saved_at)?;
            out.flush()
        })
    }

    /// The kept region list, if there is a readable one.
    #[must_use]
    pub fn load_regions(&self, profile: &str, now: SystemTime) -> Option<Cached<Vec<Region>>> {
        if !self.trusted() {
            return None;
        }
        Objects::open(&self.regions_path(profile), now, Region::from_raw)?.collect_all()
    }

    /// The kept instances of `region`, if there is a readable file.
    #[must_use]
    pub fn load_instances(
        &self,
        profile: &str,
        region: &str,
        now: SystemTime,
    ) -> Option<Cached<Vec<Instance>>> {
        self.open_instances(profile, region, now)?.collect_all()
    }

    /// How many instances each of `regions` had when last kept, read from the files'
    /// headers only (a region with no file, or a file without a count, is left out).
    #[must_use]
    pub fn counts(
        &self,
        profile: &str,
        regions: &[String],
        now: SystemTime,
    ) -> Vec<(String, usize)> {
        regions
            .iter()
            .filter_map(|region| {
                let objects = self.open_instances(profile, region, now)?;
                Some((region.clone(), objects.header_count?))
            })
            .collect()
    }

    /// The kept instances of `region`, read one at a time: the caller can show the first
    /// screenful of a 100,000-instance file without reading the rest first.
    #[must_use]
    pub fn open_instances(
        &self,
        profile: &str,
        region: &str,
        now: SystemTime,
    ) -> Option<Objects<Instance>> {
        if !self.trusted() {
            return None;
        }
        Objects::open(
            &self.instances_path(profile, region),
            now,
            Instance::from_raw,
        )
    }
}

/// A name that is one plain path component, whatever the profile or region is called.
fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'@' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "%".into() } else { out }
}

#[cfg(test)]
mod tests;
