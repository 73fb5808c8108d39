//! A server or proxy that echoes the AccessKey secret or the STS token back, in any field, any
//! header, any encoding, anywhere in a page: no error text, Debug or log line carries either,
//! nor any 12-character piece of either.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use base64::Engine as _;
use client_wire_stub::{SECRET, Stub, TOKEN, client_with, fast_options, sts};
use ecs_tui::api::Error;
use ecs_tui::api::client::answer_error;
use ecs_tui::api::scrub::{PIECE, Scrubber};
use ecs_tui::api::sign::percent_encode;
use ecs_tui::credentials::Credentials;
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use tokio::io::AsyncWriteExt as _;

/// Every spelling a server could echo: raw, percent-encoded (upper and lower hex, once and
/// twice), form-encoded, base64.
fn spellings(secret: &str) -> Vec<String> {
    let once = percent_encode(secret);
    let twice = percent_encode(&once);
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    vec![
        secret.to_owned(),
        once.clone(),
        lower(&once),
        twice.clone(),
        lower(&twice),
        form,
        b64,
    ]
}

/// Percent escapes with lower-case hex digits (`%2b`), the secret's own letters unchanged.
fn lower(encoded: &str) -> String {
    let mut out = String::new();
    let mut rest = encoded;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or(&rest[at..]);
        out.push_str(&escape.to_ascii_lowercase());
        rest = &rest[at + escape.len()..];
    }
    out.push_str(rest);
    out
}

/// Fails when `text` holds any 12-character piece of any spelling of a secret.
fn assert_clean(text: &str, secrets: &[&str], what: &str) {
    for secret in secrets {
        for spelling in spellings(secret) {
            let chars: Vec<char> = spelling.chars().collect();
            for piece in chars.windows(PIECE.min(chars.len())) {
                let piece: String = piece.iter().collect();
                assert!(
                    !text.contains(&piece),
                    "{what}: {piece:?} (of {spelling:?}) in:\n{text}"
                );
            }
        }
    }
}

/// Everything a user or a log could see of an error.
fn shown(e: &Error) -> String {
    format!("{e}\n{}\n{e:?}\n{}", e.with_hint(), e.code())
}

/// Where the server puts the echo.
#[derive(Debug, Clone, Copy)]
enum Place {
    Code,
    Message,
    RequestId,
    HostId,
    Recommend,
    Header,
    /// A page that is not JSON, the echo this many characters in.
    Page(usize),
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Code),
        Just(Place::Message),
        Just(Place::RequestId),
        Just(Place::HostId),
        Just(Place::Recommend),
        Just(Place::Header),
        (0usize..400).prop_map(Place::Page),
    ]
}

/// The whole answer: status, headers, body.
fn answer(place: Place, echo: &str) -> (HeaderMap, String) {
    let mut headers = HeaderMap::new();
    let field = |name: &str| {
        let mut body = serde_json::json!({
            "Code": "InvalidParameter", "Message": "The specified parameter is not valid.",
            "RequestId": "R-1", "HostId": "ecs.aliyuncs.com", "Recommend": "https://x/",
        });
        body[name] = serde_json::Value::String(format!("echo {echo} end"));
        body.to_string()
    };
    let body = match place {
        Place::Code => field("Code"),
        Place::Message => field("Message"),
        Place::RequestId => field("RequestId"),
        Place::HostId => field("HostId"),
        Place::Recommend => field("Recommend"),
        Place::Header => {
            headers.insert("x-acs-request-id", HeaderValue::from_str(echo).unwrap());
            "<html>bad gateway</html>".to_owned()
        }
        Place::Page(at) => format!(
            "<html><body>{}?SecurityToken={echo}&x=1</body></html>",
            "x".repeat(at)
        ),
    };
    (headers, body)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_error_made_from_an_answer_holds_a_secret_or_a_piece_of_one(
        secret in "[A-Za-z0-9+/=~_.-]{16,40}",
        token in "CAIS[A-Za-z0-9+/=]{20,120}",
        which in 0usize..2,
        spelling in 0usize..7,
        place in place(),
        status in prop_oneof![Just(400u16), Just(403), Just(404), Just(500), Just(502), Just(503)],
    ) {
        let creds = Credentials::new("STS.LTAI5tKeyId", secret.as_str()).with_token(token.as_str());
        let echoed = [&secret, &token][which];
        let echo = spellings(echoed)[spelling].clone();
        let (headers, body) = answer(place, &echo);
        let error = answer_error(status, &headers, &body, "127.0.0.1", &Scrubber::new(&creds));
        let error = Error::Api(Box::new(error));
        assert_clean(&shown(&error), &[&secret, &token], &format!("{place:?} {echo}"));
    }
}

#[test]
fn the_issue_s_cases_are_scrubbed_with_single_markers() {
    let creds = sts();
    let scrubber = Scrubber::new(&creds);
    let lower = lower(&percent_encode(TOKEN));
    for (place, echo) in [
        (Place::Code, TOKEN.to_owned()),
        (Place::RequestId, TOKEN.to_owned()),
        (Place::Message, lower),
        (Place::Page(165), TOKEN.to_owned()),
    ] {
        let (headers, body) = answer(place, &echo);
        let e = Error::Api(Box::new(answer_error(
            400,
            &headers,
            &body,
            "127.0.0.1",
            &scrubber,
        )));
        let text = shown(&e);
        assert_clean(&text, &[SECRET, TOKEN], &format!("{place:?}"));
        assert!(text.contains("<redacted>"), "{place:?}: {text}");
        assert!(!text.contains("<redacted>>"), "{place:?}: {text}");
    }
}

/// The whole client, on the wire: the header and the body echo the token; the error the
/// caller gets (and the success's RequestId) carries none of it.
#[tokio::test]
async fn the_client_scrubs_what_the_wire_echoes() {
    let stub = Stub::raw(|mut socket| {
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            let body = serde_json::json!({
                "Code": format!("Bad.{TOKEN}"), "Message": lower(&percent_encode(SECRET)),
                "RequestId": TOKEN, "HostId": SECRET,
            })
            .to_string();
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\
                 x-acs-request-id: {TOKEN}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        })
    });
    let e = client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap_err();
    assert_eq!(e.api().map(|a| a.http_status), Some(400), "{e:?}");
    assert_clean(&shown(&e), &[SECRET, TOKEN], "client error");
}

/// A success whose body cannot be read: serde's message quotes the value, the RequestId
/// header is the token; the Decode error carries neither.
#[tokio::test]
async fn an_unreadable_success_quoting_the_token_is_scrubbed_too() {
    let stub = Stub::raw(|mut socket| {
        Box::pin(async move {
            if Stub::read_head(&mut socket).await.is_none() {
                return;
            }
            let body =
                serde_json::json!({"RequestId": TOKEN, "Regions": {"Region": TOKEN}}).to_string();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 x-acs-request-id: {TOKEN}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        })
    });
    let e = client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "BadResponse", "{e:?}");
    assert!(e.to_string().contains("invalid type"), "{e}");
    assert_clean(&shown(&e), &[SECRET, TOKEN], "decode error");
}
