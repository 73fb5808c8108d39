//! Profiles: where credentials come from, which one is used, and the client built from it.

mod account;
mod load;
pub mod report;
mod sources;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::{Client, ClientOptions, Error};
use crate::config::{ConfigError, UiConfig};
use crate::credentials::{
    AssumeRoleProvider, Credentials, EcsRamRoleProvider, ExternalProvider, RoleSpec,
    SharedProvider, StaticProvider, mask_key_id,
};

pub use load::Environment;

/// Where a profile was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Config(PathBuf),
    AliyunCli(PathBuf),
    Env,
    Demo,
}

impl Source {
    /// The file it came from, if any.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Config(p) | Source::AliyunCli(p) => Some(p),
            Source::Env | Source::Demo => None,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::Config(_) => "ecs-tui",
            Source::AliyunCli(_) => "aliyun-cli",
            Source::Env => "env",
            Source::Demo => "demo",
        })
    }
}

/// How a profile obtains its credentials. Nothing here touches the network until
/// [`Profile::provider`] is asked for credentials.
#[derive(Debug, Clone)]
pub enum Auth {
    /// AK, or StsToken: keys known up front.
    Static(Credentials),
    /// RamRoleArn (source: the profile's own keys) or ChainableRamRoleArn (source: another
    /// profile's way, resolved when the profiles are loaded).
    AssumeRole {
        source: Box<Auth>,
        role: RoleSpec,
    },
    EcsRamRole {
        role_name: Option<String>,
        /// The metadata service; the real one when `None`.
        metadata_url: Option<String>,
        imdsv1_allowed: bool,
    },
    External {
        command: String,
    },
    /// A `source_profile` not resolved yet; only seen while loading.
    Chained {
        source_profile: String,
    },
    /// Cannot be used; the profile's `problem` says why.
    Unusable,
}

impl Auth {
    /// A provider for this way, its AssumeRole calls sent to `endpoint` when one is given.
    ///
    /// # Errors
    /// A bad endpoint, or a way that cannot be used.
    pub fn provider(&self, endpoint: Option<&str>) -> Result<SharedProvider, Error> {
        Ok(match self {
            Auth::Static(c) => Arc::new(StaticProvider(c.clone())),
            Auth::AssumeRole { source, role } => Arc::new(AssumeRoleProvider::from_source(
                source.provider(endpoint)?,
                role.clone(),
                endpoint,
                ClientOptions::default(),
            )?),
            Auth::EcsRamRole {
                role_name,
                metadata_url,
                imdsv1_allowed,
            } => Arc::new(
                EcsRamRoleProvider::new(role_name.clone(), metadata_url.clone())?
                    .imdsv1_allowed(*imdsv1_allowed),
            ),
            Auth::External { command } => Arc::new(ExternalProvider::new(command.clone())),
            Auth::Chained { source_profile } => {
                return Err(Error::Credentials(format!(
                    "source_profile {source_profile:?} was not resolved"
                )));
            }
            Auth::Unusable => return Err(Error::Credentials("this profile cannot be used".into())),
        })
    }
}

/// One usable (or explainably unusable) identity.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub source: Source,
    /// The mode's name as the aliyun CLI spells it (also for modes ecs-tui cannot use).
    pub mode: String,
    pub region_id: Option<String>,
    pub endpoint: Option<String>,
    /// The AccessKey ID when known up front (empty otherwise); never shown unmasked.
    pub access_key_id: String,
    /// Why it cannot be used, when it cannot.
    pub problem: Option<String>,
    /// A colour for the header while in use (e.g. red for production).
    pub accent: Option<String>,
    pub auth: Auth,
}

impl Profile {
    /// A profile whose keys are known up front (config AK/StsToken, environment, demo).
    #[must_use]
    pub fn with_credentials(
        name: impl Into<String>,
        source: Source,
        credentials: Credentials,
        region_id: Option<String>,
        endpoint: Option<String>,
    ) -> Self {
        Profile {
            name: name.into(),
            source,
            mode: if credentials.security_token.is_some() {
                "StsToken".into()
            } else {
                "AK".into()
            },
            region_id,
            endpoint,
            access_key_id: credentials.access_key_id.clone(),
            problem: None,
            accent: None,
            auth: Auth::Static(credentials),
        }
    }

    #[must_use]
    pub fn masked_key_id(&self) -> String {
        if self.access_key_id.is_empty() {
            "-".into()
        } else {
            mask_key_id(&self.access_key_id)
        }
    }

    #[must_use]
    pub fn is_usable(&self) -> bool {
        self.problem.is_none()
    }

