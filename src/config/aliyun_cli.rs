//! The aliyun CLI's `~/.aliyun/config.json`: read only, never written.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::credentials::Secret;

/// The file and what it holds that ecs-tui uses.
#[derive(Debug, Clone, Default)]
pub struct CliConfig {
    pub path: PathBuf,
    /// The CLI's active profile.
    pub current: Option<String>,
    pub profiles: Vec<CliProfile>,
}

/// One profile, with the CLI's JSON names. Keys ecs-tui does not use are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CliProfile {
    pub name: String,
    pub mode: String,
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub sts_token: Secret,
    pub sts_region: String,
    pub ram_role_name: String,
    pub ram_role_arn: String,
    pub ram_session_name: String,
    pub external_id: String,
    pub source_profile: String,
    #[serde(deserialize_with = "lenient_u64")]
    pub expired_seconds: u64,
    pub region_id: String,
    pub process_command: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct File {
    current: String,
    profiles: Vec<CliProfile>,
}

/// `$HOME/.aliyun/config.json`, where the CLI keeps it.
#[must_use]
pub fn path(home: &Path) -> PathBuf {
    home.join(".aliyun").join("config.json")
}

/// Reads the file; `Ok(None)` when there is none.
///
/// # Errors
/// An unreadable or malformed file, as one line naming the file (and the line, for JSON).
pub fn load(path: &Path) -> Result<Option<CliConfig>, String> {
    match super::read::read_capped(path, super::read::CONFIG_CAP) {
        Ok(text) => parse(&text, path).map(Some),
        Err(super::read::ReadError::NotFound) => Ok(None),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// # Errors
/// Malformed JSON, with the file and line.
pub fn parse(text: &str, path: &Path) -> Result<CliConfig, String> {
    // serde_json's message may quote a value; only its category and position are shown.
    let file: File = serde_json::from_str(text).map_err(|e| {
        format!(
            "{}:{}: not a valid aliyun CLI config ({:?} error at column {})",
            path.display(),
            e.line(),
            e.classify(),
            e.column()
        )
    })?;
    Ok(CliConfig {
        path: path.to_owned(),
        current: Some(file.current).filter(|c| !c.is_empty()),
        profiles: file.profiles,
    })
}

/// The CLI writes numbers, but hand-edited files sometimes hold `"3600"` or `null`.
fn lenient_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Num {
        N(u64),
        S(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Num::deserialize(d)? {
        Num::N(n) => n,
        Num::S(s) => s.trim().parse().unwrap_or(0),
        Num::Other(_) => 0,
    })
}
