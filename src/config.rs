//! ecs-tui's own config file (TOML): schema, path resolution, and errors that name the file,
//! the line and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::credentials::Secret;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    pub mode: Option<String>,
    pub access_key_id: Option<String>,
    pub access_key_secret: Option<Secret>,
    pub sts_token: Option<Secret>,
    pub region_id: Option<String>,
    pub endpoint: Option<String>,
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
pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default());
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
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .and_then(|span| text.get(..span.start))
            .map_or(1, |before| before.matches('\n').count() + 1);
        ConfigError::Invalid {
            path: path.to_owned(),
            line,
            message: e.message().trim().to_owned(),
        }
    })
}
