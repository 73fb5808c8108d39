//! The command line's small promises, from the binary: `--help` groups the global options and
//! leaves out the ones a command ignores, bad values exit 2 with the valid ones named, errors
//! say a thing once, tables end their lines cleanly, and `--log-level debug` logs every call
//! without a secret.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-tui");

/// The binary with a home, an empty config and an environment of its own.
fn ecs_tui(home: &TempDir) -> Command {
    let config = home.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let mut cmd = Command::new(BIN);
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("ALIBABA_CLOUD_") || k.starts_with("ECS_TUI_") || k == "COLUMNS" {
            cmd.env_remove(&*k);
        }
    }
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("ECS_TUI_CONFIG", &config);
    cmd
}

/// The binary signed in to `emu` through the environment profile.
fn against(home: &TempDir, emu: &Emulator) -> Command {
    let creds = emu.credentials();
    let mut cmd = ecs_tui(home);
    cmd.env("ALIBABA_CLOUD_ACCESS_KEY_ID", &creds.access_key_id)
        .env(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            creds.access_key_secret.expose(),
        )
        .args(["--endpoint", &emu.url()]);
    cmd
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Keeps the in-process emulator and its runtime alive while the binary runs.
struct Running {
    emulator: Emulator,
    _runtime: tokio::runtime::Runtime,
}

fn running() -> Running {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime
        .block_on(emulator::start(EmulatorConfig {
            regions: 3,
            instances: 40,
            seed: 5,
            ..EmulatorConfig::default()
        }))
        .unwrap();
    Running {
        emulator,
        _runtime: runtime,
    }
}

/// The option lines of a `--help` text under each heading (`Options`, `Global options`).
fn sections(help: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in help.lines() {
        if let Some(heading) = line.strip_suffix(':').filter(|l| !l.starts_with(' ')) {
            out.push((heading.to_owned(), Vec::new()));
        } else if let Some((_, lines)) = out.last_mut()
            && line.trim_start().starts_with('-')
        {
            lines.push(line.trim().to_owned());
        }
    }
    out
}

fn options_under<'a>(sections: &'a [(String, Vec<String>)], heading: &str) -> &'a [String] {
    sections
        .iter()
        .find(|(h, _)| h == heading)
        .map_or(&[], |(_, lines)| lines.as_slice())
}

#[test]
fn subcommand_help_puts_global_options_under_their_own_heading() {
    let home = TempDir::new().unwrap();
    for command in ["regions", "instances", "profiles"] {
        let (code, help, _) = run(ecs_tui(&home).args([command, "--help"]));
        assert_eq!(code, Some(0));
        let sections = sections(&help);
        let own = options_under(&sections, "Options");
        let global = options_under(&sections, "Global options");
        let output = own
            .iter()
            .find(|l| l.starts_with("-o, --output"))
            .unwrap_or_else(|| panic!("{command}: no --output under Options:\n{help}"));
        assert!(
            output.contains("Output format"),
            "{command}: --output has no description: {output}"
        );
        for flag in [
            "--profile",
            "--region",
            "--endpoint",
            "--config",
            "--log-level",
        ] {
            assert!(
                global.iter().any(|l| l.starts_with(flag)),
                "{command}: {flag} not under Global options:\n{help}"
            );
            assert!(
                !own.iter().any(|l| l.starts_with(flag)),
                "{command}: {flag} mixed into the command's options:\n{help}"
            );
        }
    }
}

#[test]
fn emulator_help_leaves_out_the_options_it_ignores() {
    let home = TempDir::new().unwrap();
    let (code, help, _) = run(ecs_tui(&home).args(["emulator", "--help"]));
    assert_eq!(code, Some(0));
    let flags: Vec<&str> = help
        .lines()
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("--")))
        .collect();
    for ignored in ["--demo", "--profile", "--region", "--endpoint", "--config"] {
        assert!(!flags.contains(&ignored), "{ignored} shown:\n{help}");
    }
    for own in ["--listen", "--regions", "--instances", "--log-level"] {
        assert!(flags.contains(&own), "{own} missing:\n{help}");
    }
    // The top level still documents the global ones.
    let (_, top, _) = run(ecs_tui(&home).args(["--help"]));
    assert!(
        top.contains("--demo") && top.contains("--endpoint"),
        "{top}"
    );
}

