//! Loading: ecs-tui's config, then the aliyun CLI's profiles, then the environment; chained
//! roles resolved; the default picked in the documented order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use super::sources::{from_cli, from_config, from_env};
use super::{Auth, Profile, Profiles, Source};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError, aliyun_cli};

/// The part of the process environment profiles depend on; injectable so tests need not
/// change the real one.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub vars: BTreeMap<String, String>,
    /// Where `~/.aliyun/config.json` is looked for.
    pub home: Option<PathBuf>,
}

impl Environment {
    /// `ALIBABA_CLOUD_*` and `ECS_TUI_*` variables, and `HOME`.
    #[must_use]
    pub fn from_process() -> Self {
        Environment {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .filter(|(k, _)| k.starts_with("ALIBABA_CLOUD_") || k.starts_with("ECS_TUI_"))
                .collect(),
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from)
                .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_owned())),
        }
    }

    /// A variable's value, when set and not empty.
    #[must_use]
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A variable set to `true` (any case).
    #[must_use]
    pub fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

impl Profiles {
    /// Loads from the config file, the aliyun CLI's config.json and the environment. No
    /// network: credentials are fetched only when a provider is asked for them.
    ///
    /// # Errors
    /// A config file that cannot be read or is invalid, naming the file, line and key.
    pub fn load(global: &GlobalArgs) -> Result<Self, ConfigError> {
        Self::load_from(global, &Environment::from_process())
    }

    /// [`Profiles::load`] with an explicit environment.
    ///
    /// # Errors
    /// A config file that cannot be read or is invalid, naming the file, line and key.
    pub fn load_from(global: &GlobalArgs, env: &Environment) -> Result<Self, ConfigError> {
        let (path, required) = match &global.config {
            Some(p) => (Some(p.clone()), true),
            None => (config::default_path(), false),
        };
        let config = match &path {
            Some(path) => config::load(path, required)?,
            None => config::Config::default(),
        };
        if config.holds_secrets() {
            config::warn_if_exposed(&config.path);
        }

        let mut profiles: Vec<Profile> = config
            .profiles
            .iter()
            .map(|p| from_config(p, &config.path, env))
            .collect();
        let cli = read_aliyun_cli(env);
        // A set of the names taken, not a scan of the list per profile: a file of N profiles
        // is read in N steps, not N².
        let mut taken: HashSet<String> = profiles.iter().map(|p| p.name.clone()).collect();
        if let Some(cli) = &cli {
            for p in &cli.profiles {
                if !p.name.is_empty() && taken.insert(p.name.clone()) {
                    profiles.push(from_cli(p, &cli.path, env));
                }
            }
        }
        if let Some(env_profile) = from_env(env)
            && !taken.contains(&env_profile.name)
        {
            profiles.push(env_profile);
        }
        resolve_chains(&mut profiles, &config)?;

        let (default, default_origin) = if let Some(d) = &config.default_profile {
            (
                Some(d.value.clone()),
                Some(format!(
                    "default_profile at {}:{}",
                    config.path.display(),
                    d.line
                )),
            )
        } else if let Some((cli, current)) = cli.as_ref().and_then(|c| {
            c.current
                .as_ref()
                .filter(|cur| profiles.iter().any(|p| &p.name == *cur))
                .map(|cur| (c, cur))
        }) {
            (
                Some(current.clone()),
                Some(format!("current in {}", cli.path.display())),
            )
        } else if profiles.iter().any(|p| p.name == "env") {
            (Some("env".into()), Some("the environment".into()))
        } else if let [only] = profiles.as_slice() {
            (
                Some(only.name.clone()),
                Some(format!("the only profile, in {}", only.source)),
            )
        } else {
            (None, None)
        };
        Ok(Profiles {
            profiles,
            default,
            default_origin,
            requested: global.profile.clone(),
            ui: config.ui,
            config_path: path,
        })
    }
}

