//! Turns each source's description of a profile (ecs-tui's config, the aliyun CLI's
//! config.json, the environment) into a [`Profile`].

use std::path::Path;

use super::{Auth, Environment, Profile, Source};
use crate::config::aliyun_cli::CliProfile;
use crate::config::{Mode, ProfileConfig};
use crate::credentials::{Credentials, KeyOrigin, RoleSpec, Secret};

fn role(
    arn: &str,
    session: &str,
    duration: Option<u64>,
    external_id: Option<String>,
    sts_endpoint: Option<String>,
) -> RoleSpec {
    RoleSpec {
        role_arn: arn.to_owned(),
        session_name: session.to_owned(),
        duration_seconds: duration,
        external_id: external_id.filter(|e| !e.is_empty()),
        sts_endpoint: sts_endpoint.filter(|e| !e.is_empty()),
    }
}

fn ecs_ram_role(role_name: Option<String>, env: &Environment) -> Auth {
    Auth::EcsRamRole {
        role_name: role_name.filter(|r| !r.is_empty()),
        metadata_url: env
            .var(crate::credentials::ecs_ram_role::METADATA_URL_ENV)
            .map(str::to_owned),
        imdsv1_allowed: !env.flag("ALIBABA_CLOUD_IMDSV1_DISABLED"),
    }
}

/// A profile of ecs-tui's config file; its keys were validated when the file was parsed.
pub(super) fn from_config(c: &ProfileConfig, path: &Path, env: &Environment) -> Profile {
    let id = c.access_key_id.clone().unwrap_or_default();
    let secret = c.access_key_secret.clone().unwrap_or_default();
    let keys = Credentials::from_secrets(id.clone(), secret, c.sts_token.clone()).with_origin(
        KeyOrigin::Config {
            path: path.to_owned(),
            profile: c.name.clone(),
            id_line: c.line_of("access_key_id"),
            secret_line: c.line_of("access_key_secret"),
        },
    );
    let arn = c.ram_role_arn.as_deref().unwrap_or_default();
    let session = c.ram_session_name.as_deref().unwrap_or_default();
    let spec = || {
        role(
            arn,
            session,
            c.expired_seconds,
            None,
            c.sts_endpoint.clone(),
        )
    };
    let auth = match c.mode {
        Mode::Ak | Mode::StsToken => Auth::Static(keys),
        Mode::RamRoleArn => Auth::AssumeRole {
            source: Box::new(Auth::Static(keys)),
            role: spec(),
        },
        Mode::ChainableRamRoleArn => Auth::AssumeRole {
            source: Box::new(Auth::Chained {
                source_profile: c
                    .source_profile
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
            }),
            role: spec(),
        },
        Mode::EcsRamRole => ecs_ram_role(c.ram_role_name.clone(), env),
        Mode::External => Auth::External {
            command: c.process_command.clone().unwrap_or_default(),
        },
    };
    // Missing or present but empty: the file is well-formed, the profile still cannot work.
    let values = [
        ("access_key_id", c.access_key_id.as_deref()),
        (
            "access_key_secret",
            c.access_key_secret.as_ref().map(Secret::expose),
        ),
        ("sts_token", c.sts_token.as_ref().map(Secret::expose)),
        ("ram_role_arn", c.ram_role_arn.as_deref()),
        ("ram_session_name", c.ram_session_name.as_deref()),
        ("process_command", c.process_command.as_deref()),
    ];
    let empty: Vec<&str> = values
        .iter()
        .filter(|(k, v)| c.mode.required_keys().contains(k) && v.is_some_and(str::is_empty))
        .map(|(k, _)| *k)
        .collect();
    let problem = config_problem(c, path, &empty);
    Profile {
        name: c.name.clone(),
        source: Source::Config(path.to_owned()),
        mode: c.mode.name().to_owned(),
        region_id: c.region_id.clone().filter(|r| !r.is_empty()),
        endpoint: c.endpoint.clone().filter(|e| !e.is_empty()),
        access_key_id: id,
        accent: c.accent.clone(),
        auth: if problem.is_none() {
            auth
        } else {
            Auth::Unusable
        },
        problem,
    }
}

/// Why a profile of the config file cannot be used, naming the keys, the table and its line:
/// `access_key_secret missing for mode AK; set it in [profiles.dev] at config.toml:3`.
fn config_problem(c: &ProfileConfig, path: &Path, empty: &[&str]) -> Option<String> {
    let mut what = Vec::new();
    if !c.missing.is_empty() {
        what.push(format!("{} missing", c.missing.join(" and ")));
    }
    if !empty.is_empty() {
        what.push(format!("{} empty", empty.join(" and ")));
    }
    if what.is_empty() {
        return None;
    }
    let them = if c.missing.len() + empty.len() == 1 {
        "it"
    } else {
        "them"
    };
    // An empty key is on a line of its own; a missing one belongs under the table's header.
    let line = match (c.missing.is_empty(), empty) {
        (true, [only]) => c.line_of(only),
        _ => c.line,
    };
    Some(format!(
        "{} for mode {}; set {them} in [profiles.{}] at {}:{line}",
        what.join(", "),
        c.mode,
        c.name,
        path.display(),
    ))
}

/// Why a mode of the aliyun CLI does not work here, and what works instead.
fn unsupported(mode: &str) -> String {
    let why = match mode.to_ascii_lowercase().as_str() {
        "cloudsso" | "oauth" => " (it needs the aliyun CLI's browser sign-in)",
        "oidc" => " (OIDC role assumption is not implemented)",
        "credentialsuri" => " (credentials from a URI are not implemented)",
        "bearertoken" => " (a bearer token cannot sign ECS API calls)",
        "anonymous" => " (the ECS API needs signed calls)",
        "rsakeypair" | "ramrolearnwithrolename" => " (the aliyun CLI deprecated it)",
        _ => " (unknown mode)",
    };
    format!(
        "mode {mode} is not supported by ecs-tui{why}; use an AK, StsToken, RamRoleArn, \
         ChainableRamRoleArn, EcsRamRole or External profile, or export temporary keys as \
         ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and \
         ALIBABA_CLOUD_SECURITY_TOKEN (profile env)"
    )
}

