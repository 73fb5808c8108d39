//! `ecs-tui config example|path|check`: the config at hand without the source tree.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt as _;

/// `ecs-tui ARGS` in a home of its own, with only the environment given.
fn ecs_tui(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::cargo_bin("ecs-tui")
        .unwrap()
        .args(args)
        .env_clear()
        .env("HOME", home)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn config_example_prints_config_example_toml_byte_for_byte() {
    let home = tempfile::tempdir().unwrap();
    let out = ecs_tui(home.path(), &["config", "example"], &[]);
    assert!(out.status.success());
    let file =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml")).unwrap();
    assert_eq!(out.stdout, file);
}

#[test]
fn config_path_says_which_file_and_why() {
    let home = tempfile::tempdir().unwrap();
    let out = ecs_tui(home.path(), &["config", "path"], &[]);
    let said = text(&out.stdout);
    let default = home.path().join(".config/ecs-tui/config.toml");
    assert!(
        said.starts_with(&format!("{} (the default;", default.display())),
        "{said}"
    );
    assert!(said.contains("does not exist yet"), "{said}");
    assert!(said.contains("ecs-tui config example"), "{said}");

    let file = home.path().join("mine.toml");
    std::fs::write(&file, "").unwrap();
    let flag = file.to_str().unwrap();
    let said = text(&ecs_tui(home.path(), &["config", "path", "--config", flag], &[]).stdout);
    assert_eq!(said, format!("{flag} (from --config)\n"));
    let said = text(
        &ecs_tui(
            home.path(),
            &["config", "path"],
            &[("ECS_TUI_CONFIG", flag)],
        )
        .stdout,
    );
    assert_eq!(said, format!("{flag} (from ECS_TUI_CONFIG)\n"));
}

#[test]
fn config_check_passes_a_good_config() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    std::fs::write(
        &file,
        "[profiles.dev]\nmode = \"AK\"\naccess_key_id = \"LTAI5tDevDevDevx7Qa\"\naccess_key_secret = \"s\"\n",
    )
    .unwrap();
    // A config holding a secret is kept from other users, or ecs-tui warns.
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let out = ecs_tui(
        home.path(),
        &["config", "check", "--config", file.to_str().unwrap()],
        &[],
    );
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", text(&out.stderr));
    assert!(said.contains("1 profile(s)"), "{said}");
    assert!(said.ends_with("no problems found\n"), "{said}");
    assert!(!said.contains("LTAI5tDevDevDevx7Qa"), "{said}");
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

#[test]
fn config_check_names_the_file_line_and_key_of_a_problem_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/wrong_type.toml");
    let out = ecs_tui(
        home.path(),
        &["config", "check", "--config", fixture.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stdout);
    assert!(said.contains("wrong_type.toml:"), "{said}");
    assert!(text(&out.stderr).contains("1 problem(s)"));
}

#[test]
fn config_check_counts_a_profile_of_its_own_file_that_lacks_what_its_mode_needs() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    std::fs::write(
        &file,
        "[profiles.half]\nmode = \"AK\"\naccess_key_id = \"LTAI5tHalfHalfHalf\"\n",
    )
    .unwrap();
    let out = ecs_tui(
        home.path(),
        &["config", "check", "--config", file.to_str().unwrap()],
        &[],
    );
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("error profile half"), "{said}");
}

#[test]
fn a_mistake_in_the_config_is_told_under_demo_too() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    std::fs::write(&file, "colums = [\"id\"]\n").unwrap();
    let out = ecs_tui(
        home.path(),
        &["--demo", "--config", file.to_str().unwrap(), "regions"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stderr);
    assert!(said.contains("config.toml:1"), "{said}");
    assert!(said.contains("did you mean `columns`"), "{said}");
}
