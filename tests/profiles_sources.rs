//! Where profiles come from (ecs-tui's config, the aliyun CLI's config.json, the environment)
//! and which one is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecs_tui::cli::GlobalArgs;
use ecs_tui::profiles::{Auth, Environment, Profile, Profiles, Source};

const CONFIG: &str = r#"
default_profile = "dev"

[profiles.dev]
access_key_id = "LTAI5tOwnDevDevx7Qa"
access_key_secret = "own-dev-secret-value"
region_id = "cn-qingdao"
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn with_aliyun_cli(self) -> Self {
        let cli = self.dir.path().join(".aliyun");
        std::fs::create_dir_all(&cli).expect("mkdir");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aliyun/config.json"),
            cli.join("config.json"),
        )
        .expect("copy");
        self
    }

    fn config(&self, text: &str) -> PathBuf {
        let path = self.dir.path().join("config.toml");
        std::fs::write(&path, text).expect("write");
        path
    }

    fn env(&self, vars: &[(&str, &str)]) -> Environment {
        Environment {
            vars: vars
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            home: Some(self.dir.path().to_owned()),
        }
    }
}

fn load(config: PathBuf, env: &Environment) -> Profiles {
    let global = GlobalArgs {
        config: Some(config),
        ..GlobalArgs::default()
    };
    Profiles::load_from(&global, env).expect("loads")
}

fn get<'a>(profiles: &'a Profiles, name: &str) -> &'a Profile {
    profiles
        .get(name)
        .unwrap_or_else(|| panic!("no profile {name}"))
}

const ENV_KEYS: [(&str, &str); 2] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tEnvEnvEnvx7Qa"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-value"),
];

#[test]
fn every_aliyun_cli_mode_is_listed_and_mapped() {
    let home = Home::new().with_aliyun_cli();
    let profiles = load(home.config(""), &home.env(&[]));
    let names: Vec<&str> = profiles.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ak", "sts", "role", "chain", "ecs", "ext", "sso", "oauth", "oidc", "uri", "bearer",
            "half", "loop1", "loop2", "dev"
        ]
    );
    let cli_path = home.dir.path().join(".aliyun/config.json");
    for p in &profiles.profiles {
        assert_eq!(p.source, Source::AliyunCli(cli_path.clone()), "{}", p.name);
    }

    let ak = get(&profiles, "ak");
    assert_eq!((ak.mode.as_str(), ak.problem.as_deref()), ("AK", None));
    assert_eq!(ak.masked_key_id(), "LTAI****x7Qa");
    assert_eq!(ak.region_id.as_deref(), Some("cn-hangzhou"));
    let Auth::Static(c) = &ak.auth else {
        panic!("{:?}", ak.auth)
    };
    assert_eq!(c.access_key_secret.expose(), "cli-ak-secret-value");
    assert_eq!(c.security_token, None, "an empty sts_token is no token");

    let sts = get(&profiles, "sts");
    let Auth::Static(c) = &sts.auth else {
        panic!("{:?}", sts.auth)
    };
    assert_eq!(sts.mode, "StsToken");
    assert_eq!(
        c.security_token.as_ref().map(|t| t.expose()),
        Some("cli-sts-token-value")
    );

    let role = get(&profiles, "role");
    assert_eq!(role.mode, "RamRoleArn", "matched case-insensitively");
    let Auth::AssumeRole { source, role: spec } = &role.auth else {
        panic!("{:?}", role.auth)
    };
    assert!(
        matches!(source.as_ref(), Auth::Static(c) if c.access_key_id == "LTAI5tCliRoleRolex7Qa")
    );
    assert_eq!(spec.role_arn, "acs:ram::1234567890123456:role/readonly");
    assert_eq!(spec.session_name, "cli-session");
    assert_eq!(spec.duration_seconds, Some(900));
    assert_eq!(spec.external_id.as_deref(), Some("abc-123"));
    assert_eq!(
        spec.sts_endpoint.as_deref(),
        Some("sts.cn-shanghai.aliyuncs.com")
    );

    let chain = get(&profiles, "chain");
    let Auth::AssumeRole { source, role: spec } = &chain.auth else {
        panic!("{:?}", chain.auth)
    };
    assert_eq!(spec.role_arn, "acs:ram::6543210987654321:role/audit");
    let Auth::AssumeRole {
        source: inner,
        role: first,
    } = source.as_ref()
    else {
        panic!("the source profile's role comes first: {source:?}")
    };
    assert_eq!(first.role_arn, "acs:ram::1234567890123456:role/readonly");
    assert!(matches!(inner.as_ref(), Auth::Static(_)));
    assert_eq!(chain.masked_key_id(), "-");

    let ecs = get(&profiles, "ecs");
    assert!(
        matches!(&ecs.auth, Auth::EcsRamRole { role_name: Some(r), metadata_url: None, imdsv1_allowed: true } if r == "ecs-reader")
    );
    let ext = get(&profiles, "ext");
    assert!(
        matches!(&ext.auth, Auth::External { command } if command == "/usr/local/bin/keys --json")
    );

    for (name, mode, why) in [
        (
            "sso",
            "CloudSSO",
            "it needs the aliyun CLI's browser sign-in",
        ),
        (
            "oauth",
            "OAuth",
            "it needs the aliyun CLI's browser sign-in",
        ),
        ("oidc", "OIDC", "OIDC role assumption is not implemented"),
        (
            "uri",
            "CredentialsURI",
            "credentials from a URI are not implemented",
        ),
        (
            "bearer",
            "BearerToken",
            "a bearer token cannot sign ECS API calls",
        ),
    ] {
        let p = get(&profiles, name);
        assert_eq!(p.mode, mode);
        let problem = p.problem.as_deref().expect("unusable");
        assert!(
            problem.starts_with(&format!(
                "mode {mode} is not supported by ecs-tui ({why}); use an AK"
            )),
            "{problem}"
        );
        let e = p.provider().expect_err("explains itself when chosen");
        assert!(
            e.to_string()
                .contains(&format!("profile {name}: mode {mode} is not supported")),
            "{e}"
        );
    }
    assert_eq!(
        get(&profiles, "half").problem.as_deref(),
        Some(
            "access_key_secret missing for mode AK; fix it with `aliyun configure --profile half --mode AK`"
        )
    );
    assert_eq!(
        get(&profiles, "loop1").problem.as_deref(),
        Some("`source_profile` makes a loop: loop1 → loop2 → loop1")
    );
    assert!(get(&profiles, "ak").provider().is_ok());
    assert!(
        get(&profiles, "chain").provider().is_ok(),
        "lazy: no network yet"
    );
}