/// A profile of the aliyun CLI's config.json. Not our file: what is wrong with it becomes the
/// profile's `problem`, shown when it is listed or chosen.
pub(super) fn from_cli(p: &CliProfile, path: &Path, env: &Environment) -> Profile {
    let mode_text = if p.mode.trim().is_empty() {
        "AK"
    } else {
        p.mode.trim()
    };
    let mode = Mode::parse(mode_text);
    let mut profile = Profile {
        name: p.name.clone(),
        source: Source::AliyunCli(path.to_owned()),
        mode: mode.map_or_else(|| mode_text.to_owned(), |m| m.name().to_owned()),
        region_id: Some(p.region_id.clone()).filter(|r| !r.is_empty()),
        endpoint: None,
        access_key_id: p.access_key_id.clone(),
        problem: None,
        accent: None,
        auth: Auth::Unusable,
    };
    let Some(mode) = mode else {
        profile.problem = Some(unsupported(mode_text));
        return profile;
    };
    let present = |key: &str| match key {
        "access_key_id" => !p.access_key_id.is_empty(),
        "access_key_secret" => !p.access_key_secret.is_empty(),
        "sts_token" => !p.sts_token.is_empty(),
        "ram_role_arn" => !p.ram_role_arn.is_empty(),
        "ram_session_name" => !p.ram_session_name.is_empty(),
        "source_profile" => !p.source_profile.is_empty(),
        "process_command" => !p.process_command.is_empty(),
        _ => true,
    };
    let missing: Vec<&str> = mode
        .required_keys()
        .iter()
        .copied()
        .filter(|k| !present(k))
        .collect();
    if !missing.is_empty() {
        profile.problem = Some(format!(
            "{} missing for mode {mode}; fix it with `aliyun configure --profile {} --mode {mode}`",
            missing.join(" and "),
            p.name
        ));
        return profile;
    }
    let keys = Credentials::from_secrets(
        p.access_key_id.clone(),
        p.access_key_secret.clone(),
        Some(p.sts_token.clone()),
    )
    .with_origin(KeyOrigin::AliyunCli {
        path: path.to_owned(),
        profile: p.name.clone(),
    });
    let spec = || {
        role(
            &p.ram_role_arn,
            &p.ram_session_name,
            (p.expired_seconds > 0).then_some(p.expired_seconds),
            Some(p.external_id.clone()),
            (!p.sts_region.is_empty()).then(|| format!("sts.{}.aliyuncs.com", p.sts_region)),
        )
    };
    profile.auth = match mode {
        Mode::Ak => Auth::Static(Credentials {
            security_token: None,
            ..keys
        }),
        Mode::StsToken => Auth::Static(keys),
        Mode::RamRoleArn => Auth::AssumeRole {
            source: Box::new(Auth::Static(keys)),
            role: spec(),
        },
        Mode::ChainableRamRoleArn => Auth::AssumeRole {
            source: Box::new(Auth::Chained {
                source_profile: p.source_profile.clone(),
            }),
            role: spec(),
        },
        Mode::EcsRamRole => ecs_ram_role(Some(p.ram_role_name.clone()), env),
        Mode::External => Auth::External {
            command: p.process_command.clone(),
        },
    };
    if !matches!(mode, Mode::Ak | Mode::StsToken | Mode::RamRoleArn) {
        profile.access_key_id.clear();
    }
    profile
}

/// `env`: `ALIBABA_CLOUD_ACCESS_KEY_ID` + `..._SECRET` (+ `ALIBABA_CLOUD_SECURITY_TOKEN`), or
/// else the instance RAM role named by `ALIBABA_CLOUD_ECS_METADATA`.
pub(super) fn from_env(env: &Environment) -> Option<Profile> {
    let region = env.var("ALIBABA_CLOUD_REGION_ID").map(str::to_owned);
    if let (Some(id), Some(secret)) = (
        env.var("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    ) {
        let creds = Credentials::from_secrets(
            id.to_owned(),
            Secret::new(secret),
            env.var("ALIBABA_CLOUD_SECURITY_TOKEN").map(Secret::new),
        )
        .with_origin(KeyOrigin::Env);
        return Some(Profile::with_credentials(
            "env",
            Source::Env,
            creds,
            region,
            None,
        ));
    }
    let id = env.var("ALIBABA_CLOUD_ACCESS_KEY_ID");
    let secret = env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if id.is_some() != secret.is_some() {
        let (set, missing) = if id.is_some() {
            (
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            )
        } else {
            (
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
            )
        };
        let mut profile = Profile::with_credentials(
            "env",
            Source::Env,
            Credentials::from_secrets(id.unwrap_or_default().to_owned(), Secret::default(), None),
            region,
            None,
        );
        profile.problem = Some(format!("{set} is set but {missing} is not; set both"));
        return Some(profile);
    }
    let role = env.var("ALIBABA_CLOUD_ECS_METADATA")?;
    if env.flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
        return None;
    }
    Some(Profile {
        name: "env".into(),
        source: Source::Env,
        mode: Mode::EcsRamRole.name().into(),
        region_id: region,
        endpoint: None,
        access_key_id: String::new(),
        problem: None,
        accent: None,
        auth: ecs_ram_role(Some(role.to_owned()), env),
    })
}
