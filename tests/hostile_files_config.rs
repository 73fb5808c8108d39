//! Config files that are not files: a device, a FIFO, a giant, as `--config` and as the aliyun
//! CLI's `config.json`. Each is refused with the file named, quickly and without reading it.
#![allow(clippy::unwrap_used)]

mod isolated_cli;

use std::path::Path;

use tempfile::TempDir;

use isolated_cli::ecs_tui;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_device_as_the_config_is_refused_naming_it() {
    let home = TempDir::new().unwrap();
    let out = ecs_tui(home.path())
        .args(["--config", "/dev/zero", "profiles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out),
        "ecs-tui: /dev/zero: cannot read: not a regular file (it is a device)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_config_is_refused_without_waiting_for_a_writer() {
    let home = TempDir::new().unwrap();
    let fifo = home.path().join("config.toml");
    mkfifo(&fifo);
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&fifo)
        .arg("profiles")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out),
        format!(
            "ecs-tui: {}: cannot read: not a regular file (it is a FIFO)\n",
            fifo.display()
        )
    );
}

#[test]
fn a_config_over_ten_megabytes_is_refused_naming_it() {
    let home = TempDir::new().unwrap();
    let path = home.path().join("config.toml");
    // Valid TOML all the way (comments), so only the size can refuse it.
    let line = format!("# {}\n", "x".repeat(1021));
    std::fs::write(&path, line.repeat(10 * 1024 + 1)).unwrap();
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&path)
        .arg("profiles")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out),
        format!(
            "ecs-tui: {}: cannot read: larger than 10 MB; not read\n",
            path.display()
        )
    );
}

#[test]
fn a_config_of_just_ten_megabytes_is_read() {
    let home = TempDir::new().unwrap();
    let path = home.path().join("config.toml");
    let mut text = format!("# {}\n", "x".repeat(1021)).repeat(10 * 1024 - 1);
    text.push_str("[profiles.dev]\nmode = \"EcsRamRole\"\n");
    assert!(text.len() <= 10 * 1024 * 1024);
    std::fs::write(&path, &text).unwrap();
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&path)
        .args(["profiles", "--output", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("dev"));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_aliyun_cli_config_is_skipped_with_a_warning() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join(".aliyun");
    std::fs::create_dir(&dir).unwrap();
    let fifo = dir.join("config.json");
    mkfifo(&fifo);
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[profiles.dev]\nmode = \"EcsRamRole\"\n").unwrap();
    let out = ecs_tui(home.path())
        .arg("--config")
        .arg(&config)
        .args(["profiles", "--output", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out),
        format!(
            "ecs-tui: warning: {}: cannot read: not a regular file (it is a FIFO); its profiles are skipped\n",
            fifo.display()
        )
    );
}

/// 100,000 profiles in our file, 100,000 in the aliyun CLI's (half of them names ours has)
/// and a chain through them: every one is read once, in order, and each name is ecs-tui's
/// where both files have it. (Loading scanned the list per profile and counted line breaks
/// from the top per key: minutes for this; see docs/PERFORMANCE.md.)
#[test]
fn a_hundred_thousand_profiles_load_in_order_each_once() {
    use ecs_tui::cli::GlobalArgs;
    use ecs_tui::profiles::{Environment, Profiles, Source};

    const N: usize = 100_000;
    let home = TempDir::new().unwrap();
    let mut toml = String::new();
    for i in 0..N {
        toml.push_str(&format!("[profiles.p{i}]\nmode = \"EcsRamRole\"\n"));
    }
    toml.push_str("[profiles.chained]\nmode = \"ChainableRamRoleArn\"\nsource_profile = \"p99999\"\nram_role_arn = \"acs:ram::1:role/r\"\nram_session_name = \"s\"\n");
    let config = home.path().join("config.toml");
    std::fs::write(&config, toml).unwrap();
    let cli: Vec<String> = (N / 2..N + N / 2)
        .map(|i| format!(r#"{{"name":"p{i}","mode":"EcsRamRole"}}"#))
        .collect();
    std::fs::create_dir(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        format!(r#"{{"current":"","profiles":[{}]}}"#, cli.join(",")),
    )
    .unwrap();
    let global = GlobalArgs {
        config: Some(config.clone()),
        ..GlobalArgs::default()
    };
    let env = Environment {
        home: Some(home.path().to_owned()),
        ..Environment::default()
    };
    let profiles = Profiles::load_from(&global, &env).unwrap();
    let names: Vec<&str> = profiles.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), N + 1 + N / 2);
    assert_eq!(names[0], "p0");
    assert_eq!(names[N - 1], "p99999");
    assert_eq!(names[N], "chained");
    assert_eq!(names[N + 1], "p100000");
    assert_eq!(names[N + N / 2], "p149999");
    let own = profiles.get("p99999").unwrap();
    assert!(matches!(own.source, Source::Config(_)), "{:?}", own.source);
    let chained = profiles.get("chained").unwrap();
    assert!(chained.problem.is_none(), "{:?}", chained.problem);
}
