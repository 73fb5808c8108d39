//! Failures on the wire: API error bodies, retries and their bounds, transport errors, and
//! error text that never carries a secret.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::time::Duration;

use client_wire_stub::{
    Reply, SECRET, Stub, TOKEN, client, client_with, fast_options, regions_body, sts,
};
use ecs_tui::api::{Error, TransportKind};
use tokio::io::AsyncWriteExt as _;

const REQUEST_ID: &str = "5D3E1C2A-8E63-4B3A-9A2D-0123456789AB";

#[tokio::test]
async fn api_error_bodies_keep_every_field() {
    let cases = [
        (
            400,
            "InvalidParameter",
            "The specified parameter is not valid.",
            false,
        ),
        (
            403,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource.",
            false,
        ),
        (
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
            false,
        ),
        (
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
            true,
        ),
        (
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
            true,
        ),
    ];
    for (status, code, message, retryable) in cases {
        let stub = Stub::start(move |_, _| Reply::error(status, code, message, REQUEST_ID));
        let e = client(&stub).describe_regions().await.unwrap_err();
        let api = e
            .api()
            .unwrap_or_else(|| panic!("{status}: not an API error: {e:?}"));
        assert_eq!(api.http_status, status);
        assert_eq!(api.code, code);
        assert_eq!(api.message, message);
        assert_eq!(api.request_id, REQUEST_ID);
        assert_eq!(api.host_id, "ecs.aliyuncs.com");
        assert_eq!(
            api.recommend,
            format!("https://next.api.aliyun.com/troubleshoot?q={code}")
        );
        assert_eq!(e.code(), code);
        assert_eq!(e.request_id(), Some(REQUEST_ID));
        assert_eq!(
            e.to_string(),
            format!("{code}: {message} (RequestId {REQUEST_ID})")
        );
        assert_eq!(e.is_retryable(), retryable, "{code}");
        let expected_requests = if retryable { 3 } else { 1 };
        assert_eq!(stub.count(), expected_requests, "{code}");
    }
}

#[tokio::test]
async fn common_errors_come_with_a_hint() {
    // Each code its own hint: a wrong one (the clock hint for a bad key) must not pass.
    for (status, code, hint) in [
        (
            404,
            "InvalidAccessKeyId.NotFound",
            "the AccessKey ID is unknown: check ALIBABA_CLOUD_ACCESS_KEY_ID (profile env)",
        ),
        (
            400,
            "SignatureDoesNotMatch",
            "the AccessKey secret does not match the ID: check ALIBABA_CLOUD_ACCESS_KEY_SECRET \
             (profile env)",
        ),
        (
            400,
            "InvalidTimeStamp.Expired",
            "your computer's clock is off by more than 15 minutes: sync it \
             (e.g. `timedatectl set-ntp true`)",
        ),
        (
            403,
            "Forbidden.RAM",
            "your RAM user or role lacks permission: grant it AliyunECSReadOnlyAccess \
             (or ecs:Describe*)",
        ),
        (
            400,
            "Throttling.User",
            "the account's API rate limit was hit: wait a minute, or fetch fewer regions at once",
        ),
    ] {
        let stub = Stub::start(move |_, _| Reply::error(status, code, "m", REQUEST_ID));
        let creds = client_wire_stub::ak().with_origin(ecs_tui::credentials::KeyOrigin::Env);
        let e = client_with(creds, fast_options(&stub.url()))
            .describe_regions()
            .await
            .unwrap_err();
        assert_eq!(
            e.with_hint(),
            format!("{code}: m (RequestId {REQUEST_ID}). Hint: {hint}"),
        );
    }
}

#[tokio::test]
async fn a_non_json_502_keeps_status_and_is_retried() {
    let stub =
        Stub::start(|_, _| Reply::Text(502, "<html><body>502 Bad Gateway</body></html>".into()));
    let e = client(&stub).describe_regions().await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(api.http_status, 502);
    assert_eq!(api.code, "HTTP502");
    assert!(api.message.contains("Bad Gateway"), "{}", api.message);
    assert!(
        api.message.contains("502 Bad Gateway</body>"),
        "{}",
        api.message
    );
    assert!(e.is_retryable());
    assert_eq!(stub.count(), 3);
}

#[tokio::test]
async fn transient_failures_are_retried_then_succeed() {
    for (status, code) in [
        (503, "ServiceUnavailable"),
        (400, "Throttling.User"),
        (500, "InternalError"),
    ] {
        let stub = Stub::start(move |_, n| {
            if n < 2 {
                Reply::error(status, code, "try later", "R")
            } else {
                Reply::ok(regions_body(&[(
                    "cn-hangzhou",
                    "ecs-cn-hangzhou.aliyuncs.com",
                )]))
            }
        });
        let regions = client(&stub).describe_regions().await.unwrap();
        assert_eq!(regions[0].region_id, "cn-hangzhou", "{code}");
        assert_eq!(stub.count(), 3, "{code}");
    }
}

#[tokio::test]
async fn authentication_errors_are_never_retried() {
    for (status, code) in [
        (400, "SignatureDoesNotMatch"),
        (404, "InvalidAccessKeyId.NotFound"),
        (403, "Forbidden.RAM"),
        (400, "InvalidTimeStamp.Expired"),
    ] {
        let stub = Stub::start(move |_, _| Reply::error(status, code, "no", "R"));
        let mut options = fast_options(&stub.url());
        options.retry.max_attempts = 10;
        let e = client_with(client_wire_stub::ak(), options)
            .describe_regions()
            .await
            .unwrap_err();
        assert_eq!(e.code(), code);
        assert_eq!(stub.count(), 1, "{code} was retried");
    }
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let stub = Stub::start(|_, _| Reply::error(503, "ServiceUnavailable", "busy", "R"));
    let mut options = fast_options(&stub.url());
    options.retry.max_attempts = 4;
    let e = client_with(client_wire_stub::ak(), options)
        .describe_regions()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "ServiceUnavailable");
    assert_eq!(stub.count(), 4);
}

