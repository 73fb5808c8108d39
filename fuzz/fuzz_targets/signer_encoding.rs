//! The signer's encoder round-trips through a percent-decoder and leaves only unreserved
//! characters; the canonical query does not depend on the order parameters come in.
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
    let _ = sign::string_to_sign(sign::Method::Post, &params);
    let _ = ecs_tui::api::model::parse_api_time(text);
    let _ = ecs_tui::api::clock::parse_http_date(text);
});
