//! EcsRamRole against a loopback metadata server: IMDSv2 token first, role discovery, the
//! credentials JSON, the IMDSv1 fallback, and clear failures.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/stub.rs"]
mod stub;

use std::sync::Arc;
use std::time::Duration;

use ecs_tui::credentials::{CredentialsProvider as _, EcsRamRoleProvider};
use stub::{Seen, Stub};

const TOKEN: &str = "imds-session-token";
const CREDS: &str = r#"{"AccessKeyId":"STS.Ecs1","AccessKeySecret":"ecs-secret-value","Expiration":"2099-11-01T05:20:01Z","SecurityToken":"ecs-token-value","LastUpdated":"2017-10-31T23:20:01Z","Code":"Success"}"#;

/// A metadata service; `v2` decides whether it hands out session tokens (and then requires
/// them, as a hardened instance does).
fn metadata(v2: bool) -> stub::Handler {
    Arc::new(move |seen: &Seen| {
        let token_ok = seen
            .headers
            .get("x-aliyun-ecs-metadata-token")
            .map(String::as_str)
            == Some(TOKEN);
        match (seen.method.as_str(), seen.path.as_str()) {
            ("PUT", "/latest/api/token") if v2 => {
                assert_eq!(
                    seen.headers
                        .get("x-aliyun-ecs-metadata-token-ttl-seconds")
                        .map(String::as_str),
                    Some("21600")
                );
                (200, TOKEN.into())
            }
            ("PUT", _) => (404, "not found".into()),
            _ if v2 && !token_ok => (401, "token required".into()),
            ("GET", "/latest/meta-data/ram/security-credentials/") => (200, "ecs-reader\n".into()),
            ("GET", "/latest/meta-data/ram/security-credentials/ecs-reader") => (200, CREDS.into()),
            _ => (404, "not found".into()),
        }
    })
}

#[tokio::test]
async fn imdsv2_token_then_role_discovery_then_credentials() {
    let server = Stub::start(Duration::ZERO, metadata(true)).await;
    let provider = EcsRamRoleProvider::new(None, Some(server.url.clone())).unwrap();
    let c = provider.credentials().await.unwrap();
    assert_eq!(c.access_key_id, "STS.Ecs1");
    assert_eq!(c.access_key_secret.expose(), "ecs-secret-value");
    assert_eq!(c.security_token.unwrap().expose(), "ecs-token-value");
    let calls: Vec<_> = server
        .seen()
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(
        calls,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/",
            "GET /latest/meta-data/ram/security-credentials/ecs-reader",
        ]
    );
    // Cached: valid until 2099, so no second round trip.
    provider.credentials().await.unwrap();
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn falls_back_to_imdsv1_and_uses_a_configured_role_name() {
    let server = Stub::start(Duration::ZERO, metadata(false)).await;
    let provider =
        EcsRamRoleProvider::new(Some("ecs-reader".into()), Some(server.url.clone())).unwrap();
    let c = provider.credentials().await.unwrap();
    assert_eq!(c.access_key_id, "STS.Ecs1");
    let seen = server.seen();
    let calls: Vec<_> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(
        calls,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/ram/security-credentials/ecs-reader"
        ]
    );
    assert!(!seen[1].headers.contains_key("x-aliyun-ecs-metadata-token"));

    let strict = EcsRamRoleProvider::new(None, Some(server.url.clone()))
        .unwrap()
        .imdsv1_allowed(false);
    let e = strict.credentials().await.unwrap_err().to_string();
    assert!(e.contains("no IMDSv2 token: and IMDSv1 is disabled"), "{e}");
}

#[tokio::test]
async fn failures_explain_themselves_without_secrets() {
    let server = Stub::start(
        Duration::ZERO,
        Arc::new(|seen: &Seen| match seen.path.as_str() {
            "/latest/meta-data/ram/security-credentials/" => (200, "ecs-reader".into()),
            "/latest/meta-data/ram/security-credentials/ecs-reader" => (
                200,
                r#"{"Code":"Failed","AccessKeyId":"x","AccessKeySecret":"leaky-secret","SecurityToken":"leaky-token","Expiration":""}"#.into(),
            ),
            _ => (404, String::new()),
        }),
    )
    .await;
    let provider = EcsRamRoleProvider::new(None, Some(server.url.clone())).unwrap();
    let e = provider.credentials().await.unwrap_err().to_string();
    assert!(
        e.contains("credentials of role ecs-reader: Code \"Failed\""),
        "{e}"
    );
    assert!(
        e.contains("EcsRamRole works only on an ECS instance with a RAM role attached"),
        "{e}"
    );
    assert!(!e.contains("leaky"), "{e}");

    // Nothing listening: a connection error, not a hang.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let provider = EcsRamRoleProvider::new(None, Some(dead.clone())).unwrap();
    let e = provider.credentials().await.unwrap_err().to_string();
    assert!(e.starts_with(&format!("credentials: instance metadata at {dead}: GET /latest/meta-data/ram/security-credentials/")), "{e}");
}
