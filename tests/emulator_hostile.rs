//! The emulator under hostile requests: tag indexes out of range or malformed, bodies that are
//! malformed, too large or never finished, and connections that go idle or stop half-way
//! through their headers; each is answered as the real gateway would, or closed.

use std::time::Duration;

use ecs_tui::api::client::{query_string, signed_params};
use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Only guards a hang: every read below ends as soon as the server answers or closes.
const HANG_GUARD: Duration = Duration::from_secs(30);

async fn start(header_timeout: Duration, body_timeout: Duration) -> Emulator {
    emulator::start(EmulatorConfig {
        regions: 2,
        instances: 6,
        header_timeout,
        body_timeout,
        ..EmulatorConfig::default()
    })
    .await
    .expect("start")
}

/// A signed DescribeInstances with these extra parameters: status and body.
async fn describe(emu: &Emulator, extra: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("RegionId".to_owned(), "cn-qingdao".to_owned())];
    all.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let nonce = uuid::Uuid::new_v4().to_string();
    let params = signed_params(
        "DescribeInstances",
        "2014-05-26",
        &all,
        &emu.credentials(),
        &now,
        &nonce,
    );
    let response = reqwest::Client::new()
        .post(format!("{}/?{}", emu.url(), query_string(&params)))
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    let body = serde_json::from_str(&response.text().await.expect("body")).expect("JSON");
    (status, body)
}

/// Everything the server sends until it closes the connection; `None` if it never does.
async fn until_closed(socket: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, socket.read_to_end(&mut got)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn tag_indexes_past_twenty_or_malformed_are_refused() {
    let emu = start(Duration::from_secs(30), Duration::from_secs(30)).await;
    let (status, _) = describe(&emu, &[("Tag.20.Key", "team")]).await;
    assert_eq!(status, 200, "Tag.20 is the last one allowed");
    for index in ["21", "99999999999", "184467440737095516160"] {
        let key = format!("Tag.{index}.Key");
        let (status, body) = describe(&emu, &[(&key, "team")]).await;
        assert_eq!(
            (status, body["Code"].as_str()),
            (400, Some("InvalidTagCount")),
            "{key}: {body}"
        );
    }
    for name in [
        "Tag.0.Key",
        "Tag.01.Key",
        "Tag.x.Key",
        "Tag.1.Kee",
        "Tag.-1.Value",
    ] {
        let (status, body) = describe(&emu, &[(name, "team")]).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert_eq!(
            body["Code"].as_str(),
            Some(format!("InvalidParameter.{name}").as_str()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_malformed_chunked_body_is_malformed_not_too_large() {
    let emu = start(Duration::from_secs(30), Duration::from_secs(30)).await;
    let mut socket = TcpStream::connect(emu.addr()).await.expect("connect");
    socket
        .write_all(
            b"POST / HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\nTransfer-Encoding: chunked\r\n\
              Content-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nAction=x\r\n0\r\n\r\n",
        )
        .await
        .expect("send");
    let answer = until_closed(&mut socket)
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(
        answer.contains("\"Code\":\"InvalidParameter\"") && answer.contains("malformed"),
        "{answer}"
    );
    assert!(!answer.contains("too large"), "{answer}");
}

#[tokio::test]
async fn a_body_past_the_limit_is_too_large() {
    let emu = start(Duration::from_secs(30), Duration::from_secs(30)).await;
    let body = "a=".to_owned() + &"b".repeat(2 << 20);
    let response = reqwest::Client::new()
        .post(emu.url())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status().as_u16(), 413);
    let text = response.text().await.expect("body");
    assert!(text.contains("too large"), "{text}");
}

#[tokio::test]
async fn idle_and_half_sent_connections_are_closed_by_the_server() {
    // A tiny timeout set here; what is checked is that the server closes each connection,
    // not how fast.
    let emu = start(Duration::from_millis(100), Duration::from_millis(100)).await;

    // Connected, nothing sent.
    let mut idle = TcpStream::connect(emu.addr()).await.expect("connect");
    assert!(
        until_closed(&mut idle).await.is_some(),
        "an idle connection stays open"
    );

    // Half a request head.
    let mut half = TcpStream::connect(emu.addr()).await.expect("connect");
    half.write_all(b"POST / HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\n")
        .await
        .expect("send");
    assert!(
        until_closed(&mut half).await.is_some(),
        "half a head stays open"
    );

    // Headers, then part of the promised body: answered 408 and closed.
    let mut body = TcpStream::connect(emu.addr()).await.expect("connect");
    body.write_all(
        b"POST / HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\nContent-Length: 100\r\n\
          Content-Type: application/x-www-form-urlencoded\r\n\r\nAction=",
    )
    .await
    .expect("send");
    let answer = until_closed(&mut body)
        .await
        .expect("a half-sent body stays open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("RequestTimeout"), "{answer}");

    // One whole request answered, then the keep-alive connection left idle.
    let mut kept = TcpStream::connect(emu.addr()).await.expect("connect");
    kept.write_all(b"GET /?Action=DescribeRegions HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\n\r\n")
        .await
        .expect("send");
    let answer = until_closed(&mut kept)
        .await
        .expect("an idle keep-alive stays open");
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "answered first: {answer}"
    );

    // And the emulator still answers.
    let (status, _) = describe(&emu, &[]).await;
    assert_eq!(status, 200);
}