#[test]
fn selection_order_profile_flag_then_default_profile_then_cli_current_then_env() {
    let home = Home::new().with_aliyun_cli();
    let env = home.env(&ENV_KEYS);

    // default_profile wins over the CLI's current and env; --profile wins over all.
    let profiles = load(home.config(CONFIG), &env);
    assert_eq!(profiles.choose(None).expect("default").name, "dev");
    assert_eq!(profiles.choose(Some("sts")).expect("asked").name, "sts");
    assert_eq!(profiles.choose(Some("env")).expect("asked").name, "env");

    // A name in both files means ecs-tui's own.
    let dev = get(&profiles, "dev");
    assert!(matches!(dev.source, Source::Config(_)));
    assert_eq!(dev.region_id.as_deref(), Some("cn-qingdao"));
    assert_eq!(
        profiles.profiles.iter().filter(|p| p.name == "dev").count(),
        1
    );

    // No default_profile: the aliyun CLI's current.
    let no_default = CONFIG.replace("default_profile = \"dev\"", "");
    let profiles = load(home.config(&no_default), &env);
    assert_eq!(profiles.choose(None).expect("current").name, "ak");

    // No aliyun CLI file: env.
    let bare = Home::new();
    let profiles = load(bare.config(&no_default), &bare.env(&ENV_KEYS));
    let chosen = profiles.choose(None).expect("env");
    assert_eq!(
        (chosen.name.as_str(), &chosen.source),
        ("env", &Source::Env)
    );

    // Nothing at all: say where credentials can come from.
    let profiles = load(bare.config(""), &bare.env(&[]));
    let e = profiles.choose(None).expect_err("nothing").to_string();
    assert!(
        e.starts_with("no credentials found: run `aliyun configure`"),
        "{e}"
    );
    // It names the file that was read (here given as --config), not the default path.
    let given = bare.dir.path().join("config.toml").display().to_string();
    assert!(e.contains(&format!("add a profile to {given} ")), "{e}");
    // ...and how to start one without the source tree.
    assert!(e.contains("`ecs-tui config example`"), "{e}");
}

#[test]
fn a_new_user_with_only_the_aliyun_cli_config_is_in() {
    let home = Home::new().with_aliyun_cli();
    let global = GlobalArgs {
        config: Some(home.dir.path().join("nothing-here/config.toml")),
        ..GlobalArgs::default()
    };
    // The named file must exist; the default location may be absent, so use an empty one.
    assert!(Profiles::load_from(&global, &home.env(&[])).is_err());
    let profiles = load(home.config(""), &home.env(&[]));
    let chosen = profiles.choose(None).expect("the CLI's current");
    assert_eq!(chosen.name, "ak");
    assert!(chosen.client(None).is_ok());
}