#[tokio::test]
async fn retries_stop_at_the_deadline() {
    // The server decides, not the machine's speed: a 503 (retried after ~1 ms), then
    // throttling, whose retry would wait 60 s or more, past the 30 s deadline: no third
    // attempt, and no waiting for it.
    let stub = Stub::start(|_, n| match n {
        0 => Reply::error(503, "ServiceUnavailable", "busy", "R"),
        _ => Reply::error(400, "Throttling.User", "slow down", "R"),
    });
    let mut options = fast_options(&stub.url());
    options.retry.max_attempts = 1_000;
    options.retry.base_delay = Duration::from_millis(1);
    options.retry.throttle_delay = Duration::from_secs(60);
    options.retry.max_delay = Duration::from_secs(120);
    options.retry.deadline = Duration::from_secs(30);
    let started = std::time::Instant::now();
    let e = client_with(client_wire_stub::ak(), options)
        .describe_regions()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "Throttling.User");
    assert_eq!(stub.count(), 2, "the retry past the deadline is not made");
    // Not a speed threshold: a client that slept through the 60 s pause would take longer
    // than the whole 30 s deadline.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn the_deadline_also_cuts_a_hanging_attempt() {
    // Read and request timeouts of 60 s: only the 2 s deadline can end this call.
    let stub = Stub::start(|_, _| Reply::Hang);
    let mut options = fast_options(&stub.url());
    options.read_timeout = Duration::from_secs(60);
    options.request_timeout = Duration::from_secs(60);
    options.retry.deadline = Duration::from_secs(2);
    let e = client_with(client_wire_stub::ak(), options)
        .describe_regions()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{e:?}"
    );
    // The deadline's own words: the read timeout would say "operation timed out".
    assert_eq!(
        e.to_string(),
        "DescribeRegions at 127.0.0.1: timed out: no answer within the 2s deadline"
    );
    assert!(stub.count() <= 1, "no attempt after the deadline");
}

/// A transport error says what happened and nothing secret: no signed URL, secret or token.
fn assert_no_secrets(e: &Error) {
    for text in [e.to_string(), format!("{e:?}"), e.with_hint()] {
        for needle in ["Signature=", "SecurityToken", SECRET, TOKEN, "CAIS", "Te5t"] {
            assert!(!text.contains(needle), "{needle:?} leaked in {text}");
        }
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let e = client_with(sts(), fast_options(&url))
        .describe_regions()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "ConnectError");
    assert!(e.is_retryable());
    assert!(e.hint().is_some());
    assert!(
        e.to_string()
            .starts_with("DescribeRegions at 127.0.0.1: connection failed"),
        "{e}"
    );
    assert_no_secrets(&e);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let stub = Stub::start(|_, _| Reply::Hang);
    let mut options = fast_options(&stub.url());
    options.read_timeout = Duration::from_millis(150);
    options.retry.max_attempts = 2;
    let e = client_with(sts(), options)
        .describe_regions()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "Timeout");
    assert_eq!(stub.count(), 2, "timeouts are retried");
    assert_no_secrets(&e);
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let stub = Stub::raw(|mut socket| {
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(br#"{"RequestId":"R","Regions":{"#).await;
            let _ = socket.shutdown().await;
        })
    });
    let e = client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Body,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "BrokenResponse");
    assert_no_secrets(&e);
}

#[tokio::test]
async fn the_server_string_to_sign_is_scrubbed_of_the_token() {
    // SignatureDoesNotMatch quotes the server's string to sign, which holds the token.
    let stub = Stub::start(|r, _| {
        let unsigned: Vec<(String, String)> = r
            .params
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        let sts = ecs_tui::api::sign::string_to_sign(ecs_tui::api::sign::Method::Post, &unsigned);
        Reply::error(
            400,
            "SignatureDoesNotMatch",
            &format!(
                "Specified signature is not matched with our calculation. server string to sign is:{sts}"
            ),
            "R",
        )
    });
    let e = client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "SignatureDoesNotMatch");
    // The long quote goes to the debug log (scrubbed first); the message keeps the sentence.
    assert_eq!(
        e.api().map(|a| a.message.as_str()),
        Some("Specified signature is not matched with our calculation.")
    );
    for text in [e.to_string(), format!("{e:?}")] {
        assert!(!text.contains("CAIS"), "token leaked: {text}");
    }
}

#[tokio::test]
async fn each_retry_is_told_to_the_observer_with_its_attempt_and_whether_throttled() {
    let stub = Stub::start(move |_, n| match n {
        0 => Reply::error(400, "Throttling.User", "slow down", "R1"),
        1 => Reply::error(503, "ServiceUnavailable", "try later", "R2"),
        _ => Reply::ok(regions_body(&[(
            "cn-hangzhou",
            "ecs-cn-hangzhou.aliyuncs.com",
        )])),
    });
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    let observer: ecs_tui::api::progress::Observer = std::sync::Arc::new(move |e| {
        if let ecs_tui::api::progress::Event::Retrying {
            action,
            attempt,
            max,
            throttled,
            code,
            ..
        } = e
        {
            sink.lock()
                .unwrap()
                .push(format!("{action} {attempt}/{max} {throttled} {code}"));
        }
    });
    let client = client(&stub);
    ecs_tui::api::progress::observed(observer, client.describe_regions())
        .await
        .unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "DescribeRegions 2/3 true Throttling.User",
            "DescribeRegions 3/3 false ServiceUnavailable",
        ]
    );
}
