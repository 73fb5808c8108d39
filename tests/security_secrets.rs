//! Secrets stay where they are: the External credential command does not inherit the
//! AccessKey secret or STS token from ecs-tui's environment, none is on any command line,
//! and the log file is readable by its owner only.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::os::unix::fs::PermissionsExt as _;

use client_wire_stub::cli::Sandbox;
use client_wire_stub::{Reply, Stub, regions_body};

const ENV_SECRET: &str = "EnvSecret-5a1c77";
const ENV_TOKEN: &str = "EnvToken-c0ffee";
const EXTERNAL_SECRET: &str = "ExtSecret-9d2b41";

#[test]
fn the_external_command_inherits_no_secret_and_none_is_on_a_command_line() {
    let stub = Stub::start(|_, _| Reply::ok(regions_body(&[("cn-hangzhou", "")])));
    let sandbox = Sandbox::new();
    let dir = sandbox.dir.path();
    let seen = dir.join("seen-by-the-command.txt");
    let script = dir.join("credentials.sh");
    std::fs::write(
        &script,
        format!(
            "env > '{seen}'\n\
             echo \"args: $0 $*\" >> '{seen}'\n\
             tr '\\0' ' ' < /proc/$PPID/cmdline >> '{seen}'\n\
             printf '%s' '{{\"mode\":\"AK\",\"access_key_id\":\"LTAI5tExt\",\"access_key_secret\":\"{EXTERNAL_SECRET}\"}}'\n",
            seen = seen.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "default_profile = \"ext\"\n[profiles.ext]\nmode = \"External\"\n\
             process_command = \"/bin/sh {}\"\nregion_id = \"cn-hangzhou\"\n",
            script.display()
        ),
    )
    .unwrap();
    let out = sandbox
        .bare()
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.LTAI5tEnv")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", ENV_TOKEN)
        .args(["--endpoint", &stub.url(), "regions"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let seen = std::fs::read_to_string(&seen).expect("the command ran");
    assert!(
        seen.contains("ALIBABA_CLOUD_ACCESS_KEY_ID=STS.LTAI5tEnv"),
        "{seen}"
    );
    assert!(seen.contains("args: "), "{seen}");
    assert!(
        seen.contains("ecs-tui"),
        "the parent's command line was read: {seen}"
    );
    for secret in [ENV_SECRET, ENV_TOKEN, EXTERNAL_SECRET] {
        assert!(
            !seen.contains(secret),
            "{secret} reached the command:\n{seen}"
        );
    }
    for var in [
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    ] {
        assert!(!seen.contains(var), "{var} reached the command");
    }
    // The External secret signed the calls, and went nowhere else.
    assert!(stub.requests()[0].signature_verifies(EXTERNAL_SECRET));
    let output = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(!output.contains(EXTERNAL_SECRET) && !output.contains(ENV_SECRET));
}

#[test]
fn the_log_file_is_created_for_its_owner_only() {
    let stub = Stub::start(|_, _| Reply::ok(regions_body(&[("cn-hangzhou", "")])));
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("logs.txt");
    let out = sandbox
        .ecs_tui(&stub)
        .arg("--log-file")
        .arg(&log)
        .args(["--log-level", "debug", "regions"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "log file mode {mode:o}");
}

#[test]
fn an_existing_log_file_others_can_read_is_warned_about_and_left_alone() {
    let stub = Stub::start(|_, _| Reply::ok(regions_body(&[("cn-hangzhou", "")])));
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("shared.log");
    std::fs::write(&log, "earlier lines\n").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sandbox
        .ecs_tui(&stub)
        .arg("--log-file")
        .arg(&log)
        .args(["--log-level", "debug", "regions"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warning = format!(
        "ecs-tui: warning: --log-file {} can be read by other users (mode 644), and logs name \
         your instances and accounts; fix it with: chmod 600 {}",
        log.display(),
        log.display()
    );
    assert!(stderr.contains(&warning), "{stderr}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.starts_with("earlier lines\n"),
        "appended to: {logged}"
    );
    assert!(logged.contains("can be read by other users"), "{logged}");
    // The user's file: its mode is theirs to change.
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);

    // A private one is not warned about.
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = sandbox
        .ecs_tui(&stub)
        .arg("--log-file")
        .arg(&log)
        .arg("regions")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