#[test]
fn emulator_rejects_zero_regions() {
    use std::io::Read as _;
    let home = TempDir::new().unwrap();
    let mut child = ecs_tui(&home)
        .args(["emulator", "--regions", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // An emulator that started would print its address and run until stopped: stop it, so
    // the failure is an assertion rather than a hung test.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    if !first.is_empty() {
        child.kill().unwrap();
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(first.is_empty(), "it must not start: {first}");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--regions"), "{stderr}");
    assert!(stderr.contains("at least 1"), "{stderr}");
}

#[test]
fn a_plain_http_endpoint_is_explained_once() {
    let home = TempDir::new().unwrap();
    let (code, _, stderr) = run(ecs_tui(&home)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tHttpHttp0001")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "http-test-secret")
        .args(["--endpoint", "http://10.1.2.3:8080", "regions"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("http://10.1.2.3:8080"), "{stderr}");
    assert_eq!(stderr.matches("loopback").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("https://").count(), 1, "{stderr}");
}

fn assert_no_trailing_spaces(what: &str, text: &str) {
    assert!(text.lines().count() > 1, "{what}: {text}");
    for line in text.lines() {
        assert_eq!(line, line.trim_end(), "{what}: trailing spaces in {line:?}");
    }
}

#[test]
fn table_lines_end_without_trailing_spaces() {
    let r = running();
    let home = TempDir::new().unwrap();
    // Wide enough for every column, EXPIRES (often empty) last.
    let (code, stdout, stderr) = run(against(&home, &r.emulator)
        .env("COLUMNS", "400")
        .args(["instances", "--all-regions"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.lines().next().unwrap().ends_with("EXPIRES"));
    assert_no_trailing_spaces("instances", &stdout);

    // A profile without a region leaves an empty cell in the middle and none at the end.
    let (code, stdout, stderr) = run(against(&home, &r.emulator).args(["profiles"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert_no_trailing_spaces("profiles", &stdout);
}

#[test]
fn an_unknown_log_level_is_a_usage_error_naming_the_levels() {
    let home = TempDir::new().unwrap();
    // Without --log-file too: the level is checked whether or not anything is logged.
    for args in [
        vec!["--log-level", "bogus", "profiles"],
        vec!["--log-level", "degub", "--log-file", "x.log", "profiles"],
    ] {
        let (code, stdout, stderr) = run(ecs_tui(&home).args(&args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            stderr.contains("off, error, warn, info, debug, trace"),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run(ecs_tui(&home).env("ECS_TUI_LOG", "loud").args(["profiles"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("ECS_TUI_LOG"), "{stderr}");
    for good in ["debug", "WARN", "ecs_tui=debug", "info,ecs_tui::api=trace"] {
        let (code, _, stderr) = run(ecs_tui(&home).args(["--log-level", good, "profiles"]));
        assert_eq!(code, Some(0), "{good}: {stderr}");
    }
}

#[test]
fn debug_logs_each_call_without_a_secret() {
    let r = running();
    let home = TempDir::new().unwrap();
    let log = home.path().join("calls.log");
    let log_arg = log.display().to_string();
    let (code, _, stderr) = run(against(&home, &r.emulator).args([
        "regions",
        "--log-level",
        "debug",
        "--log-file",
        &log_arg,
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&log).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("action=\"DescribeRegions\"") || l.contains("action=DescribeRegions"))
        .unwrap_or_else(|| panic!("no line for DescribeRegions in:\n{text}"));
    for field in ["status=200", "request_id=", "attempt=1", "duration_ms="] {
        assert!(line.contains(field), "{field} missing from {line}");
    }
    assert!(line.contains("DEBUG"), "{line}");

    let (code, _, stderr) = run(against(&home, &r.emulator).args([
        "instances",
        "--region",
        "cn-qingdao",
        "--log-level",
        "debug",
        "--log-file",
        &log_arg,
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.lines().any(|l| l.contains("DescribeInstances")
            && l.contains("region=")
            && l.contains("cn-qingdao")
            && l.contains("status=200")),
        "{text}"
    );
    let secret = r
        .emulator
        .credentials()
        .access_key_secret
        .expose()
        .to_owned();
    assert!(!text.contains(&secret), "the secret is in the log");
    assert!(!text.contains("Signature="), "a signature is in the log");
}
