//! Runs every command and error path of the binary with known secrets in the config file, the
//! aliyun CLI's file and the environment, and finds them nowhere: not in stdout, stderr or the
//! log file, not even percent-encoded.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/stub.rs"]
mod stub;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use assert_cmd::Command;
use ecs_tui::api::sign::{self, Method};
use stub::{Seen, Stub};

// Only unreserved characters, so every encoding of them still contains them verbatim.
const SECRETS: [&str; 6] = [
    "CfgSecret-4b1d9e",
    "CfgToken-77ab0c",
    "CliSecret-f00d42",
    "CliToken-aa5e11",
    "EnvSecret-93c7b2",
    "EnvToken-1e0f66",
];

const CONFIG: &str = r#"
default_profile = "dev"

[profiles.dev]
mode = "StsToken"
access_key_id = "STS.LTAI5tCfgCfgx7Qa"
access_key_secret = "CfgSecret-4b1d9e"
sts_token = "CfgToken-77ab0c"
region_id = "cn-hangzhou"

[profiles.role]
mode = "RamRoleArn"
access_key_id = "LTAI5tRoleRolex7Qa"
access_key_secret = "CfgSecret-4b1d9e"
ram_role_arn = "acs:ram::1:role/readonly"
ram_session_name = "ecs-tui"
region_id = "cn-hangzhou"
"#;

const CLI_CONFIG: &str = r#"{"current":"cli","profiles":[
 {"name":"cli","mode":"StsToken","access_key_id":"STS.LTAI5tCliCli","access_key_secret":"CliSecret-f00d42","sts_token":"CliToken-aa5e11","region_id":"cn-beijing"},
 {"name":"sso","mode":"CloudSSO","access_key_secret":"CliSecret-f00d42","region_id":"cn-beijing"}]}"#;

/// Fails every call the way the real service does, echoing the string to sign, which holds
/// the STS token; and fails AssumeRole.
fn failing_service() -> stub::Handler {
    Arc::new(|seen: &Seen| {
        if seen.param("Action") == Some("AssumeRole") {
            return (
                403,
                r#"{"Code":"NoPermission","Message":"You are not authorized to assume this role.","RequestId":"AR-403"}"#.into(),
            );
        }
        let unsigned: Vec<(String, String)> = seen
            .params
            .iter()
            .filter(|(k, _)| *k != "Signature")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let to_sign = sign::string_to_sign(Method::parse(&seen.method).unwrap(), &unsigned);
        (
            400,
            serde_json::json!({
                "Code": "SignatureDoesNotMatch",
                "Message": format!("Specified signature is not matched with our calculation. server string to sign is:{to_sign}"),
                "RequestId": "SIG-400",
                "HostId": "ecs.aliyuncs.com",
            })
            .to_string(),
        )
    })
}

struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".aliyun")).unwrap();
        std::fs::write(dir.path().join(".aliyun/config.json"), CLI_CONFIG).unwrap();
        World { dir }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("ecs-tui.log")
    }

    fn command(&self, config: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("ecs-tui").unwrap();
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("ALIBABA_CLOUD_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("ECS_TUI_CONFIG", config)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.LTAI5tEnvEnv")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret-93c7b2")
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", "EnvToken-1e0f66")
            .env_remove("ECS_TUI_LOG")
            .arg("--log-file")
            .arg(self.log())
            .arg("--log-level")
            .arg("trace")
            .args(args)
            .timeout(Duration::from_secs(60));
        cmd
    }
}

/// Runs the command off the async runtime (the stub lives on it) and checks the exit code
/// and that no secret, in any encoding, came out anywhere.
async fn run_clean(cmd: Command, log: &Path, code: i32, what: &str) -> (String, String) {
    run_logged(cmd, log, code, what, &[]).await
}

