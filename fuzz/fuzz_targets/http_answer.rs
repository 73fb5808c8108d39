//! A whole HTTP answer (status, headers, body) through the client's error path, scrubber
//! included: whatever the server sends, and wherever it echoes the secret or the token (the
//! input's bytes 0x01-0x0e stand for their spellings), no 12-character piece of either comes
//! out in the error's text, hint or Debug.
#![no_main]

use base64::Engine as _;
use ecs_tui::api::Error;
use ecs_tui::api::client::answer_error;
use ecs_tui::api::scrub::{PIECE, Scrubber};
use ecs_tui::api::sign::percent_encode;
use ecs_tui::credentials::Credentials;
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const SECRET: &str = "Fz9+Secret/Value=0123abcdXYZ";
const TOKEN: &str = "CAIS+Fuzz/Token==qrstuvwxyz0123456789ABCDEF";

/// The spellings a server could echo: raw, percent-encoded once and twice in upper and lower
/// hex, form-encoded, base64.
fn spellings(secret: &str) -> Vec<String> {
    let once = percent_encode(secret);
    let twice = percent_encode(&once);
    let lower = |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            let escape = rest.get(at..at + 3).unwrap_or(&rest[at..]);
            out.push_str(&escape.to_ascii_lowercase());
            rest = &rest[at + escape.len()..];
        }
        out + rest
    };
    vec![
        secret.to_owned(),
        once.clone(),
        lower(&once),
        twice.clone(),
        lower(&twice),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        base64::engine::general_purpose::STANDARD.encode(secret),
    ]
}

fuzz_target!(|data: &[u8]| {
    let Some((&[hi, lo], rest)) = data.split_first_chunk::<2>().map(|(s, r)| (s, r)) else {
        return;
    };
    let status = 400 + u16::from_be_bytes([hi, lo]) % 200;
    let all: Vec<String> = spellings(SECRET)
        .into_iter()
        .chain(spellings(TOKEN))
        .collect();
    // Marker bytes become spellings of the secret or the token.
    let mut text = String::new();
    for c in String::from_utf8_lossy(rest).chars() {
        match c as u32 {
            n @ 1..=14 => text.push_str(&all[(n - 1) as usize]),
            _ => text.push(c),
        }
    }
    // Header lines `name: value` until an empty line, then the body.
    let (head, body) = text.split_once("\n\n").unwrap_or(("", &text));
    let mut headers = HeaderMap::new();
    for line in head.lines() {
        if let Some((name, value)) = line.split_once(':')
            && let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.trim().as_bytes()),
                HeaderValue::from_str(value.trim()),
            )
        {
            headers.append(name, value);
        }
    }
    let creds = Credentials::new("STS.LTAI5tFuzzKey", SECRET).with_token(TOKEN);
    let error = Error::Api(Box::new(answer_error(
        status,
        &headers,
        body,
        "127.0.0.1",
        &Scrubber::new(&creds),
    )));
    let shown = format!("{error}\n{}\n{error:?}", error.with_hint());
    for spelling in &all {
        let chars: Vec<char> = spelling.chars().collect();
        for piece in chars.windows(PIECE) {
            let piece: String = piece.iter().collect();
            assert!(
                !shown.contains(&piece),
                "{piece:?} of {spelling:?} in {shown:?}"
            );
        }
    }
});