/// The aliyun CLI's file, unless the environment disables it. Not our file: when it cannot be
/// read, say so once and go on without it.
fn read_aliyun_cli(env: &Environment) -> Option<aliyun_cli::CliConfig> {
    if env.flag("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") || env.flag("ALIBABA_CLOUD_IGNORE_PROFILE") {
        return None;
    }
    let path = aliyun_cli::path(env.home.as_deref()?);
    match aliyun_cli::load(&path) {
        Ok(Some(cli)) => {
            if cli
                .profiles
                .iter()
                .any(|p| !p.access_key_secret.is_empty() || !p.sts_token.is_empty())
            {
                config::warn_if_exposed(&cli.path);
            }
            Some(cli)
        }
        Ok(None) => None,
        Err(e) => {
            tracing::warn!("{e}");
            eprintln!(
                "ecs-tui: warning: {}; its profiles are skipped",
                crate::exit::one_line(&e)
            );
            None
        }
    }
}

enum ChainError {
    Loop(Vec<String>),
    Unknown(String),
    Unusable(String, String),
}

/// Replaces each `source_profile` by the way that profile obtains credentials.
fn resolve(
    profiles: &[Profile],
    by_name: &HashMap<&str, usize>,
    name: &str,
    stack: &mut Vec<String>,
) -> Result<Auth, ChainError> {
    if stack.iter().any(|s| s == name) {
        let mut path = stack.clone();
        path.push(name.to_owned());
        return Err(ChainError::Loop(path));
    }
    let Some(p) = by_name.get(name).map(|&i| &profiles[i]) else {
        return Err(ChainError::Unknown(name.to_owned()));
    };
    if let Some(problem) = &p.problem {
        return Err(ChainError::Unusable(name.to_owned(), problem.clone()));
    }
    match &p.auth {
        Auth::AssumeRole { source, role } => {
            if let Auth::Chained { source_profile } = source.as_ref() {
                stack.push(name.to_owned());
                let inner = resolve(profiles, by_name, source_profile, stack)?;
                stack.pop();
                return Ok(Auth::AssumeRole {
                    source: Box::new(inner),
                    role: role.clone(),
                });
            }
            Ok(p.auth.clone())
        }
        other => Ok(other.clone()),
    }
}

fn resolve_chains(profiles: &mut [Profile], config: &config::Config) -> Result<(), ConfigError> {
    let known = || {
        profiles
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Looked up by name, not searched for: N chained profiles cost N steps, not N².
    let mut by_name = HashMap::with_capacity(profiles.len());
    for (i, p) in profiles.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_insert(i);
    }
    let own_tables: HashMap<&str, &config::ProfileConfig> = config
        .profiles
        .iter()
        .rev()
        .map(|c| (c.name.as_str(), c))
        .collect();
    let mut resolved = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        let Auth::AssumeRole { source, .. } = &p.auth else {
            continue;
        };
        if !matches!(source.as_ref(), Auth::Chained { .. }) || p.problem.is_some() {
            continue;
        }
        let result = resolve(profiles, &by_name, &p.name, &mut Vec::new());
        // In our own file a bad reference is an error at its line; in the aliyun CLI's file it
        // is the profile's problem.
        let own = own_tables
            .get(p.name.as_str())
            .filter(|_| matches!(p.source, Source::Config(_)))
            .and_then(|c| c.source_profile.as_ref());
        let problem = match result {
            Ok(auth) => {
                resolved.push((i, Ok(auth)));
                continue;
            }
            Err(ChainError::Loop(path)) => {
                let text = format!("`source_profile` makes a loop: {}", path.join(" → "));
                if let Some(at) = own {
                    return Err(invalid(config, at.line, &p.name, &text));
                }
                text
            }
            Err(ChainError::Unknown(name)) => {
                let text = format!(
                    "`source_profile` {name:?} is not a profile; known profiles: {}",
                    known()
                );
                if let Some(at) = own {
                    return Err(invalid(config, at.line, &p.name, &text));
                }
                text
            }
            Err(ChainError::Unusable(name, why)) => format!("source profile {name}: {why}"),
        };
        resolved.push((i, Err(problem)));
    }
    for (i, result) in resolved {
        match result {
            Ok(auth) => profiles[i].auth = auth,
            Err(problem) => {
                profiles[i].problem = Some(problem);
                profiles[i].auth = Auth::Unusable;
            }
        }
    }
    Ok(())
}

fn invalid(config: &config::Config, line: usize, name: &str, text: &str) -> ConfigError {
    ConfigError::Invalid {
        path: config.path.clone(),
        line,
        message: format!("[profiles.{name}] {text}"),
    }
}
