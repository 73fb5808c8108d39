//! External: process_command run without a shell, its stdout the aliyun CLI's External JSON,
//! its stderr shown when it fails, a timeout when it hangs.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ecs_tui::credentials::{CredentialsProvider as _, ExternalProvider};

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// A command line for `path` plus arguments; the path may hold spaces, so it is quoted. The
/// script is handed to sh rather than executed, so a fork in a parallel test that briefly
/// holds the just-written file open cannot make the exec fail with "text file busy".
fn command(path: &Path, args: &str) -> String {
    format!("/bin/sh '{}' {args}", path.display())
}

#[tokio::test]
async fn sts_credentials_from_a_script_with_arguments_and_no_shell() {
    let dir = tempfile::tempdir().unwrap();
    // One argument per line. Under a shell, "$HOME" would expand (double quotes do not stop
    // it), `;` would end the command and "$(…)" would run: each would change these lines.
    let path = script(
        dir.path(),
        "get keys.sh",
        r#"printf '%s\n' "$@" > "$(dirname "$0")/args"
echo "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.Ext1\",\"access_key_secret\":\"ext-secret-value\",\"sts_token\":\"ext-token-value\",\"expiration\":\"2099-01-01T00:00:00Z\"}""#,
    );
    let ran = dir.path().join("a shell ran this");
    let probe = format!(
        r#"--account "$HOME" ; "$(touch '{}')" 'two words'"#,
        ran.display()
    );
    let provider = ExternalProvider::new(command(&path, &probe));
    let c = provider.credentials().await.unwrap();
    assert_eq!(c.access_key_id, "STS.Ext1");
    assert_eq!(c.access_key_secret.expose(), "ext-secret-value");
    assert_eq!(c.security_token.unwrap().expose(), "ext-token-value");
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "--account",
            "$HOME",
            ";",
            &format!("$(touch '{}')", ran.display()),
            "two words"
        ]
    );
    assert!(!ran.exists(), "a shell ran the $(…) in the command line");

    // Cached: the command does not run again while the credentials are fresh.
    std::fs::remove_file(dir.path().join("args")).unwrap();
    provider.credentials().await.unwrap();
    assert!(!dir.path().join("args").exists());
}

#[tokio::test]
async fn ak_mode_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "ak.sh",
        r#"echo '{"mode":"AK","access_key_id":"LTAI5tExtExtExtx7Qa","access_key_secret":"ext-ak-secret"}'"#,
    );
    let c = ExternalProvider::new(command(&path, ""))
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id, "LTAI5tExtExtExtx7Qa");
    assert_eq!(c.security_token, None);
}

#[tokio::test]
async fn a_failing_command_shows_its_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "fail.sh",
        "echo 'vault: permission denied' >&2\nexit 3",
    );
    let e = ExternalProvider::new(command(&path, ""))
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "credentials: process_command `/bin/sh`: failed (exit status: 3); its stderr: vault: permission denied"
    );
}

#[tokio::test]
async fn bad_output_is_explained_without_quoting_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "bad.sh",
        r#"echo '{"mode":"AK","access_key_id":"LTAI5t","access_key_secret":"half-printed-secret'"#,
    );
    let e = ExternalProvider::new(command(&path, ""))
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("its output is not the External JSON"), "{e}");
    assert!(!e.contains("half-printed-secret"), "{e}");

    let path = script(
        dir.path(),
        "mode.sh",
        r#"echo '{"mode":"CloudSSO","access_key_id":"a","access_key_secret":"b"}'"#,
    );
    let e = ExternalProvider::new(command(&path, ""))
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("mode \"CloudSSO\" in its output; use AK or StsToken"),
        "{e}"
    );
}

#[tokio::test]
async fn a_hanging_command_times_out_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(dir.path(), "hang.sh", "exec sleep 30");
    let e = ExternalProvider::new(command(&path, ""))
        .with_timeout(Duration::from_millis(200))
        .credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string().ends_with(
            "process_command `/bin/sh`: did not finish within 200ms; it was stopped, with every \
             process it started"
        ),
        "{e}"
    );

    let e = ExternalProvider::new("/no/such/program --flag")
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("credentials: process_command `/no/such/program`: cannot start it: "),
        "{e}"
    );

    let e = ExternalProvider::new("unbalanced 'quote")
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("process_command cannot be split into words"),
        "{e}"
    );
}

/// Whether process `pid` is gone (or a zombie: killed, waiting for init to reap it).
#[cfg(target_os = "linux")]
fn dead(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
    }
}

/// Waits (with a guard against a hang, not a time limit on the behaviour) for `what`.
#[cfg(target_os = "linux")]
async fn eventually(what: &str, check: impl Fn() -> bool) {
    for _ in 0..600 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never: {what}");
}

/// A command that starts a child of its own and waits for it, writing the child's pid first.
#[cfg(target_os = "linux")]
fn forking_script(dir: &Path) -> PathBuf {
    script(
        dir,
        "forks.sh",
        r#"sleep 1000 &
echo $! > "$(dirname "$0")/child.tmp" && mv "$(dirname "$0")/child.tmp" "$(dirname "$0")/child"
wait"#,
    )
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_command_given_up_on_is_killed_with_everything_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = forking_script(dir.path());
    let provider = ExternalProvider::new(command(&path, ""));
    let pid_file = dir.path().join("child");
    let running = tokio::spawn(async move { provider.credentials().await.map(|_| ()) });
    eventually("the command started its child", || pid_file.exists()).await;
    let child = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    assert!(!dead(&child), "the child runs while the command does");
    // The caller gives up (as the call deadline does): the future is dropped.
    running.abort();
    let _ = running.await;
    eventually("the command's child was killed too", || dead(&child)).await;
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_command_that_times_out_is_killed_with_everything_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = forking_script(dir.path());
    // Long enough for sh to start its child on a loaded machine; the hang itself is for ever.
    let e = ExternalProvider::new(command(&path, ""))
        .with_timeout(Duration::from_secs(3))
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("process_command `/bin/sh`: did not finish within 3s"),
        "{e}"
    );
    let child = std::fs::read_to_string(dir.path().join("child")).unwrap();
    eventually("the command's child was killed too", || dead(child.trim())).await;
}

/// The binary: a hanging process_command fails the command naming the command, not the
/// endpoint, and leaves no process behind.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_hanging_command_is_named_by_the_cli_not_the_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = forking_script(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.ext]\nmode = \"External\"\nprocess_command = \"{}\"\n\
             region_id = \"cn-hangzhou\"\n",
            command(&path, "").replace('"', "\\\"")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("ecs-tui").unwrap();
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ALIBABA_CLOUD_") {
            cmd.env_remove(k);
        }
    }
    // Debug builds scale every timeout to this unit: the command gets 5 of them (2 s), the
    // call's deadline 20 (8 s); before, the command's 60 s outlived the deadline.
    let out = cmd
        .env("HOME", dir.path())
        .env("ECS_TUI_CONFIG", &config)
        .env("ECS_TUI_TEST_TIMEOUT_MS", "400")
        .args(["--endpoint", "http://127.0.0.1:9", "regions"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "credentials: process_command `/bin/sh`: did not finish within 2s; it was stopped, \
             with every process it started"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("127.0.0.1"),
        "the endpoint is not blamed: {stderr}"
    );
    let child = std::fs::read_to_string(dir.path().join("child")).unwrap();
    eventually("the command's child was killed too", || dead(child.trim())).await;
}
