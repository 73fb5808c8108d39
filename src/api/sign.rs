//! Alibaba Cloud RPC signature v1 (HMAC-SHA1): a pure function of method, parameters and secret.
//!
//! See `aliyun-api.md` section 1. The timestamp and nonce are ordinary parameters here, so the
//! caller decides them; that keeps this module deterministic and testable against golden vectors.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;

/// Everything but the RFC 3986 unreserved characters is encoded, with uppercase hex.
/// Space becomes `%20` (never `+`), `*` becomes `%2A`, `~` stays `~`.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The HTTP method is part of the string to sign, so it must be the one actually sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    #[must_use]
    pub fn parse(method: &str) -> Option<Self> {
        match method {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            _ => None,
        }
    }
}

/// `percentEncode` of the specification.
#[must_use]
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986).to_string()
}

/// The sorted, encoded `k=v&k=v` string. `Signature` itself is never part of it.
/// Sorting is by the raw parameter name, byte-wise (so `Tag.10.Key` < `Tag.2.Key`).
#[must_use]
pub fn canonicalized_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| *k != "Signature")
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(pairs.len() * 32);
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// `HTTPMethod & percentEncode("/") & percentEncode(CanonicalizedQueryString)`.
#[must_use]
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: Method, params: &[(K, V)]) -> String {
    format!(
        "{}&%2F&{}",
        method.as_str(),
        percent_encode(&canonicalized_query(params))
    )
}

/// Base64(HMAC-SHA1(secret + "&", string_to_sign)).
#[must_use]
pub fn sign_string(string_to_sign: &str, access_key_secret: &str) -> String {
    let key = format!("{access_key_secret}&");
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The `Signature` parameter for these parameters (all of them: common, action-specific,
/// `SecurityToken`, and for POST the form body too).
#[must_use]
pub fn signature<K: AsRef<str>, V: AsRef<str>>(
    method: Method,
    params: &[(K, V)],
    access_key_secret: &str,
) -> String {
    sign_string(&string_to_sign(method, params), access_key_secret)
}

/// Constant-time comparison for the emulator's signature check.
#[must_use]
pub fn signatures_match(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_params(timestamp_key: &str) -> Vec<(&str, &str)> {
        vec![
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            (timestamp_key, "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ]
    }

    #[test]
    fn documentation_get_vector() {
        let params = doc_params("Timestamp");
        assert_eq!(
            string_to_sign(Method::Get, &params),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            signature(Method::Get, &params, "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn documentation_post_vector() {
        assert_eq!(
            signature(Method::Post, &doc_params("Timestamp"), "testsecret"),
            "MxbnVAM4w6sft9xjVpe/GCKueuk="
        );
    }

    #[test]
    fn misspelled_timestamp_gives_the_old_docs_value() {
        assert_eq!(
            signature(Method::Get, &doc_params("TimeStamp"), "testsecret"),
            "CT9X0VtwR86fNWSnsc6v8YGOjuE="
        );
    }

    #[test]
    fn encoding_follows_rfc3986() {
        assert_eq!(
            percent_encode("a b*c~d/e+f=g%h"),
            "a%20b%2Ac~d%2Fe%2Bf%3Dg%25h"
        );
        assert_eq!(percent_encode("名字"), "%E5%90%8D%E5%AD%97");
        assert_eq!(percent_encode("!'():"), "%21%27%28%29%3A");
    }

    #[test]
    fn signature_parameter_is_never_signed_and_order_is_bytewise() {
        let params = [
            ("Tag.2.Key", "b"),
            ("Signature", "ignored"),
            ("Tag.10.Key", "a"),
            ("Empty", ""),
        ];
        assert_eq!(
            canonicalized_query(&params),
            "Empty=&Tag.10.Key=a&Tag.2.Key=b"
        );
    }

    #[test]
    fn comparison_is_exact() {
        assert!(signatures_match("abc=", "abc="));
        assert!(!signatures_match("abc=", "abd="));
        assert!(!signatures_match("abc=", "abc"));
    }
}
