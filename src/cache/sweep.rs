//! Keeps the cache directory bounded: temporary files of writers that died (kill -9 during a
//! write) and accounts not written for a month are removed at start-up.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temporary file this old is a dead writer's even if its PID is alive again (reused): a
/// write of the biggest inventory takes seconds.
pub const STALE_TEMP: Duration = Duration::from_secs(10 * 60);
/// An account (profile at an endpoint with a key) whose files were not written for this long
/// is forgotten: the demo's emulator has a new port, so a new account, on every run.
pub const STALE_ACCOUNT: Duration = Duration::from_secs(30 * 24 * 3600);

/// What a sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub temp_files: usize,
    pub accounts: usize,
}

/// Removes from `root` (and its account directories) the temporary files of writers that are
/// gone, and the account directories untouched for [`STALE_ACCOUNT`]. `alive` says whether a
/// process id is running (injectable for tests). Failures are skipped: sweeping is best effort.
pub fn sweep(root: &Path, now: SystemTime, alive: &dyn Fn(u32) -> bool) -> Swept {
    let mut swept = Swept::default();
    let Ok(entries) = std::fs::read_dir(root) else {
        return swept;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `symlink_metadata`: a link is never followed out of the cache.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if meta.is_dir() {
            let name = entry.file_name();
            // Account directories are `NAME@FINGERPRINT`; anything else (the demo's
            // namespace, a user's own) is not ours to remove whole.
            let is_account = name.to_str().is_some_and(|n| n.contains('@'));
            if is_account
                && only_cache_files(&path)
                && newest_write(&path, now).unwrap_or(age) >= STALE_ACCOUNT
            {
                if std::fs::remove_dir_all(&path).is_ok() {
                    swept.accounts += 1;
                }
                continue;
            }
            if is_account {
                swept.temp_files += sweep_temp_files(&path, now, alive);
            }
        }
    }
    swept.temp_files += sweep_temp_files(root, now, alive);
    swept
}

/// Whether `dir` holds nothing but files ecs-tui writes there: `ECS_TUI_CACHE_DIR` may be a
/// directory of the user's, and a `someone@host` folder of theirs is never removed.
fn only_cache_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|e| {
        let Ok(e) = e else { return false };
        let name = e.file_name();
        let Some(name) = name.to_str() else {
            return false;
        };
        let ours = name == "regions.json"
            || (name.starts_with("instances-") && name.ends_with(".json"))
            || temp_file_pid(name).is_some();
        ours && e.file_type().is_ok_and(|t| t.is_file())
    })
}

/// How long ago the newest file in `dir` was written.
fn newest_write(dir: &Path, now: SystemTime) -> Option<Duration> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .map(|m| now.duration_since(m).unwrap_or_default())
        .min()
}

fn sweep_temp_files(dir: &Path, now: SystemTime, alive: &dyn Fn(u32) -> bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_TEMP);
        let ours_now = pid == std::process::id();
        if meta.is_file()
            && (old || (!ours_now && !alive(pid)))
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The writer's PID in a temporary file's name, `.NAME.PID.tmp` (see `write_private_with`).
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = rest.rsplit_once('.')?;
    pid.parse().ok()
}

/// Whether process `pid` is running, where the system says so cheaply (`/proc` on Linux).
/// Elsewhere every writer is taken to be alive, and only [`STALE_TEMP`] removes its files.
#[must_use]
pub fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_file_names_give_their_writer() {
        assert_eq!(
            temp_file_pid(".instances-cn-hangzhou.json.4242.tmp"),
            Some(4242)
        );
        assert_eq!(temp_file_pid(".state.json.1.tmp"), Some(1));
        assert_eq!(temp_file_pid("instances-a.json"), None);
        assert_eq!(temp_file_pid(".a.json.x.tmp"), None);
        assert_eq!(temp_file_pid(".tmp"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_alive() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(u32::MAX));
    }
}
