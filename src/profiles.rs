//! Profiles: where credentials come from, which one is used, and the client built from it.

use std::path::PathBuf;
use std::sync::Arc;

use crate::api::{Client, ClientOptions, Error};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError};
use crate::credentials::{Credentials, SharedProvider, StaticProvider, mask_key_id};

/// Where a profile was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Config(PathBuf),
    AliyunCli(PathBuf),
    Env,
    Demo,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Config(p) | Source::AliyunCli(p) => write!(f, "{}", p.display()),
            Source::Env => f.write_str("environment"),
            Source::Demo => f.write_str("demo"),
        }
    }
}

/// One usable (or explainably unusable) identity.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub source: Source,
    pub mode: String,
    pub region_id: Option<String>,
    pub endpoint: Option<String>,
    pub access_key_id: String,
    /// Why it cannot be used, when it cannot.
    pub problem: Option<String>,
    pub credentials: Option<Credentials>,
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
            credentials: Some(credentials),
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

    /// The credentials provider for this profile's mode.
    ///
    /// # Errors
    /// When the profile cannot be used, with the reason.
    pub fn provider(&self) -> Result<SharedProvider, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Credentials(format!(
                "profile {}: {problem}",
                self.name
            )));
        }
        match &self.credentials {
            Some(c) => Ok(Arc::new(StaticProvider(c.clone()))),
            None => Err(Error::Credentials(format!(
                "profile {}: mode {} is not supported yet",
                self.name, self.mode
            ))),
        }
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
        };
        Client::new(self.provider()?, options)
    }
}

/// Every profile found, and the name of the one to use by default.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    pub profiles: Vec<Profile>,
    pub default: Option<String>,
}

impl Profiles {
    /// Loads from the config file and the environment.
    ///
    /// # Errors
    /// A config file that cannot be read or parsed.
    pub fn load(global: &GlobalArgs) -> Result<Self, ConfigError> {
        let (path, required) = match &global.config {
            Some(p) => (p.clone(), true),
            None => match config::default_path() {
                Some(p) => (p, false),
                None => (PathBuf::new(), false),
            },
        };
        let config = if path.as_os_str().is_empty() {
            config::Config::default()
        } else {
            config::load(&path, required)?
        };
        let mut profiles = Vec::new();
        for (name, p) in &config.profiles {
            let mode = p.mode.clone().unwrap_or_else(|| "AK".into());
            let id = p.access_key_id.clone().unwrap_or_default();
            let secret = p.access_key_secret.clone().unwrap_or_default();
            let mut problem = None;
            if id.is_empty() || secret.is_empty() {
                problem = Some("access_key_id and access_key_secret are required".to_owned());
            }
            let mut creds = Credentials::new(id.clone(), secret.expose());
            if let Some(token) = &p.sts_token {
                creds = creds.with_token(token.expose());
            }
            profiles.push(Profile {
                name: name.clone(),
                source: Source::Config(path.clone()),
                mode,
                region_id: p.region_id.clone(),
                endpoint: p.endpoint.clone(),
                access_key_id: id,
                problem,
                credentials: Some(creds),
            });
        }
        if let Some(env) = env_profile()
            && !profiles.iter().any(|p| p.name == env.name)
        {
            profiles.push(env);
        }
        Ok(Profiles {
            profiles,
            default: config.default_profile,
        })
    }

    /// The profile to use: the one asked for, else the default, else `env`.
    ///
    /// # Errors
    /// An unknown name (listing the known ones), or no profile at all.
    pub fn choose(&self, requested: Option<&str>) -> Result<&Profile, ConfigError> {
        let wanted = requested
            .map(str::to_owned)
            .or_else(|| self.default.clone())
            .or_else(|| {
                self.profiles
                    .iter()
                    .find(|p| p.name == "env")
                    .map(|p| p.name.clone())
            })
            .or_else(|| (self.profiles.len() == 1).then(|| self.profiles[0].name.clone()));
        let Some(wanted) = wanted else {
            return Err(ConfigError::Other(
                "no credentials found: create a profile in the config file (see config.example.toml), \
                 set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, \
                 or try `ecs-tui --demo`"
                    .into(),
            ));
        };
        self.profiles
            .iter()
            .find(|p| p.name == wanted)
            .ok_or_else(|| {
                let known: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
                ConfigError::Other(format!(
                    "unknown profile {wanted:?}; known profiles: {}",
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                ))
            })
    }
}

fn env_profile() -> Option<Profile> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let id = var("ALIBABA_CLOUD_ACCESS_KEY_ID")?;
    let secret = var("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?;
    let mut creds = Credentials::new(id.clone(), secret);
    let mut mode = "AK".to_owned();
    if let Some(token) = var("ALIBABA_CLOUD_SECURITY_TOKEN") {
        creds = creds.with_token(token);
        mode = "StsToken".into();
    }
    Some(Profile {
        name: "env".into(),
        source: Source::Env,
        mode,
        region_id: var("ALIBABA_CLOUD_REGION_ID"),
        endpoint: None,
        access_key_id: id,
        problem: None,
        credentials: Some(creds),
    })
}
