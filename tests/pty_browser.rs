//! The real binary in a pseudo-terminal against a loopback ECS API: regions appear, moving
//! changes the table, `r` asks again, `p` switches profile, `q` quits and the terminal is back.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use pty_support::Pty;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;

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

    let config = config.display().to_string();
    let mut pty = Pty::spawn(&[], dir.path(), &[("ECS_TUI_CONFIG", &config)], 30, 110);

    pty.wait_for("the regions and cn-hangzhou's instances", |s| {
        s.contains("cn-beijing") && s.contains("dev-hz-web-2")
    });
    assert!(pty.parser.screen().alternate_screen());

    pty.press("j");
    pty.wait_for("cn-shanghai's instances", |s| {
        s.contains("dev-sh-db-1") && !s.contains("dev-hz-web-0")
    });

    let before = calls.get("cn-shanghai");
    pty.press("r");
    pty.wait_for("the refresh to be answered", |_| {
        calls.get("cn-shanghai") > before
    });
    pty.wait_for("the rows after the refresh", |s| s.contains("dev-sh-db-1"));

    pty.press("p");
    pty.wait_for("the profile picker", |s| {
        s.contains("Profiles") && s.contains("prod")
    });
    pty.press("j\r");
    pty.wait_for("prod's instances", |s| {
        s.contains("prod-hz-web-0") && !s.contains("dev-")
    });

    pty.press("q");
    let status = pty.wait_exit_restored();
    assert!(status.success(), "exit status {status:?}");
}
