//! External: credentials printed by a command (`process_command`) in the aliyun CLI's External
//! JSON. Run without a shell, in a process group of its own, with a timeout after which the
//! whole group is killed; its stderr is shown when it fails.

use std::process::Stdio;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::Deserialize;

use super::cache::{Clock, Expiring, RefreshCache, system_clock};
use super::{Credentials, CredentialsProvider, Secret};
use crate::api::Error;

/// Long enough for a command that asks an SSO portal or a vault; short enough to notice a
/// hang, and shorter than an API call's 60 s deadline, so a hang is blamed on the command and
/// not on the endpoint.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Under `ECS_TUI_TEST_TIMEOUT_MS` (debug builds), the timeout in units of it: a quarter of the
/// call deadline (20 units), as 30 s is of 60 s.
#[cfg(debug_assertions)]
const TEST_TIMEOUT_UNITS: u32 = 5;
/// STS credentials printed without an expiry are used this long before the command runs again.
const UNDATED_STS_LIFETIME: chrono::Duration = chrono::Duration::minutes(15);
/// How much of the command's stderr a failure shows.
const STDERR_SHOWN: usize = 1000;

pub struct ExternalProvider {
    command: String,
    timeout: Duration,
    clock: Clock,
    cache: RefreshCache,
}

impl std::fmt::Debug for ExternalProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalProvider")
            .field("command", &self.command)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ExternalProvider {
    #[must_use]
    pub fn new(command: impl Into<String>) -> Self {
        let clock = system_clock();
        ExternalProvider {
            command: command.into(),
            timeout: default_timeout(),
            cache: RefreshCache::new(clock.clone()),
            clock,
        }
    }

    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn failure(&self, program: &str, detail: &str) -> Error {
        Error::Credentials(format!("process_command `{program}`: {detail}"))
    }

    async fn run(&self) -> Result<Expiring, Error> {
        let argv = shell_words::split(&self.command).map_err(|e| {
            Error::Credentials(format!("process_command cannot be split into words: {e}"))
        })?;
        let Some((program, args)) = argv.split_first() else {
            return Err(Error::Credentials("process_command is empty".into()));
        };
        let mut command = tokio::process::Command::new(program);
        command
            .args(args)
            // The command makes credentials; it has no business with the ones in ours.
            .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
            .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // Its own process group: what it starts (a shell's `sleep`, a helper) is killed with it.
        #[cfg(unix)]
        command.process_group(0);
        let child = command
            .spawn()
            .map_err(|e| self.failure(program, &format!("cannot start it: {e}")))?;
        // Kills the group on every way out but a clean finish: the timeout, and a caller that
        // gives up (the call deadline drops this future).
        let mut group = GroupKill::new(child.id());
        let output = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| {
                self.failure(
                    program,
                    &format!(
                        "did not finish within {}; it was stopped, with every process it started",
                        humantime::format_duration(self.timeout)
                    ),
                )
            })?
            .map_err(|e| self.failure(program, &format!("failed: {e}")))?;
        group.disarm();
        let stderr = stderr_excerpt(&output.stderr);
        if !output.status.success() {
            return Err(self.failure(program, &format!("failed ({}){stderr}", output.status)));
        }
        // Never quote stdout or serde's rendering of it: it holds the secret.
        let parsed: ExternalOutput = serde_json::from_slice(&output.stdout).map_err(|e| {
            self.failure(
                program,
                &format!(
                    "its output is not the External JSON \
                     {{\"mode\":\"AK\"|\"StsToken\",\"access_key_id\":…,\"access_key_secret\":…}} \
                     ({:?} error at line {} column {}){stderr}",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        self.credentials_from(program, parsed)
    }

    fn credentials_from(&self, program: &str, out: ExternalOutput) -> Result<Expiring, Error> {
        if out.access_key_id.is_empty() || out.access_key_secret.is_empty() {
            return Err(self.failure(
                program,
                "its output lacks access_key_id or access_key_secret",
            ));
        }
        let mode = out.mode.to_ascii_lowercase();
        let token = match mode.as_str() {
            "ak" => None,
            "ststoken" => match out.sts_token {
                Some(t) if !t.is_empty() => Some(t),
                _ => return Err(self.failure(program, "mode StsToken but no sts_token")),
            },
            _ => {
                return Err(self.failure(
                    program,
                    &format!("mode {:?} in its output; use AK or StsToken", out.mode),
                ));
            }
        };
        let expires_at = match (&token, out.expiration) {
            (_, Some(e)) => Some(e.parse(|d| self.failure(program, d))?),
            (Some(_), None) => Some((self.clock)() + UNDATED_STS_LIFETIME),
            (None, None) => None,
        };
        Ok(Expiring {
            credentials: Credentials::from_secrets(out.access_key_id, out.access_key_secret, token),
            expires_at,
        })
    }
}

impl CredentialsProvider for ExternalProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.cache.get("External", || self.run()))
    }
}

/// The timeout for a new provider: [`DEFAULT_TIMEOUT`], or the test hook's scale.
fn default_timeout() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var(crate::api::client::test_env::TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
    {
        return Duration::from_millis(ms) * TEST_TIMEOUT_UNITS;
    }
    DEFAULT_TIMEOUT
}

/// SIGKILL to the command's process group when dropped armed. tokio's `kill_on_drop` kills the
/// command alone, and an orphan it started would live on (and may keep its stdout open).
struct GroupKill {
    #[cfg(unix)]
    group: Option<nix::unistd::Pid>,
}

impl GroupKill {
    fn new(pid: Option<u32>) -> Self {
        #[cfg(unix)]
        {
            // With `process_group(0)` the group's id is the command's pid.
            let group = pid
                .and_then(|p| i32::try_from(p).ok())
                .map(nix::unistd::Pid::from_raw);
            GroupKill { group }
        }
        #[cfg(not(unix))]
        {
            let _ = pid;
            GroupKill {}
        }
    }

    /// The command finished by itself: what it left running is its own business.
    fn disarm(&mut self) {
        #[cfg(unix)]
        {
            self.group = None;
        }
    }
}

impl Drop for GroupKill {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(group) = self.group.take() {
            let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
        }
    }
}

fn stderr_excerpt(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let start = text
        .char_indices()
        .rev()
        .nth(STDERR_SHOWN)
        .map_or(0, |(i, _)| i);
    let shown =
        crate::columns::sanitize(text.get(start..).unwrap_or(text)).replace('\u{FFFD}', " ");
    format!("; its stderr: {shown}")
}

#[derive(Deserialize)]
struct ExternalOutput {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: Secret,
    #[serde(default)]
    sts_token: Option<Secret>,
    #[serde(default)]
    expiration: Option<Expiration>,
}

/// RFC 3339 text, or Unix seconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum Expiration {
    Text(String),
    Unix(i64),
}

impl Expiration {
    fn parse(self, fail: impl Fn(&str) -> Error) -> Result<DateTime<Utc>, Error> {
        match self {
            Expiration::Text(t) => DateTime::parse_from_rfc3339(&t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| fail(&format!("expiration {t:?}: {e}"))),
            Expiration::Unix(s) => DateTime::from_timestamp(s, 0)
                .ok_or_else(|| fail(&format!("expiration {s} is out of range"))),
        }
    }
}
