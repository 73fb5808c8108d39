//! ecs-tui's own config file (TOML): schema, path resolution, and errors that name the file,
//! the line and the key.

pub mod aliyun_cli;
mod mode;
pub mod permissions;
pub mod read;
mod toml_walk;
pub mod ui;

use std::path::{Path, PathBuf};

use crate::credentials::Secret;

pub use mode::{Mode, mode_list};
pub use permissions::warn_if_exposed;
pub use toml_walk::value_keys;
pub use ui::{Theme, UiConfig};

/// The config file, validated.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: PathBuf,
    pub default_profile: Option<At<String>>,
    /// In file order.
    pub profiles: Vec<ProfileConfig>,
    pub ui: UiConfig,
}

impl Config {
    /// Whether the file holds a secret, which makes its permissions matter.
    #[must_use]
    pub fn holds_secrets(&self) -> bool {
        self.profiles
            .iter()
            .any(|p| p.access_key_secret.is_some() || p.sts_token.is_some())
    }
}

/// A value and the line of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

/// One `[profiles.NAME]` table. The keys follow the aliyun CLI's `config.json`.
#[derive(Debug, Clone, Default)]
pub struct ProfileConfig {
    pub name: String,
    /// The line of the table's header.
    pub line: usize,
    pub mode: Mode,
    pub access_key_id: Option<String>,
    pub access_key_secret: Option<Secret>,
    pub sts_token: Option<Secret>,
    pub region_id: Option<String>,
    pub endpoint: Option<String>,
    pub ram_role_arn: Option<String>,
    pub ram_session_name: Option<String>,
    pub expired_seconds: Option<u64>,
    pub sts_endpoint: Option<String>,
    pub source_profile: Option<At<String>>,
    pub ram_role_name: Option<String>,
    pub process_command: Option<String>,
    /// A colour for the header while this profile is in use (e.g. red for production).
    pub accent: Option<String>,
    /// Keys the mode needs that the table lacks; the profile cannot be used without them.
    pub missing: Vec<&'static str>,
    /// The line of each key as written, for messages that point at one.
    pub lines: std::collections::BTreeMap<String, usize>,
}

impl ProfileConfig {
    /// The line of `key`, else of the table's header.
    #[must_use]
    pub fn line_of(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(self.line)
    }
}

/// A config file that could not be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// The default location: the platform config dir, e.g. `~/.config/ecs-tui/config.toml`.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ecs-tui").map(|d| d.config_dir().join("config.toml"))
}

/// Reads and parses a config file. A missing file at the default path is an empty config;
/// a missing file that was asked for by name is an error.
///
/// # Errors
/// Unreadable file, TOML syntax, unknown keys, wrong types: each with the file and line.
/// Keys a profile's mode needs but lacks are that profile's problem, not the file's.
pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
    let text = match read::read_capped(path, read::CONFIG_CAP) {
        Ok(text) => text,
        Err(read::ReadError::NotFound) if !required => {
            return Ok(Config {
                path: path.to_owned(),
                ..Config::default()
            });
        }
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.to_owned(),
                reason: e.to_string(),
            });
        }
    };
    parse(&text, path)
}

/// # Errors
/// TOML syntax, unknown keys, wrong types: each with the file and line.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml_walk::parse(text, path)
}

/// The closest of `candidates` to a mistyped `word`, when one is close enough to be meant.
#[must_use]
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["access_key_id", "access_key_secret", "region_id"];
        assert_eq!(suggest("acess_key_id", &keys), Some("access_key_id"));
        assert_eq!(suggest("regoin_id", &keys), Some("region_id"));
        assert_eq!(suggest("colour", &keys), None);
    }
}
