//! Logs go to a file (`--log-file`), never to the terminal the UI draws on.

use std::fs::OpenOptions;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::cli::GlobalArgs;

/// Keeps logging alive for the life of the program.
pub struct LogGuard;

/// Starts logging to `--log-file` at `--log-level` (default `info`). Without a log file nothing
/// is logged: stdout belongs to the output, stderr to the one-line errors.
///
/// # Errors
/// A bad level or a log file that cannot be opened.
pub fn init(global: &GlobalArgs) -> Result<Option<LogGuard>, String> {
    // Checked with or without a log file: a typo must not pass silently until the day a log
    // file is added.
    let filter = filter(global.log_level.as_deref().unwrap_or("info"))?;
    let Some(path) = &global.log_file else {
        return Ok(None);
    };
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    // Logs name instances, addresses and accounts: for the user's eyes only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .map_err(|e| format!("--log-file {}: {e}", path.display()))?;
    // The mode above only applies to a new file; an existing one keeps its own, and it is
    // the user's file to change, not ours: say so, as for a config others can read.
    let exposed = exposure_warning(path, &file);
    if let Some(warning) = &exposed {
        eprintln!("ecs-tui: {warning}");
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("logging: {e}"))?;
    if let Some(warning) = exposed {
        tracing::warn!("{warning}");
    }
    Ok(Some(LogGuard))
}

/// The warning for a log file that others may read or write (checked on the open file, so
/// it is the file the log goes to).
fn exposure_warning(path: &std::path::Path, file: &std::fs::File) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = file.metadata().ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "warning: --log-file {} can be read by other users (mode {:03o}), and logs name \
                 your instances and accounts; fix it with: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (path, file);
        None
    }
}

/// The level names `--log-level` takes; anything else must be a tracing filter with `=`.
const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];

/// The filter for `--log-level` / `ECS_TUI_LOG`: a level name (any case) or a tracing filter
/// expression such as `ecs_tui=debug`, with the HTTP stack kept quiet.
///
/// # Errors
/// A word that is neither, naming the valid levels.
pub fn filter(level: &str) -> Result<EnvFilter, String> {
    // The same option also comes from the environment; say so, or a stray variable puzzles.
    let bad = |why: String| {
        format!("--log-level {level:?}: {why} (it comes from --log-level or ECS_TUI_LOG)")
    };
    // EnvFilter takes any word as a target name, so a typo like `degub` would log nothing.
    let words_ok = level.split(',').all(|directive| {
        directive.contains('=') || LEVELS.contains(&directive.trim().to_ascii_lowercase().as_str())
    });
    if level.trim().is_empty() || !words_ok {
        return Err(bad(format!(
            "use one of {}, or a tracing filter like ecs_tui=debug",
            LEVELS.join(", ")
        )));
    }
    let mut filter = EnvFilter::try_new(level).map_err(|e| bad(e.to_string()))?;
    // The HTTP stack's debug and trace records can show request lines and headers, which hold
    // the signed query (AccessKeyId, Signature, SecurityToken): they stay off at any level.
    for target in ["reqwest", "hyper", "hyper_util", "h2", "rustls"] {
        if let Ok(directive) = format!("{target}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::filter;

    #[test]
    fn levels_and_filters_are_accepted_and_typos_are_not() {
        for good in [
            "debug",
            "WARN",
            "off",
            "ecs_tui=debug",
            "info,ecs_tui::api=trace",
        ] {
            assert!(filter(good).is_ok(), "{good}");
        }
        for bad in ["bogus", "degub", "", "info,loud", "ecs_tui=loud"] {
            assert!(filter(bad).is_err(), "{bad:?}");
        }
    }
}
