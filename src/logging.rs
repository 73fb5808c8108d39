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
    let Some(path) = &global.log_file else {
        return Ok(None);
    };
    let level = global.log_level.as_deref().unwrap_or("info");
    // EnvFilter takes any word as a target name, so a typo like `degub` would log nothing.
    let plain = ["off", "error", "warn", "info", "debug", "trace"];
    if !level.contains('=') && !plain.contains(&level.to_ascii_lowercase().as_str()) {
        return Err(format!(
            "--log-level {level:?}: use one of {} (or a tracing filter like ecs_tui=debug)",
            plain.join(", ")
        ));
    }
    let mut filter =
        EnvFilter::try_new(level).map_err(|e| format!("--log-level {level:?}: {e}"))?;
    // The HTTP stack's debug and trace records can show request lines and headers, which hold
    // the signed query (AccessKeyId, Signature, SecurityToken): they stay off at any level.
    for target in ["reqwest", "hyper", "hyper_util", "h2", "rustls"] {
        if let Ok(directive) = format!("{target}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    // Logs name instances, addresses and accounts: for the user's eyes only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .map_err(|e| format!("--log-file {}: {e}", path.display()))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("logging: {e}"))?;
    Ok(Some(LogGuard))
}