    /// The credentials provider for this profile's mode. Cheap: no network until credentials
    /// are asked for.
    ///
    /// # Errors
    /// When the profile cannot be used, with the reason.
    pub fn provider(&self) -> Result<SharedProvider, Error> {
        self.provider_with(None)
    }

    /// As [`Profile::provider`], with AssumeRole calls sent to `endpoint` (the global
    /// `--endpoint`) instead of STS.
    ///
    /// # Errors
    /// When the profile cannot be used, with the reason.
    pub fn provider_with(&self, endpoint: Option<&str>) -> Result<SharedProvider, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Credentials(format!(
                "profile {}: {problem}",
                self.name
            )));
        }
        self.auth.provider(endpoint).map_err(|e| match e {
            Error::Credentials(m) => Error::Credentials(format!("profile {}: {m}", self.name)),
            other => other,
        })
    }

    /// A client for this profile; `endpoint` (from `--endpoint`) wins over the profile's.
    ///
    /// # Errors
    /// Unusable profile or bad endpoint.
    pub fn client(&self, endpoint: Option<&str>) -> Result<Client, Error> {
        let options = ClientOptions {
            endpoint: endpoint
                .map(str::to_owned)
                .or_else(|| self.endpoint.clone()),
            ..ClientOptions::default()
        }
        .with_test_overrides();
        Client::new(self.provider_with(endpoint)?, options)
    }
}

/// Every profile found, and the name of the one to use by default.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    pub profiles: Vec<Profile>,
    /// Used when no profile is asked for: `default_profile`, else the aliyun CLI's `current`,
    /// else `env`.
    pub default: Option<String>,
    /// Where `default` came from, for error messages (e.g. `config.toml:1 default_profile`).
    pub default_origin: Option<String>,
    /// The profile asked for with `--profile` / `ALIBABA_CLOUD_PROFILE` when loading.
    pub requested: Option<String>,
    /// The browser's settings from the config file.
    pub ui: UiConfig,
    /// The config file read (`--config`, `ECS_TUI_CONFIG` or the default), for messages
    /// that tell the user where to add a profile.
    pub config_path: Option<std::path::PathBuf>,
}

impl Profiles {
    /// Demo profiles only (`--demo`): the first is the default.
    #[must_use]
    pub fn demo(profiles: Vec<Profile>) -> Self {
        Profiles {
            default: profiles.first().map(|p| p.name.clone()),
            default_origin: Some("--demo".into()),
            profiles,
            ..Profiles::default()
        }
    }

    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The name that is used: the one asked for when loading, else the default.
    #[must_use]
    pub fn selected_name(&self) -> Option<&str> {
        self.requested.as_deref().or(self.default.as_deref())
    }

    /// The profile to use: the one asked for, else the default (`default_profile`, else the
    /// aliyun CLI's `current`, else `env`).
    ///
    /// # Errors
    /// An unknown name (listing the known ones), or no profile at all.
    pub fn choose(&self, requested: Option<&str>) -> Result<&Profile, ConfigError> {
        let (wanted, origin) = match (requested, &self.default) {
            (Some(name), _) => (name, "--profile / ALIBABA_CLOUD_PROFILE".to_owned()),
            (None, Some(name)) => (
                name.as_str(),
                self.default_origin
                    .clone()
                    .unwrap_or_else(|| "the default".into()),
            ),
            (None, None) if self.profiles.is_empty() => {
                return Err(ConfigError::Other(no_credentials_message(
                    self.config_path.as_deref(),
                )));
            }
            (None, None) => {
                return Err(ConfigError::Other(format!(
                    "profiles {} found, but none is chosen: pass --profile NAME, or set \
                     default_profile in the config file",
                    self.known_names()
                )));
            }
        };
        self.get(wanted).ok_or_else(|| {
            let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
            let hint = crate::config::suggest(wanted, &names)
                .map_or_else(String::new, |s| format!("; did you mean {s:?}?"));
            ConfigError::Other(format!(
                "unknown profile {wanted:?} (from {origin}); known profiles: {}{hint}",
                self.known_names()
            ))
        })
    }

    /// `a, b, env`, or `none`.
    #[must_use]
    pub fn known_names(&self) -> String {
        if self.profiles.is_empty() {
            return "none".into();
        }
        self.profiles
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Names the config file that was read, not the default one, when `--config` chose another.
fn no_credentials_message(config: Option<&Path>) -> String {
    let config = config
        .map(Path::to_owned)
        .or_else(crate::config::default_path)
        .map_or_else(|| "the config file".to_owned(), |p| p.display().to_string());
    format!(
        "no credentials found: run `aliyun configure` (ecs-tui reads ~/.aliyun/config.json), \
         add a profile to {config} (`ecs-tui config example` prints a documented one), \
         or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; \
         or try `ecs-tui --demo`"
    )
}
