//! The binary against the emulator: `instances --output json` prints the emulator's inventory
//! untouched, tables fit 80 columns, `ecs-tui emulator` and `--demo` behave as documented.

mod child_guard;

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use child_guard::{Guarded, HANG_GUARD};
use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr as _;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-tui");

/// Keeps the emulator and its runtime alive while the binary runs.
struct Running {
    emulator: Emulator,
    _runtime: tokio::runtime::Runtime,
}

fn running(regions: usize, instances: usize) -> Running {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime
        .block_on(emulator::start(EmulatorConfig {
            regions,
            instances,
            seed: 9,
            ..EmulatorConfig::default()
        }))
        .expect("emulator");
    Running {
        emulator,
        _runtime: runtime,
    }
}

/// A home, a config file and an environment of our own: the developer's real config and
/// credentials are never read.
fn isolated(home: &TempDir) -> Vec<(String, String)> {
    let config = home.path().join("config.toml");
    std::fs::write(&config, "").expect("config");
    vec![
        ("HOME".into(), home.path().display().to_string()),
        ("XDG_CONFIG_HOME".into(), home.path().display().to_string()),
        ("ECS_TUI_CONFIG".into(), config.display().to_string()),
    ]
}

const FOREIGN_ENV: [&str; 5] = [
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABA_CLOUD_REGION_ID",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
];

fn ecs_tui(home: &TempDir, emu: Option<&Emulator>) -> Command {
    let mut cmd = Command::new(BIN);
    // assert_cmd kills the child past this: a hang fails the test instead of the suite.
    cmd.timeout(HANG_GUARD);
    for k in FOREIGN_ENV {
        cmd.env_remove(k);
    }
    cmd.env_remove("ECS_TUI_LOG");
    cmd.envs(isolated(home));
    if let Some(emu) = emu {
        let creds = emu.credentials();
        cmd.env("ALIBABA_CLOUD_ACCESS_KEY_ID", &creds.access_key_id)
            .env(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                creds.access_key_secret.expose(),
            )
            .args(["--endpoint", &emu.url()]);
    }
    cmd
}

#[test]
fn instances_json_is_exactly_the_emulators_inventory() {
    let r = running(4, 230);
    let home = TempDir::new().expect("home");
    let out = ecs_tui(&home, Some(&r.emulator))
        .args(["instances", "--all-regions", "--output", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inventory = r
        .emulator
        .inventory(&r.emulator.credentials().access_key_id)
        .expect("inventory");
    let objects: Vec<&str> = inventory
        .instances_raw()
        .into_iter()
        .map(serde_json::value::RawValue::get)
        .collect();
    assert_eq!(objects.len(), 230);
    let expected = format!("[\n{}\n]\n", objects.join(",\n"));
    assert!(
        String::from_utf8_lossy(&out.stdout) == expected,
        "stdout is not the inventory byte for byte"
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(parsed, inventory.instances_json());
    assert!(out.stderr.is_empty());
}

#[test]
fn instances_table_lists_every_instance() {
    let r = running(3, 40);
    let home = TempDir::new().expect("home");
    let out = ecs_tui(&home, Some(&r.emulator))
        .args(["instances", "--all-regions"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 41);
    assert!(lines[0].starts_with("ID"));
    assert!(lines[1..].iter().all(|l| l.starts_with("i-")));
}

/// Runs the binary on a pseudo-terminal of the given width and returns what it printed.
fn on_terminal(cols: u16, args: &[&str], env: &[(String, String)]) -> (String, bool) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    for k in FOREIGN_ENV {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = Guarded::new(
        "ecs-tui on a terminal",
        pair.slave.spawn_command(cmd).expect("spawn"),
    );
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let collector = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 4096];
        // Linux answers EIO once the child has gone and the terminal is closed.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        bytes
    });
    let status = child.wait();
    drop(pair.master);
    let bytes = collector.join().expect("collector");
    (
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n"),
        status.success(),
    )
}

#[test]
fn instances_table_fits_an_80_column_terminal() {
    let r = running(3, 30);
    let home = TempDir::new().expect("home");
    let creds = r.emulator.credentials();
    let mut env = isolated(&home);
    env.push((
        "ALIBABA_CLOUD_ACCESS_KEY_ID".into(),
        creds.access_key_id.clone(),
    ));
    env.push((
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET".into(),
        creds.access_key_secret.expose().to_owned(),
    ));
    let url = r.emulator.url();
    let (text, ok) = on_terminal(
        80,
        // The progress line has tests of its own (cli_progress.rs); this one reads the table.
        &["--endpoint", &url, "instances", "--all-regions", "--quiet"],
        &env,
    );
    assert!(ok, "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 31, "{text}");
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("NAME"),
        "{}",
        lines[0]
    );
    for line in &lines {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
    let inventory = r
        .emulator
        .inventory(&creds.access_key_id)
        .expect("inventory");
    let first = &inventory.regions()[0].instances[0];
    assert!(lines[1].starts_with(&first.instance_id), "{}", lines[1]);
}

#[test]
fn the_emulator_command_prints_its_address_and_stops_on_sigterm() {
    let home = TempDir::new().expect("home");
    let child = StdCommand::new(BIN)
        .args([
            "emulator",
            "--regions",
            "2",
            "--instances",
            "5",
            "--seed",
            "3",
        ])
        .envs(isolated(&home))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Killed if an assert below fails; the deadline ends a hung read or a SIGTERM ignored.
    let child = Guarded::new("ecs-tui emulator", child);
    let mut stdout = BufReader::new(child.with(|c| c.stdout.take()).expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first line");
    let url = first
        .trim_end()
        .strip_prefix("listening on ")
        .expect("first line names the address")
        .to_owned();
    let port = url.strip_prefix("http://127.0.0.1:").expect("loopback URL");
    assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{url}");
    let mut second = String::new();
    stdout.read_line(&mut second).expect("key line");
    assert_eq!(
        second.trim_end(),
        format!("AccessKeyId: {}", emulator::DEMO_ACCESS_KEY_ID)
    );

    // It answers with the keys it printed.
    let out = ecs_tui(&home, None)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", emulator::DEMO_ACCESS_KEY_ID)
        .env(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            emulator::DEMO_ACCESS_KEY_SECRET,
        )
        .args(["--endpoint", &url, "regions", "--output", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let regions: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(regions.len(), 2);

    let killed = StdCommand::new("kill")
        .args(["-TERM", &child.with(|c| c.id()).to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_emulator_refuses_to_listen_beyond_loopback() {
    let home = TempDir::new().expect("home");
    let out = ecs_tui(&home, None)
        .args(["emulator", "--listen", "0.0.0.0:0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
    assert!(out.stdout.is_empty());
}

#[test]
fn demo_lists_every_region_but_names_the_forbidden_one() {
    let home = TempDir::new().expect("home");
    let out = ecs_tui(&home, None)
        .args(["--demo", "instances", "--all-regions", "--output", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(emulator::demo::FORBIDDEN_REGION),
        "{stderr}"
    );
    assert!(stderr.contains("Forbidden.RAM"), "{stderr}");
    let instances: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(instances.len() > 150, "{}", instances.len());
    assert!(
        instances
            .iter()
            .all(|i| i["RegionId"] != emulator::demo::FORBIDDEN_REGION
                && i["RegionId"] != emulator::demo::EMPTY_REGION)
    );

    let profiles = ecs_tui(&home, None)
        .args(["--demo", "profiles", "--output", "json"])
        .output()
        .expect("runs");
    assert!(profiles.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&profiles.stdout).expect("json");
    let names: Vec<&str> = list.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["demo-prod", "demo-dev"]);
}
