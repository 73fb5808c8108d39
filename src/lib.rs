//! ecs-tui: browse an Alibaba Cloud ECS inventory from the terminal.

pub mod api;
pub mod app;
pub mod cache;
pub mod cli;
pub mod clipboard;
pub mod columns;
pub mod commands;
pub mod config;
pub mod console_url;
pub mod credentials;
pub mod desktop;
pub mod emulator;
pub mod exit;
pub mod export;
pub mod keys;
pub mod logging;
pub mod output;
pub mod profiles;
pub mod progress_line;
pub mod ssh;
pub mod state;
pub mod tui;
pub mod ui;
pub mod worker;

use std::process::ExitCode;

use cli::{Cli, Command};
use exit::Failure;
use profiles::Profiles;

/// Runs the parsed command line to its exit status.
pub async fn run(cli: Cli) -> ExitCode {
    match dispatch(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

async fn dispatch(cli: Cli) -> Result<(), Failure> {
    // Generated from the command line's own definition: no config, no logging, no account.
    let printed = match &cli.command {
        Some(Command::Completions { shell }) => Some(cli::manual::print_completions(
            *shell,
            &mut std::io::stdout(),
        )),
        Some(Command::Man) => Some(cli::manual::print_man(&mut std::io::stdout())),
        Some(Command::Config(cli::ConfigCommand::Example)) => {
            Some(commands::config::example(&mut std::io::stdout()))
        }
        Some(Command::Config(cli::ConfigCommand::Path)) => {
            Some(commands::config::path(&cli.global, &mut std::io::stdout()))
        }
        Some(Command::Config(cli::ConfigCommand::Check)) => {
            return commands::config::check(&cli.global, &mut std::io::stdout());
        }
        _ => None,
    };
    if let Some(printed) = printed {
        return match printed {
            // `ecs-tui man | head`: the reader has what it wanted.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Failure::reported(format!("cannot write to stdout: {e}")))
            }
            _ => Ok(()),
        };
    }
    let global = cli.global;
    let _log_guard = logging::init(&global).map_err(Failure::usage)?;
    // `--demo`: the demo accounts instead of the user's profiles; the emulator lives as long
    // as the command.
    if global.demo && global.endpoint.is_some() {
        return Err(Failure::usage(
            "--demo runs its own emulator; --endpoint cannot be used with it".into(),
        ));
    }
    let (_demo, profiles) = if global.demo {
        let (emulator, demo_profiles) = emulator::demo::start()
            .await
            .map_err(|e| Failure::reported(format!("cannot start the demo emulator: {e}")))?;
        let mut profiles = Profiles::demo(demo_profiles);
        profiles.requested.clone_from(&global.profile);
        // The user's settings (columns, theme, favourites, ssh) apply to the demo too, so they
        // can be tried there; a mistake in the file is told as it would be without --demo.
        profiles.ui = demo_settings(&global).map_err(Failure::config)?;
        (Some(emulator), profiles)
    } else {
        (None, Profiles::load(&global).map_err(Failure::config)?)
    };
    match cli.command {
        Some(Command::Regions { output }) => commands::regions(&global, &profiles, output).await,
        Some(Command::Instances(args)) => commands::instances(&global, &profiles, &args).await,
        Some(Command::Profiles { output }) => commands::profiles(&profiles, output),
        Some(Command::Emulator(args)) => emulator::run_command(args).await,
        Some(Command::Completions { .. } | Command::Man | Command::Config(_)) => Ok(()),
        None => tui::run(global, profiles).await,
    }
}

/// The browser's settings of the user's config file (the default one, or `--config`), for
/// `--demo`: everything but the profiles.
fn demo_settings(global: &cli::GlobalArgs) -> Result<config::UiConfig, config::ConfigError> {
    let (path, required) = match &global.config {
        Some(path) => (Some(path.clone()), true),
        None => (config::default_path(), false),
    };
    match path {
        Some(path) => Ok(config::load(&path, required)?.ui),
        None => Ok(config::UiConfig::default()),
    }
}
