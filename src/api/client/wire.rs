//! What goes on the wire: the signed parameter list, its query string, and vetted endpoints.

use std::net::IpAddr;

use reqwest::Url;

use super::super::error::Error;
use super::super::sign::{self, Method};
use crate::credentials::Credentials;

/// All the parameters of a request, `Signature` included, for these credentials and this
/// moment. Pure, so the emulator tests and benchmarks can call it too.
#[must_use]
pub fn signed_params(
    action: &str,
    version: &str,
    params: &[(String, String)],
    creds: &Credentials,
    timestamp: &str,
    nonce: &str,
) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = Vec::with_capacity(params.len() + 10);
    let common = [
        ("Action", action),
        ("Version", version),
        ("Format", "JSON"),
        ("AccessKeyId", creds.access_key_id.as_str()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", timestamp),
    ];
    all.extend(
        common
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    if let Some(token) = &creds.security_token {
        all.push(("SecurityToken".into(), token.expose().to_owned()));
    }
    // A caller's parameter never overrides a common one: the signature covers exactly one value
    // per name, and a second `Format` or `AccessKeyId` would make the server see something else.
    all.extend(
        params
            .iter()
            .filter(|(k, _)| !common.iter().any(|(c, _)| c == k) && k != "SecurityToken")
            .cloned(),
    );
    let signature = sign::signature(Method::Post, &all, creds.access_key_secret.expose());
    all.push(("Signature".into(), signature));
    all
}

/// `k=v&k=v` with RFC 3986 encoding, as the signature expects the server to decode it.
#[must_use]
pub fn query_string(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", sign::percent_encode(k), sign::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parses and vets an endpoint: HTTPS everywhere, plain HTTP only to loopback.
///
/// # Errors
/// When the URL is invalid, has no host, or is plain HTTP to a non-loopback host.
pub fn parse_endpoint(text: &str) -> Result<Url, Error> {
    let bad = |reason: &str| Error::Endpoint {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    // Each reason says what to do too: the error has no separate hint to repeat it.
    let url = Url::parse(text).map_err(|e| {
        bad(&format!(
            "not a URL ({e}); write it like https://ecs.cn-hangzhou.aliyuncs.com"
        ))
    })?;
    if url.host_str().is_none() {
        return Err(bad(
            "no host; write it like https://ecs.cn-hangzhou.aliyuncs.com",
        ));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "plain http:// is allowed only to loopback hosts (127.0.0.1, [::1], localhost); \
             use https://",
        )),
        other => Err(bad(&format!("unsupported scheme {other}://; use https://"))),
    }
}

#[must_use]
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// A region id as the API spells them (`cn-hangzhou`, `ap-southeast-1`). It becomes part of a
/// host name, so anything else (`/`, `@`, `:`) could send the signed request elsewhere.
#[must_use]
pub fn is_valid_region_id(region_id: &str) -> bool {
    !region_id.is_empty()
        && region_id.len() <= 64
        && region_id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A bare host name, as DescribeRegions reports `RegionEndpoint`: no scheme, port, path or user.
#[must_use]
pub fn is_valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && !host.starts_with(['.', '-'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_require_https_except_loopback() {
        assert!(parse_endpoint("https://ecs.aliyuncs.com").is_ok());
        assert!(parse_endpoint("http://127.0.0.1:8080").is_ok());
        assert!(parse_endpoint("http://127.9.9.9:8080").is_ok());
        assert!(parse_endpoint("http://localhost:1").is_ok());
        assert!(parse_endpoint("http://[::1]:1").is_ok());
        assert!(parse_endpoint("http://ecs.aliyuncs.com").is_err());
        assert!(parse_endpoint("http://10.0.0.1").is_err());
        assert!(parse_endpoint("http://127.0.0.1.evil.example").is_err());
        assert!(parse_endpoint("ftp://127.0.0.1").is_err());
        assert!(parse_endpoint("not a url").is_err());
    }

    #[test]
    fn region_ids_and_hosts_cannot_redirect_the_request() {
        assert!(is_valid_region_id("cn-hangzhou"));
        assert!(is_valid_region_id("ap-southeast-1"));
        for bad in ["", "x.evil.com/", "a@b", "cn-hangzhou:443", "CN", "a b"] {
            assert!(!is_valid_region_id(bad), "{bad:?}");
        }
        assert!(is_valid_host("ecs.cn-qingdao.aliyuncs.com"));
        for bad in ["", "evil.com/x", "u@h", "h:1", "https://h", ".h"] {
            assert!(!is_valid_host(bad), "{bad:?}");
        }
    }

    #[test]
    fn signed_params_include_token_and_signature() {
        let creds = Credentials::new("id", "secret").with_token("tok");
        let p = signed_params(
            "DescribeRegions",
            "2014-05-26",
            &[("Format".into(), "XML".into())],
            &creds,
            "2020-01-01T00:00:00Z",
            "n",
        );
        let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("SecurityToken"), Some("tok"));
        assert_eq!(get("Format"), Some("JSON"));
        assert_eq!(p.iter().filter(|(k, _)| k == "Format").count(), 1);
        let sig = get("Signature").expect("signed");
        let unsigned: Vec<_> = p
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        assert_eq!(sig, sign::signature(Method::Post, &unsigned, "secret"));
    }
}
