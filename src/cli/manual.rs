//! `ecs-tui completions SHELL` and `ecs-tui man`: generated from the same clap definitions
//! as `--help`, so neither can drift from it. Neither reads a config or calls an API.

use std::io::Write;

use clap_complete::Shell;

use super::Cli;

/// The completion script for `shell`, on stdout.
///
/// # Errors
/// stdout cannot be written (a closed pipe).
pub fn print_completions(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut command = Cli::command_for_help();
    clap_complete::generate(shell, &mut command, "ecs-tui", out);
    out.flush()
}

/// The roff man page: clap's sections, then exit status, environment and files.
///
/// # Errors
/// stdout cannot be written.
pub fn print_man(out: &mut dyn Write) -> std::io::Result<()> {
    let command = Cli::command_for_help();
    let man = clap_mangen::Man::new(command);
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    out.write_all(EXTRA.as_bytes())?;
    man.render_version_section(out)?;
    out.flush()
}

/// What `--help` does not say: the contract of shared/docs/interface.md, in roff.
const EXTRA: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
An API, network or credential failure (the error names the Code, Message and RequestId).
.TP
\fB2\fR
Bad usage or a bad config (the error names the file, the line and the key).
.SH ENVIRONMENT
.TP
\fBALIBABA_CLOUD_ACCESS_KEY_ID\fR, \fBALIBABA_CLOUD_ACCESS_KEY_SECRET\fR, \fBALIBABA_CLOUD_SECURITY_TOKEN\fR
An AccessKey (and STS token) used as the profile \fBenv\fR.
.TP
\fBALIBABA_CLOUD_PROFILE\fR
The profile to use (as \fB\-\-profile\fR).
.TP
\fBALIBABA_CLOUD_REGION_ID\fR
The region to start in (as \fB\-\-region\fR).
.TP
\fBALIBABA_CLOUD_ECS_METADATA\fR
The RAM role of the ECS instance ecs-tui runs on.
.TP
\fBALIBABA_CLOUD_CLI_PROFILE_DISABLED\fR
Set: the aliyun CLI's profiles are not read.
.TP
\fBECS_TUI_CONFIG\fR
The config file (as \fB\-\-config\fR).
.TP
\fBECS_TUI_CACHE_DIR\fR
Where the inventory cache and the saved state go.
.TP
\fBECS_TUI_LOG\fR
The log level (as \fB\-\-log\-level\fR).
.TP
\fBNO_COLOR\fR
Set: no colours, only bold and underline.
.SH FILES
.TP
\fI~/.config/ecs\-tui/config.toml\fR
The config: profiles, columns, theme, favourite regions, ssh command (the platform's config
directory; \fIconfig.example.toml\fR in the source documents every key). Must not be readable
by others when it holds a secret.
.TP
\fI~/.aliyun/config.json\fR
The aliyun CLI's profiles, read and never written.
.TP
\fI~/.cache/ecs\-tui/\fR
The inventory cache, one directory per account (no secrets in it), and \fIstate.json\fR: the
last profile, region, sort and focus.
.SH EXAMPLES
.TP
\fBecs\-tui \-\-demo\fR
The browser on the built-in emulator: no account needed.
.TP
\fBecs\-tui instances \-\-all\-regions \-\-output json\fR
Every instance of every region, as the API returned them.
.TP
\fBecs\-tui config example > ~/.config/ecs\-tui/config.toml\fR
A documented config to start from; \fBecs\-tui config check\fR checks it.
.TP
\fBecs\-tui completions bash > ~/.local/share/bash\-completion/completions/ecs\-tui\fR
Tab completion for bash.
"#;