#[test]
fn the_environment_profile() {
    let home = Home::new();
    let with_token = [
        ENV_KEYS[0],
        ENV_KEYS[1],
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token-value"),
        ("ALIBABA_CLOUD_REGION_ID", "ap-southeast-1"),
    ];
    let profiles = load(home.config(""), &home.env(&with_token));
    let env = get(&profiles, "env");
    assert_eq!(env.mode, "StsToken");
    assert_eq!(env.region_id.as_deref(), Some("ap-southeast-1"));
    assert_eq!(env.masked_key_id(), "LTAI****x7Qa");

    // Only the instance role's name: an EcsRamRole profile, tried only when chosen.
    let profiles = load(
        home.config(""),
        &home.env(&[
            ("ALIBABA_CLOUD_ECS_METADATA", "ecs-reader"),
            ("ECS_TUI_METADATA_URL", "http://127.0.0.1:9"),
        ]),
    );
    let env = get(&profiles, "env");
    assert_eq!(env.mode, "EcsRamRole");
    assert!(
        matches!(&env.auth, Auth::EcsRamRole { role_name: Some(r), metadata_url: Some(u), .. } if r == "ecs-reader" && u == "http://127.0.0.1:9")
    );

    // A name in ecs-tui's config wins over the environment too.
    let own =
        "[profiles.env]\naccess_key_id = \"LTAI5tOwnEnvEnvx7Qa\"\naccess_key_secret = \"x\"\n";
    let profiles = load(home.config(own), &home.env(&ENV_KEYS));
    assert!(matches!(get(&profiles, "env").source, Source::Config(_)));
}

#[test]
fn the_aliyun_cli_file_can_be_disabled_and_a_broken_one_is_skipped() {
    let home = Home::new().with_aliyun_cli();
    let profiles = load(
        home.config(""),
        &home.env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]),
    );
    assert!(profiles.profiles.is_empty());

    std::fs::write(
        home.dir.path().join(".aliyun/config.json"),
        "{\"profiles\": [",
    )
    .expect("write");
    let profiles = load(home.config(CONFIG), &home.env(&[]));
    assert_eq!(profiles.known_names(), "dev");
}

#[test]
fn the_valid_fixture_has_every_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/valid.toml");
    let home = Home::new();
    let profiles = load(path, &home.env(&[]));
    assert_eq!(profiles.known_names(), "dev, sts, prod, audit, box, vault");
    assert_eq!(profiles.default.as_deref(), Some("dev"));
    let ui = &profiles.ui;
    assert_eq!(ui.favorite_regions, ["cn-hangzhou", "cn-shanghai"]);
    assert_eq!(
        ui.refresh_interval,
        Some(std::time::Duration::from_secs(60))
    );
    assert!(ui.mouse);
    assert_eq!(ui.theme, ecs_tui::config::Theme::Light);
    assert_eq!(ui.ssh_command, "ssh -p 2222 {user}@{ip}");
    assert_eq!(ui.ssh_user, "ecs-user");
    use ecs_tui::columns::Column;
    assert_eq!(
        ui.columns,
        [
            Column::Id,
            Column::Name,
            Column::Status,
            Column::PrivateIp,
            Column::Tag("env".into())
        ]
    );

    let dev = get(&profiles, "dev");
    assert_eq!(dev.endpoint.as_deref(), Some("http://127.0.0.1:8080"));
    let prod = get(&profiles, "prod");
    assert_eq!(prod.accent.as_deref(), Some("red"));
    let Auth::AssumeRole { role, .. } = &prod.auth else {
        panic!("{:?}", prod.auth)
    };
    assert_eq!(role.duration_seconds, Some(3600));
    assert_eq!(
        role.sts_endpoint.as_deref(),
        Some("sts.cn-shanghai.aliyuncs.com")
    );
    let audit = get(&profiles, "audit");
    assert!(
        matches!(&audit.auth, Auth::AssumeRole { source, .. } if matches!(source.as_ref(), Auth::AssumeRole { .. }))
    );
    assert!(
        matches!(&get(&profiles, "box").auth, Auth::EcsRamRole { role_name: Some(r), .. } if r == "ecs-reader")
    );
    assert!(
        matches!(&get(&profiles, "vault").auth, Auth::External { command } if command == "/usr/local/bin/get-keys --account prod")
    );
    for p in &profiles.profiles {
        assert_eq!(p.problem, None, "{}", p.name);
    }

    // The defaults when the UI keys are absent.
    let profiles = load(home.config(""), &home.env(&[]));
    assert_eq!(profiles.ui, ecs_tui::config::UiConfig::default());
    assert_eq!(profiles.ui.refresh_interval, None);
}

#[cfg(unix)]
#[test]
fn a_config_others_can_read_gets_a_warning_naming_the_fix() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = Home::new();
    let path = home.config(CONFIG);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let warning = ecs_tui::config::permissions::exposure_warning(&path).expect("warns");
    assert_eq!(
        warning,
        format!(
            "warning: {p} holds credentials and other users can read it (mode 644); fix it with: chmod 600 {p}",
            p = path.display()
        )
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_eq!(ecs_tui::config::permissions::exposure_warning(&path), None);
}
