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
    // $1 is an argument; a shell would expand `$HOME` in the command line, we must not.
    let path = script(
        dir.path(),
        "get keys.sh",
        r#"echo "$1 $2" > "$(dirname "$0")/args"
echo "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.Ext1\",\"access_key_secret\":\"ext-secret-value\",\"sts_token\":\"ext-token-value\",\"expiration\":\"2099-01-01T00:00:00Z\"}""#,
    );
    let provider = ExternalProvider::new(command(&path, "--account '$HOME'"));
    let c = provider.credentials().await.unwrap();
    assert_eq!(c.access_key_id, "STS.Ext1");
    assert_eq!(c.access_key_secret.expose(), "ext-secret-value");
    assert_eq!(c.security_token.unwrap().expose(), "ext-token-value");
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(args.trim(), "--account $HOME");

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
        e.to_string().ends_with("did not finish within 200ms"),
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