/// [`run_clean`], with a fresh log that must hold each of `logged_lines` (so the secrets are
/// known absent from a log that was written, not from a missing one).
async fn run_logged(
    mut cmd: Command,
    log: &Path,
    code: i32,
    what: &str,
    logged_lines: &[&str],
) -> (String, String) {
    let _ = std::fs::remove_file(log);
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Every run opens its log; the runs that call the API write these lines to it.
    let logged = std::fs::read_to_string(log)
        .unwrap_or_else(|e| panic!("{what}: no log file {}: {e}", log.display()));
    for line in logged_lines {
        assert!(
            logged.lines().any(|l| l.contains(line)),
            "{what}: no log line with {line:?}:\n{logged}"
        );
    }
    for secret in SECRETS {
        let once = sign::percent_encode(secret);
        for form in [secret.to_owned(), once.clone(), sign::percent_encode(&once)] {
            for (name, text) in [("stdout", &stdout), ("stderr", &stderr), ("log", &logged)] {
                assert!(!text.contains(&form), "{what}: {secret} in {name}:\n{text}");
            }
        }
    }
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}: stdout {stdout}\nstderr {stderr}"
    );
    (stdout, stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_command_and_no_error_path_reveals_a_secret() {
    let world = World::new();
    let service = Stub::start(Duration::ZERO, failing_service()).await;
    let good = world.file("config.toml", CONFIG);
    let log = world.log();

    for format in ["table", "json", "csv"] {
        let (stdout, _) = run_clean(
            world.command(&good, &["profiles", "--output", format]),
            &log,
            0,
            &format!("profiles --output {format}"),
        )
        .await;
        for name in ["dev", "role", "cli", "sso", "env"] {
            assert!(stdout.contains(name), "{format}: {name} missing:\n{stdout}");
        }
        assert!(stdout.contains("LTAI****x7Qa"), "{stdout}");
    }

    // The lines that hold what a server sent back, where a secret would show first: the
    // attempt's line, the failure, and the server's string to sign (which holds the token).
    let signature: &[&str] = &[
        "call failed action=\"DescribeRegions\"",
        "code=\"SignatureDoesNotMatch\"",
        "request_id=\"SIG-400\"",
        "the server's string to sign",
    ];
    let instances: &[&str] = &[
        "call failed action=\"DescribeInstances\"",
        "code=\"SignatureDoesNotMatch\"",
        "the server's string to sign",
    ];
    let failing_calls: [(&[&str], &[&str]); 8] = [
        (&["regions"], signature),
        (&["regions", "--output", "json"], signature),
        (&["instances", "--region", "cn-hangzhou"], instances),
        (
            &["instances", "--all-regions", "--output", "json"],
            signature,
        ),
        (&["--profile", "cli", "regions"], signature),
        (
            &["--profile", "env", "instances", "--region", "cn-hangzhou"],
            instances,
        ),
        (
            &["--profile", "role", "regions"],
            &["call failed action=\"AssumeRole\"", "code=\"NoPermission\""],
        ),
        // CloudSSO is not a mode ecs-tui can use: it fails before any call.
        (&["--profile", "sso", "regions"], &[]),
    ];
    for (args, lines) in failing_calls {
        let mut all = vec!["--endpoint", service.url.as_str()];
        all.extend_from_slice(args);
        let (_, stderr) =
            run_logged(world.command(&good, &all), &log, 1, &args.join(" "), lines).await;
        assert!(stderr.starts_with("ecs-tui: "), "{stderr}");
    }
    assert!(
        service.count("DescribeRegions") > 0,
        "the calls reached the stub"
    );
    assert!(service.count("AssumeRole") > 0);

    // Usage and config errors: exit 2.
    run_clean(
        world.command(&good, &["--profile", "nosuch", "regions"]),
        &log,
        2,
        "unknown profile",
    )
    .await;
    let bad_configs = [
        "[profiles.dev]\nacess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = \"CfgSecret-4b1d9e\"\n",
        "[profiles.dev]\naccess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = \"CfgSecret-4b1d9e\n",
        "[profiles.dev]\naccess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = [\"CfgSecret-4b1d9e\"]\n",
        "[profiles.dev]\naccess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = CfgSecret-4b1d9e\n",
        "[profiles.dev]\naccess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = \"CfgSecret-4b1d9e\"\nsts_token = \"CfgToken-77ab0c\"\n",
    ];
    for (i, text) in bad_configs.iter().enumerate() {
        let bad = world.file(&format!("bad{i}.toml"), text);
        for args in [&["profiles"][..], &["regions"][..], &[][..]] {
            let (_, stderr) = run_clean(
                world.command(&bad, args),
                &log,
                2,
                &format!("bad config {i}: {args:?}"),
            )
            .await;
            assert!(
                stderr.contains(&format!("bad{i}.toml:")),
                "names the file: {stderr}"
            );
        }
    }

    // A profile missing keys its mode needs is not a broken file: it is listed as unusable,
    // and only using it fails, naming the file.
    let incomplete = world.file(
        "incomplete.toml",
        "[profiles.dev]\nmode = \"RamRoleArn\"\naccess_key_id = \"LTAI5tCfgCfgx7Qa\"\naccess_key_secret = \"CfgSecret-4b1d9e\"\n",
    );
    let (stdout, _) = run_clean(
        world.command(&incomplete, &["profiles"]),
        &log,
        0,
        "incomplete profile listed",
    )
    .await;
    assert!(stdout.contains("incomplete.toml:1"), "{stdout}");
    let (_, stderr) = run_clean(
        world.command(&incomplete, &["--profile", "dev", "regions"]),
        &log,
        2,
        "incomplete profile used",
    )
    .await;
    assert!(stderr.contains("incomplete.toml:1"), "{stderr}");

    // A default_profile that does not exist: listing still works (and says so), using fails.
    let dangling = world.file(
        "dangling.toml",
        &CONFIG.replace("default_profile = \"dev\"", "default_profile = \"staging\""),
    );
    let (_, stderr) = run_clean(
        world.command(&dangling, &["profiles"]),
        &log,
        0,
        "dangling default",
    )
    .await;
    assert!(stderr.contains("unknown profile \"staging\""), "{stderr}");
    run_clean(
        world.command(&dangling, &["regions"]),
        &log,
        2,
        "dangling default",
    )
    .await;

    // The browser entry point too.
    run_clean(
        world.command(&good, &["--endpoint", service.url.as_str()]),
        &log,
        2,
        "browser",
    )
    .await;
}
