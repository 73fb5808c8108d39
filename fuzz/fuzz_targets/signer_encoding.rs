//! The signer's encoder round-trips through a percent-decoder and leaves only unreserved
//! characters; the canonical query and the string to sign do not depend on the order
//! parameters come in; times the API and HTTP write are read back as the same instant.
#![no_main]

use ecs_tui::api::sign;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let encoded = sign::percent_encode(text);
    let decoded = percent_encoding::percent_decode_str(&encoded)
        .decode_utf8()
        .expect("UTF-8 in, UTF-8 out");
    assert_eq!(decoded, text);
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
        "{encoded}"
    );
    // Parameters from the text: lines of `name=value`, distinct names.
    let mut params: Vec<(&str, &str)> = Vec::new();
    for line in text.lines() {
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        if !params.iter().any(|(seen, _)| *seen == k) {
            params.push((k, v));
        }
    }
    let forward = sign::canonicalized_query(&params);
    params.reverse();
    assert_eq!(sign::canonicalized_query(&params), forward);
    assert!(!forward.split('&').any(|kv| kv.starts_with("Signature=")));
    let to_sign = sign::string_to_sign(sign::Method::Post, &params);
    let half = params.len() / 2;
    params.rotate_left(half);
    assert_eq!(sign::string_to_sign(sign::Method::Post, &params), to_sign);
    assert!(to_sign.starts_with("POST&%2F&"), "{to_sign}");
    let _ = ecs_tui::api::model::parse_api_time(text);
    let _ = ecs_tui::api::clock::parse_http_date(text);

    // A time from the input's bytes (years 1970-9999), written as the API and HTTP write it.
    let mut seed = [0u8; 8];
    for (i, b) in text.bytes().take(8).enumerate() {
        seed[i] = b;
    }
    let secs = i64::try_from(u64::from_le_bytes(seed) % 253_402_300_800).expect("fits");
    let t = chrono::DateTime::from_timestamp(secs, 0).expect("in range");
    let minute = t.format("%Y-%m-%dT%H:%MZ").to_string();
    let whole = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let api = ecs_tui::api::model::parse_api_time(&minute).expect("API minute");
    assert_eq!(api.timestamp(), secs - secs % 60, "{minute}");
    assert_eq!(
        ecs_tui::api::model::parse_api_time(&whole),
        Some(t),
        "{whole}"
    );
    let http = t.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    assert_eq!(
        ecs_tui::api::clock::parse_http_date(&http),
        Some(t),
        "{http}"
    );
});
