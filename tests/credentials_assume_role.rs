//! RamRoleArn and ChainableRamRoleArn against a loopback STS stub: the call is signed with the
//! source credentials, the result is cached, concurrent callers share one AssumeRole, and a
//! refresh happens once the margin before expiry is reached.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/stub.rs"]
mod stub;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use ecs_tui::api::{Client, ClientOptions, RetryPolicy};
use ecs_tui::cli::GlobalArgs;
use ecs_tui::credentials::{
    AssumeRoleProvider, Clock, Credentials, CredentialsProvider as _, RoleSpec, StaticProvider,
};
use ecs_tui::profiles::{Environment, Profiles};
use stub::{Handler, Seen, Stub};

const SOURCE_ID: &str = "LTAI5tSourceSrcx7Qa";
const SOURCE_SECRET: &str = "source-secret-value";
/// 2030-01-01T00:00:00Z
const T0: i64 = 1_893_456_000;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

/// STS that signs off on the source keys and on the keys it handed out; the n-th AssumeRole
/// returns `STS.n`, valid until T0 + n hours. DescribeRegions answers too, so the assumed keys
/// can be used.
fn sts_handler() -> Handler {
    let issued = Arc::new(AtomicI64::new(0));
    Arc::new(move |seen: &Seen| {
        let id = seen.param("AccessKeyId").unwrap_or("");
        let secret = match id {
            SOURCE_ID => SOURCE_SECRET.to_owned(),
            _ => format!("assumed-secret-{}", id.trim_start_matches("STS.")),
        };
        if !stub::signature_ok(seen, &secret) {
            return (
                400,
                r#"{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation.","RequestId":"SIG-1"}"#.into(),
            );
        }
        match seen.param("Action") {
            Some("AssumeRole") => {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                let expires = at(T0 + n * 3600).format("%Y-%m-%dT%H:%M:%SZ");
                (
                    200,
                    format!(
                        r#"{{"RequestId":"AR-{n}","AssumedRoleUser":{{"Arn":"acs:ram::1:role/r/s","AssumedRoleId":"1:s"}},"Credentials":{{"AccessKeyId":"STS.{n}","AccessKeySecret":"assumed-secret-{n}","SecurityToken":"assumed-token-{n}","Expiration":"{expires}"}}}}"#
                    ),
                )
            }
            Some("DescribeRegions") => (
                200,
                r#"{"RequestId":"DR-1","Regions":{"Region":[{"RegionId":"cn-hangzhou","LocalName":"华东1","RegionEndpoint":"ecs.aliyuncs.com"}]}}"#.into(),
            ),
            _ => (404, r#"{"Code":"InvalidAction","Message":"no","RequestId":"X"}"#.into()),
        }
    })
}

fn options(endpoint: &str) -> ClientOptions {
    ClientOptions {
        endpoint: Some(endpoint.to_owned()),
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

fn role() -> RoleSpec {
    RoleSpec {
        role_arn: "acs:ram::1234567890123456:role/readonly".into(),
        session_name: "ecs-tui".into(),
        duration_seconds: Some(3600),
        external_id: None,
        sts_endpoint: None,
    }
}

#[tokio::test]
async fn concurrent_callers_share_one_assume_role_and_refresh_happens_once_in_the_margin() {
    let sts = Stub::start(Duration::from_millis(20), sts_handler()).await;
    let now = Arc::new(AtomicI64::new(T0));
    let clock_now = now.clone();
    let clock: Clock = Arc::new(move || at(clock_now.load(Ordering::SeqCst)));
    let source = Arc::new(StaticProvider(Credentials::new(SOURCE_ID, SOURCE_SECRET)));
    let client = Client::new(source, options(&sts.url)).unwrap();
    let provider = Arc::new(AssumeRoleProvider::with_clock(client, role(), clock));

    let first = futures::future::join_all((0..16).map(|_| provider.credentials())).await;
    for c in &first {
        let c = c.as_ref().unwrap();
        assert_eq!(c.access_key_id, "STS.1");
        assert_eq!(c.access_key_secret.expose(), "assumed-secret-1");
        assert_eq!(
            c.security_token.as_ref().unwrap().expose(),
            "assumed-token-1"
        );
    }
    assert_eq!(sts.count("AssumeRole"), 1, "16 callers, one AssumeRole");

    let call = &sts.seen()[0];
    assert_eq!(call.param("Version"), Some("2015-04-01"));
    assert_eq!(call.param("AccessKeyId"), Some(SOURCE_ID));
    assert_eq!(
        call.param("RoleArn"),
        Some("acs:ram::1234567890123456:role/readonly")
    );
    assert_eq!(call.param("RoleSessionName"), Some("ecs-tui"));
    assert_eq!(call.param("DurationSeconds"), Some("3600"));
    assert_eq!(call.param("SecurityToken"), None);

    // 40 minutes in, 20 left of 60: still fresh (the margin is a fifth, 12 minutes).
    now.store(T0 + 40 * 60, Ordering::SeqCst);
    assert_eq!(provider.credentials().await.unwrap().access_key_id, "STS.1");
    assert_eq!(sts.count("AssumeRole"), 1);

    // 50 minutes in, 10 left: inside the margin, so exactly one more AssumeRole.
    now.store(T0 + 50 * 60, Ordering::SeqCst);
    let second = futures::future::join_all((0..8).map(|_| provider.credentials())).await;
    for c in second {
        assert_eq!(c.unwrap().access_key_id, "STS.2");
    }
    assert_eq!(sts.count("AssumeRole"), 2);

    // The assumed keys sign ECS calls, token included.
    let ecs = Client::new(provider.clone(), options(&sts.url)).unwrap();
    let regions = ecs.describe_regions().await.unwrap();
    assert_eq!(regions.len(), 1);
    let last = sts.seen().pop().unwrap();
    assert_eq!(last.param("AccessKeyId"), Some("STS.2"));
    assert_eq!(last.param("SecurityToken"), Some("assumed-token-2"));
}

fn config(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn profiles_assume_through_the_global_endpoint_and_chain_roles() {
    let sts = Stub::start(Duration::ZERO, sts_handler()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        &dir,
        &format!(
            r#"
[profiles.prod]
mode = "RamRoleArn"
access_key_id = "{SOURCE_ID}"
access_key_secret = "{SOURCE_SECRET}"
ram_role_arn = "acs:ram::1:role/first"
ram_session_name = "one"
sts_endpoint = "sts.cn-shanghai.aliyuncs.com"

[profiles.audit]
mode = "ChainableRamRoleArn"
source_profile = "prod"
ram_role_arn = "acs:ram::2:role/second"
ram_session_name = "two"
"#
        ),
    );
    let global = GlobalArgs {
        config: Some(path),
        ..GlobalArgs::default()
    };
    let env = Environment {
        home: Some(dir.path().to_owned()),
        ..Environment::default()
    };
    let profiles = Profiles::load_from(&global, &env).unwrap();
    assert_eq!(sts.seen().len(), 0, "loading touches no network");

    // --endpoint wins over sts_endpoint, so everything lands on the stub.
    let audit = profiles.choose(Some("audit")).unwrap();
    let client = audit.client(Some(&sts.url)).unwrap();
    client.describe_regions().await.unwrap();

    let seen = sts.seen();
    let roles: Vec<_> = seen
        .iter()
        .filter(|s| s.param("Action") == Some("AssumeRole"))
        .map(|s| {
            (
                s.param("RoleArn").unwrap(),
                s.param("AccessKeyId").unwrap(),
                s.param("SecurityToken"),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("acs:ram::1:role/first", SOURCE_ID, None),
            ("acs:ram::2:role/second", "STS.1", Some("assumed-token-1")),
        ],
        "the source profile's role first, then the chained one signed with its result"
    );
    assert_eq!(seen.last().unwrap().param("AccessKeyId"), Some("STS.2"));
}

#[tokio::test]
async fn sts_errors_say_code_message_and_request_id() {
    let sts = Stub::start(
        Duration::ZERO,
        Arc::new(|_: &Seen| {
            (
                404,
                r#"{"Code":"EntityNotExist.Role","Message":"The role not exists: acs:ram::1:role/gone.","RequestId":"REQ-404"}"#.into(),
            )
        }),
    )
    .await;
    let source = Arc::new(StaticProvider(Credentials::new(SOURCE_ID, SOURCE_SECRET)));
    let provider = AssumeRoleProvider::new(Client::new(source, options(&sts.url)).unwrap(), role());
    let e = provider.credentials().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "EntityNotExist.Role: The role not exists: acs:ram::1:role/gone. (RequestId REQ-404)"
    );
    assert!(!format!("{e:?}").contains(SOURCE_SECRET));
}
