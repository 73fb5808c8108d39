//! The real binary in a pseudo-terminal against a loopback ECS API: regions appear, moving
//! changes the table, `r` asks again, `p` switches profile, `q` quits and the terminal is back.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// DescribeInstances calls per region, to see refreshes happen.
#[derive(Default)]
struct Calls(Mutex<HashMap<String, usize>>);

impl Calls {
    fn get(&self, region: &str) -> usize {
        self.0.lock().unwrap().get(region).copied().unwrap_or(0)
    }
}

/// Just enough of the ECS API for the browser, answering per AccessKey so profiles differ.
async fn ecs(
    State(calls): State<Arc<Calls>>,
    Query(q): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    tokio::time::sleep(Duration::from_millis(30)).await;
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let prefix = if get("AccessKeyId") == "PRODKEYID0001" {
        "prod"
    } else {
        "dev"
    };
    match get("Action").as_str() {
        "DescribeRegions" => {
            let regions: Vec<_> = ["cn-hangzhou", "cn-shanghai", "cn-beijing"]
                .iter()
                .map(|r| serde_json::json!({"RegionId": r, "LocalName": r, "RegionEndpoint": ""}))
                .collect();
            (
                StatusCode::OK,
                serde_json::json!({"RequestId": "R", "Regions": {"Region": regions}}).to_string(),
            )
        }
        "DescribeInstances" if get("DryRun") == "true" => (
            StatusCode::BAD_REQUEST,
            serde_json::json!({"RequestId": "D", "Code": "DryRunOperation", "Message": "ok"})
                .to_string(),
        ),
        "DescribeInstances" => {
            let region = get("RegionId");
            *calls.0.lock().unwrap().entry(region.clone()).or_default() += 1;
            let (name, count) = match region.as_str() {
                "cn-hangzhou" => ("hz-web", 3),
                "cn-shanghai" => ("sh-db", 2),
                _ => ("", 0),
            };
            let instances: Vec<_> = (0..count)
                .map(|n| {
                    serde_json::json!({
                        "InstanceId": format!("i-{prefix}{region}{n}"),
                        "InstanceName": format!("{prefix}-{name}-{n}"),
                        "Status": "Running",
                        "RegionId": region,
                    })
                })
                .collect();
            (
                StatusCode::OK,
                serde_json::json!({
                    "RequestId": "I", "TotalCount": count, "PageNumber": 1, "PageSize": 100,
                    "Instances": {"Instance": instances}
                })
                .to_string(),
            )
        }
        _ => (StatusCode::BAD_REQUEST, "{}".to_owned()),
    }
}

struct Screen {
    parser: vt100::Parser,
    output: mpsc::Receiver<Vec<u8>>,
}

impl Screen {
    /// Reads the program's output until `ready` holds; a generous limit only guards a hang.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.parser.screen().contents();
            if ready(&text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what}; screen:\n{text}"
            );
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
        }
    }

    fn drain(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.parser.process(&bytes);
        }
    }
}

#[test]
fn browse_refresh_switch_profile_and_quit() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let calls = Arc::new(Calls::default());
    let app = axum::Router::new()
        .fallback(ecs)
        .with_state(Arc::clone(&calls));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"dev\"\n\
             [profiles.dev]\naccess_key_id = \"DEVKEYID0001\"\naccess_key_secret = \"s1\"\n\
             region_id = \"cn-hangzhou\"\nendpoint = \"http://{addr}\"\n\
             [profiles.prod]\naccess_key_id = \"PRODKEYID0001\"\naccess_key_secret = \"s2\"\n\
             region_id = \"cn-hangzhou\"\nendpoint = \"http://{addr}\"\n"
        ),
    )
    .unwrap();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 110,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let modes_before = format!("{:?}", pty.master.get_termios().unwrap().local_flags);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ecs-tui"));
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dir.path());
    cmd.env("ECS_TUI_CONFIG", &config);
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let mut press = |keys: &str| {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    };
    let mut screen = Screen {
        parser: vt100::Parser::new(30.try_into().unwrap(), 110.try_into().unwrap(), 0),
        output: rx,
    };

    screen.wait_for("the regions and cn-hangzhou's instances", |s| {
        s.contains("cn-beijing") && s.contains("dev-hz-web-2")
    });
    assert!(screen.parser.screen().alternate_screen());

    press("j");
    screen.wait_for("cn-shanghai's instances", |s| {
        s.contains("dev-sh-db-1") && !s.contains("dev-hz-web-0")
    });

    let before = calls.get("cn-shanghai");
    press("r");
    screen.wait_for("the refresh to be answered", |_| {
        calls.get("cn-shanghai") > before
    });
    screen.wait_for("the rows after the refresh", |s| s.contains("dev-sh-db-1"));

    press("p");
    screen.wait_for("the profile picker", |s| {
        s.contains("Profiles") && s.contains("prod")
    });
    press("j\r");
    screen.wait_for("prod's instances", |s| {
        s.contains("prod-hz-web-0") && !s.contains("dev-")
    });

    press("q");
    let status = child.wait().unwrap();
    screen.drain();
    assert!(status.success(), "exit status {status:?}");
    let screen_state = screen.parser.screen();
    assert!(!screen_state.alternate_screen(), "alternate screen left");
    assert!(!screen_state.hide_cursor(), "cursor shown again");
    let modes_after = format!("{:?}", pty.master.get_termios().unwrap().local_flags);
    assert_eq!(
        modes_after, modes_before,
        "terminal modes restored (cooked)"
    );
    assert!(modes_after.contains("ICANON") && modes_after.contains("ECHO"));
}
