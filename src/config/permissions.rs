//! Warns, as ssh does, when a file holding credentials can be read by other users.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

static WARNED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// The warning for `path`, when its permissions let group or others read it.
#[must_use]
pub fn exposure_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o044 != 0).then(|| {
            format!(
                "warning: {} holds credentials and other users can read it (mode {:03o}); \
                 fix it with: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Prints [`exposure_warning`] on stderr, once per file per process.
pub fn warn_if_exposed(path: &Path) {
    let Some(warning) = exposure_warning(path) else {
        return;
    };
    let first = WARNED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(path.to_owned());
    if first {
        tracing::warn!("{warning}");
        eprintln!("ecs-tui: {warning}");
    }
}
