//! Command-line definitions (clap). The contract is `shared/docs/interface.md`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod manual;

#[derive(Debug, Parser)]
#[command(
    name = "ecs-tui",
    version,
    about = "Browse an Alibaba Cloud ECS inventory from the terminal",
    long_about = "Browse an Alibaba Cloud ECS inventory from the terminal.\n\n\
        Without a command, opens the interactive browser. Try it with no account: ecs-tui --demo",
    after_help = "Exit status: 0 success, 1 API/network/credential failure, 2 bad usage or config."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = GLOBAL_HEADING)]
pub struct GlobalArgs {
    /// Run against the built-in ECS emulator with demo accounts: no account needed
    #[arg(long, global = true)]
    pub demo: bool,
    /// The config file [default: the platform config dir, e.g. ~/.config/ecs-tui/config.toml]
    #[arg(long, global = true, env = "ECS_TUI_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Which profile to use
    #[arg(
        long,
        global = true,
        env = "ALIBABA_CLOUD_PROFILE",
        value_name = "NAME"
    )]
    pub profile: Option<String>,
    /// Start in / query this region
    #[arg(
        long,
        global = true,
        env = "ALIBABA_CLOUD_REGION_ID",
        value_name = "ID"
    )]
    pub region: Option<String>,
    /// Send every API call to this base URL (emulator, proxy, private endpoint)
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Log level: off, error, warn, info, debug, trace (or a tracing filter like ecs_tui=debug)
    #[arg(long, global = true, env = "ECS_TUI_LOG", value_name = "LEVEL")]
    pub log_level: Option<String>,
    /// Where logs go (never to the terminal the UI draws on)
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// No progress line on stderr while a long command runs (it only shows on a terminal)
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// Where a subcommand's `--help` lists the options every command takes, apart from its own.
pub const GLOBAL_HEADING: &str = "Global options";

/// The global options `ecs-tui emulator` ignores (it serves an API, it does not call one), so
/// its `--help` leaves them out. They are still accepted, as everywhere.
const NOT_FOR_EMULATOR: [&str; 5] = ["demo", "config", "profile", "region", "endpoint"];

impl Cli {
    /// The clap command as `--help` shows it: global options propagated to every subcommand,
    /// then the ones `emulator` ignores hidden there. clap copies global options into the
    /// subcommands only when it builds the command, hence `build()` first.
    #[must_use]
    pub fn command_for_help() -> clap::Command {
        let mut command = <Cli as clap::CommandFactory>::command();
        command.build();
        command.mut_subcommand("emulator", |emulator| {
            emulator.mut_args(|arg| {
                if NOT_FOR_EMULATOR.contains(&arg.get_id().as_str()) {
                    arg.hide(true)
                } else {
                    arg
                }
            })
        })
    }

    /// Parses the process's arguments; prints help or a usage error and exits as clap does.
    #[must_use]
    pub fn parse_args() -> Self {
        let mut matches = Self::command_for_help().get_matches();
        <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)
            .unwrap_or_else(|e| e.format(&mut Self::command_for_help()).exit())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the regions (DescribeRegions)
    Regions {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        output: OutputFormat,
    },
    /// List instances (DescribeInstances, every page)
    Instances(InstancesArgs),
    /// List the profiles ecs-tui can use, and where each comes from
    Profiles {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        output: OutputFormat,
    },
    /// Serve an emulated ECS API on loopback, for tests, demos and benchmarks
    Emulator(EmulatorArgs),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `ecs-tui man | man -l -`
    Man,
    /// The config at hand: an example to start from, which file is read, a check of it
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigCommand {
    /// Print the documented example config (the same as config.example.toml)
    Example,
    /// Print the config file ecs-tui reads, and why that one
    Path,
    /// Parse the config and the aliyun CLI's, and report every problem (exit 0 or 2)
    Check,
}

#[derive(Debug, Clone, Args)]
pub struct InstancesArgs {
    /// Every region, fetched concurrently (instead of --region)
    // Not a clap conflict: `--region` also comes from ALIBABA_CLOUD_REGION_ID, which must not
    // make `--all-regions` a usage error. `commands::instances` rejects the explicit pair.
    #[arg(long)]
    pub all_regions: bool,
    /// Only instances in this state (Pending, Running, Starting, Stopping, Stopped)
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Instance name; `*` is a wildcard (matched by the API)
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,
    /// Tag filter sent to the API; KEY alone matches any value (repeatable)
    #[arg(long, value_name = "KEY[=VALUE]")]
    pub tag: Vec<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct EmulatorArgs {
    /// Address to listen on (loopback only)
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    pub listen: String,
    /// Number of regions the instances are spread over (at least 1)
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub regions: usize,
    /// Number of instances in all; the first region holds half
    #[arg(long, default_value_t = 300, value_name = "N")]
    pub instances: usize,
    /// Seed of the deterministic inventory
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
    /// Latency added to every response
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Requests per second allowed per (action, region) before Throttling.User; 0 = unlimited
    #[arg(long, default_value_t = 0.0, value_name = "N")]
    pub throttle_qps: f64,
    /// Share of requests that fail like real networks do (0.0 to 1.0)
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub fault_rate: f64,
    /// The AccessKey ID the emulator accepts
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,
    /// The AccessKey secret the emulator accepts (a test key, never a real one)
    #[arg(long, value_name = "SECRET")]
    pub access_key_secret: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}
