//! An endpoint whose answers are too big or oddly bare: a body without end (chunked, or a
//! `Content-Length` of a gigabyte) fails the call with a transport error naming the cap, read
//! no further than it; a 429 with an empty body is throttling, retried as such.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::sync::{Arc, Mutex};

use client_wire_stub::{Reply, Stub, client, regions_body};
use ecs_tui::api::client::MAX_BODY_BYTES;
use ecs_tui::api::{Error, TransportKind};
use tokio::io::AsyncWriteExt as _;

/// A raw server answering every request with `head`, then `chunks` chunks of 1 MiB of `a`
/// (chunked encoding) and the end; it counts the requests and the bytes it got out.
fn chunked(chunks: usize) -> (Stub, Arc<Mutex<(usize, usize)>>) {
    let sent = Arc::new(Mutex::new((0, 0)));
    let counter = Arc::clone(&sent);
    let stub = Stub::raw(move |mut socket| {
        let counter = Arc::clone(&counter);
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            counter.lock().unwrap().0 += 1;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = format!("{:x}\r\n", 1 << 20).into_bytes();
            chunk.extend(std::iter::repeat_n(b'a', 1 << 20));
            chunk.extend_from_slice(b"\r\n");
            for _ in 0..chunks {
                if socket.write_all(&chunk).await.is_err() {
                    return; // the client stopped reading
                }
                counter.lock().unwrap().1 += 1 << 20;
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
            let _ = socket.shutdown().await;
        })
    });
    (stub, sent)
}

fn assert_too_large(e: &Error) {
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::TooLarge,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "ResponseTooLarge");
    assert_eq!(
        e.to_string(),
        "DescribeRegions at 127.0.0.1: response too large: the response body is larger than \
         64 MB, ecs-tui's limit for one answer"
    );
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn a_body_past_the_cap_fails_the_call_and_is_read_no_further() {
    // 100 MiB: before the cap it was read whole (a body of 1,000 MB took 2 GB of memory).
    let (stub, sent) = chunked(100);
    let e = client(&stub).describe_regions().await.unwrap_err();
    assert_too_large(&e);
    let (requests, _) = *sent.lock().unwrap();
    assert_eq!(requests, 1, "not retried: the server would send it again");
    assert_eq!(MAX_BODY_BYTES, 64 << 20);
}

#[tokio::test]
async fn a_body_at_the_cap_is_read() {
    // The cap is on the body, not below it: a body of exactly 64 MiB that is the API's JSON
    // is read (here padded with spaces inside a valid answer).
    let answer = regions_body(&[("cn-hangzhou", "")]);
    let pad = MAX_BODY_BYTES - answer.len();
    let stub = Stub::start(move |_, _| Reply::ok(format!("{}{answer}", " ".repeat(pad))));
    let regions = client(&stub).describe_regions().await.unwrap();
    assert_eq!(regions[0].region_id, "cn-hangzhou");
}

#[tokio::test]
async fn an_announced_gigabyte_is_refused_before_reading() {
    let stub = Stub::raw(|mut socket| {
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Content-Length: 1073741824\r\n\r\n{";
            let _ = socket.write_all(head.as_bytes()).await;
            // Then nothing: a client waiting for the gigabyte would wait for its timeout.
            futures::future::pending::<()>().await;
        })
    });
    let mut options = client_wire_stub::fast_options(&stub.url());
    options.read_timeout = std::time::Duration::from_secs(60);
    options.request_timeout = std::time::Duration::from_secs(60);
    options.retry.deadline = std::time::Duration::from_secs(120);
    let e = client_wire_stub::client_with(client_wire_stub::ak(), options)
        .describe_regions()
        .await
        .unwrap_err();
    assert_too_large(&e);
}

#[tokio::test]
async fn a_429_with_an_empty_body_is_throttling_and_retried() {
    let stub = Stub::start(|_, n| {
        if n < 2 {
            Reply::Text(429, String::new())
        } else {
            Reply::ok(regions_body(&[("cn-hangzhou", "")]))
        }
    });
    let throttled = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&throttled);
    let observer: ecs_tui::api::progress::Observer = Arc::new(move |e| {
        if let ecs_tui::api::progress::Event::Retrying { throttled, .. } = e {
            sink.lock().unwrap().push(*throttled);
        }
    });
    let client = client(&stub);
    let regions = ecs_tui::api::progress::observed(observer, client.describe_regions())
        .await
        .unwrap();
    assert_eq!(regions[0].region_id, "cn-hangzhou");
    assert_eq!(stub.count(), 3);
    assert_eq!(
        *throttled.lock().unwrap(),
        [true, true],
        "retried as throttling"
    );
    assert_eq!(client.limiter_stats().throttled, 2, "the limiter narrowed");
}

#[tokio::test]
async fn a_429_that_never_ends_says_throttling_with_its_hint() {
    let stub = Stub::start(|_, _| Reply::Text(429, String::new()));
    let e = client(&stub).describe_regions().await.unwrap_err();
    assert!(e.is_throttling(), "{e:?}");
    assert_eq!(stub.count(), 3, "every attempt");
    assert_eq!(
        e.with_hint(),
        "HTTP429: Too Many Requests from 127.0.0.1 (empty body). Hint: the account's API rate \
         limit was hit: wait a minute, or fetch fewer regions at once"
    );
}
