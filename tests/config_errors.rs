//! Every config error, from a fixture file, checked word for word: file, line, key, and what
//! to do.

use std::path::PathBuf;

use ecs_tui::cli::GlobalArgs;
use ecs_tui::config::ConfigError;
use ecs_tui::profiles::{Environment, Profiles};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn load(name: &str) -> Result<Profiles, ConfigError> {
    let global = GlobalArgs {
        config: Some(fixture(name)),
        ..GlobalArgs::default()
    };
    // No HOME: the developer's ~/.aliyun/config.json stays out of it.
    Profiles::load_from(&global, &Environment::default())
}

fn error_of(name: &str) -> String {
    match load(name) {
        Ok(_) => panic!("{name} loaded without an error"),
        Err(e) => e.to_string(),
    }
}

fn at(name: &str, line: usize, message: &str) -> String {
    format!("{}:{line}: {message}", fixture(name).display())
}

#[test]
fn toml_syntax() {
    assert_eq!(
        error_of("syntax.toml"),
        at(
            "syntax.toml",
            3,
            "TOML syntax error: unclosed table, expected `]`"
        )
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    assert_eq!(
        error_of("unknown_key.toml"),
        at(
            "unknown_key.toml",
            4,
            "unknown key `acess_key_id` in [profiles.dev]; did you mean `access_key_id`?"
        )
    );
    assert_eq!(
        error_of("unknown_top_key.toml"),
        at(
            "unknown_top_key.toml",
            1,
            "unknown key `favourite_regions`; did you mean `favorite_regions`?"
        )
    );
    assert_eq!(
        error_of("profile_key_at_top.toml"),
        at(
            "profile_key_at_top.toml",
            1,
            "`access_key_id` belongs in a [profiles.NAME] table, not at the top level"
        )
    );
}

#[test]
fn field_missing_for_the_mode_makes_that_profile_unusable_at_its_table_line() {
    // Not an error of the file: the other profiles still work, and this one says why not.
    let profiles = load("missing_field.toml").expect("loads");
    let dev = profiles.get("dev").expect("dev");
    assert_eq!(dev.problem, None);
    let prod = profiles.get("prod").expect("prod");
    assert_eq!(
        prod.problem.as_deref(),
        Some(
            format!(
                "ram_session_name missing for mode RamRoleArn; set it in [profiles.prod] at {}:5",
                fixture("missing_field.toml").display()
            )
            .as_str()
        )
    );
    assert!(prod.provider().is_err());
}

#[test]
fn unknown_mode_lists_the_modes() {
    assert_eq!(
        error_of("unknown_mode.toml"),
        at(
            "unknown_mode.toml",
            2,
            "[profiles.dev] `mode` = \"CloudSSO\" is not a mode ecs-tui knows; use one of AK, \
             StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, External"
        )
    );
}

#[test]
fn wrong_types_and_keys_of_another_mode() {
    assert_eq!(
        error_of("wrong_type.toml"),
        at(
            "wrong_type.toml",
            7,
            "[profiles.prod] `expired_seconds` must be an integer, not a string"
        )
    );
    assert_eq!(
        error_of("not_for_mode.toml"),
        at(
            "not_for_mode.toml",
            4,
            "[profiles.dev] `sts_token` does not apply to mode AK (it is a key of StsToken, \
             RamRoleArn); set `mode` or remove it"
        )
    );
}

#[test]
fn ui_keys_are_validated() {
    assert_eq!(
        error_of("bad_column.toml"),
        at(
            "bad_column.toml",
            3,
            "unknown column \"nmae\" in `columns`; use id, name, status, type, vcpu, memory, zone, \
             private_ip, public_ip, created, charge_type, expires, region, tag:KEY"
        )
    );
    assert_eq!(
        error_of("bad_refresh.toml"),
        at(
            "bad_refresh.toml",
            2,
            "`refresh_interval` = \"every minute\" is not a duration (expected number at 0); \
             write it like \"60s\", \"5m\" or \"off\""
        )
    );
    // Each refresh is a DescribeInstances per region shown, against the account's API quota.
    assert_eq!(
        error_of("fast_refresh.toml"),
        at(
            "fast_refresh.toml",
            3,
            "`refresh_interval` = \"1ms\" is too often: the least is \"5s\" (each refresh calls \
             the API); write \"5s\" or more, or \"off\""
        )
    );
    assert_eq!(
        error_of("bad_theme.toml"),
        at(
            "bad_theme.toml",
            1,
            "`theme` = \"solarized\": use \"dark\" or \"light\""
        )
    );
    assert_eq!(
        error_of("bad_accent.toml"),
        at(
            "bad_accent.toml",
            4,
            "[profiles.dev] `accent` = \"blood\" is not a colour; use a name like \"red\", or \"#rrggbb\""
        )
    );
}

#[test]
fn source_profile_loops_and_unknown_sources() {
    assert_eq!(
        error_of("source_loop.toml"),
        at(
            "source_loop.toml",
            3,
            "[profiles.a] `source_profile` makes a loop: a → b → a"
        )
    );
    assert_eq!(
        error_of("unknown_source.toml"),
        at(
            "unknown_source.toml",
            9,
            "[profiles.audit] `source_profile` \"prdo\" is not a profile; known profiles: dev, audit"
        )
    );
}

#[test]
fn unknown_profiles_list_the_ones_that_exist() {
    let profiles = load("unknown_default.toml").expect("the file itself is valid");
    let e = profiles.choose(None).expect_err("staging does not exist");
    assert_eq!(
        e.to_string(),
        format!(
            "unknown profile \"staging\" (from default_profile at {}:1); known profiles: dev",
            fixture("unknown_default.toml").display()
        )
    );
    let e = profiles
        .choose(Some("prod"))
        .expect_err("prod does not exist");
    assert_eq!(
        e.to_string(),
        "unknown profile \"prod\" (from --profile / ALIBABA_CLOUD_PROFILE); known profiles: dev"
    );
    let e = profiles.choose(Some("dve")).expect_err("a typo");
    assert_eq!(
        e.to_string(),
        "unknown profile \"dve\" (from --profile / ALIBABA_CLOUD_PROFILE); known profiles: dev; \
         did you mean \"dev\"?"
    );
}

#[test]
fn a_config_named_on_the_command_line_must_exist() {
    let e = error_of("no-such-file.toml");
    assert!(
        e.starts_with(&format!(
            "{}: cannot read: ",
            fixture("no-such-file.toml").display()
        )),
        "{e}"
    );
}
