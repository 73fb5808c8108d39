//! `ecs-tui config example|path|check`: the config at hand, for a user without the source
//! tree. None of them calls an API.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::config::{self, aliyun_cli};
use crate::exit::Failure;
use crate::profiles::{Environment, Profiles, Source};

/// The documented example config, the same bytes as `config.example.toml`.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// # Errors
/// stdout cannot be written.
pub fn example(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(EXAMPLE.as_bytes())?;
    out.flush()
}

/// The config file ecs-tui would read, and why that one.
fn chosen(global: &GlobalArgs) -> (Option<PathBuf>, &'static str) {
    match &global.config {
        // clap fills `--config` from the environment too; the flag wins when both are set.
        Some(path) => {
            let from_env = std::env::var_os("ECS_TUI_CONFIG").is_some_and(|v| *path == v)
                && !std::env::args().any(|a| a == "--config" || a.starts_with("--config="));
            let why = if from_env {
                "from ECS_TUI_CONFIG"
            } else {
                "from --config"
            };
            (Some(path.clone()), why)
        }
        None => (config::default_path(), "the default"),
    }
}

/// `PATH (why; whether it exists)`, one line.
///
/// # Errors
/// stdout cannot be written.
pub fn path(global: &GlobalArgs, out: &mut dyn Write) -> std::io::Result<()> {
    match chosen(global) {
        (Some(path), why) => {
            let exists = if path.exists() {
                ""
            } else {
                "; it does not exist yet: `ecs-tui config example` prints one to start from"
            };
            writeln!(out, "{} ({why}{exists})", path.display())?;
        }
        (None, _) => writeln!(
            out,
            "no config directory on this platform: give one with --config or ECS_TUI_CONFIG"
        )?,
    }
    out.flush()
}

/// Parses the config and the aliyun CLI's, and reports every problem: one line each, then
/// `ok` or how many. A problem of our own file is exit 2; the aliyun CLI's profiles that
/// ecs-tui cannot use are told but are not ours to fail on.
///
/// # Errors
/// Any problem in the config file or an unreadable aliyun CLI config (exit 2).
pub fn check(global: &GlobalArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let write = |out: &mut dyn Write, line: String| {
        writeln!(out, "{}", crate::columns::sanitize(&line)).map_err(Failure::io)
    };
    let mut problems = 0;
    let (path, why) = chosen(global);
    match &path {
        Some(path) => match config::load(path, global.config.is_some()) {
            Ok(c) if path.exists() => write(
                out,
                format!(
                    "ok    {} ({why}): {} profile(s)",
                    c.path.display(),
                    c.profiles.len()
                ),
            )?,
            Ok(_) => write(out, format!("none  {} ({why}): not there", path.display()))?,
            Err(e) => {
                problems += 1;
                write(out, format!("error {e}"))?;
            }
        },
        None => write(out, "none  no config directory on this platform".into())?,
    }
    let env = Environment::from_process();
    if let Some(home) = &env.home {
        let cli = aliyun_cli::path(home);
        match aliyun_cli::load(&cli) {
            Ok(Some(c)) => write(
                out,
                format!(
                    "ok    {} (the aliyun CLI's): {} profile(s)",
                    cli.display(),
                    c.profiles.len()
                ),
            )?,
            Ok(None) => write(out, format!("none  {}: not there", cli.display()))?,
            Err(e) => {
                problems += 1;
                write(out, format!("error {e}"))?;
            }
        }
    }
    // The profiles as the browser would see them: a profile of our file that lacks what its
    // mode needs is a problem of the file.
    if problems == 0 {
        let profiles = Profiles::load(global).map_err(Failure::config)?;
        for p in &profiles.profiles {
            let Some(problem) = &p.problem else { continue };
            let ours = matches!(p.source, Source::Config(_));
            if ours {
                problems += 1;
            }
            let word = if ours { "error" } else { "note " };
            write(
                out,
                format!("{word} profile {} ({}): {problem}", p.name, p.source),
            )?;
        }
    }
    if problems == 0 {
        write(out, "no problems found".into())
    } else {
        Err(Failure::usage(format!(
            "{problems} problem(s) in the config; see above"
        )))
    }
}
