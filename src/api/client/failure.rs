//! Turning what went wrong on the wire into `Error`s that never carry a secret.

use serde::Deserialize;

use super::super::error::{ApiError, TransportKind};
use super::super::scrub::Scrubber;

pub fn transport_kind(e: &reqwest::Error) -> TransportKind {
    let chain = error_chain(e).to_ascii_lowercase();
    if e.is_timeout() || chain.contains("timed out") {
        TransportKind::Timeout
    } else if chain.contains("dns") || chain.contains("lookup address") || chain.contains("resolve")
    {
        TransportKind::Dns
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else if e.is_body() || e.is_decode() || e.is_request() {
        TransportKind::Body
    } else {
        TransportKind::Other
    }
}

/// reqwest's own message says little ("error sending request"); the causes say what happened.
/// The caller passes the error after `without_url()`; the split below is a second guard.
pub fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        let text = text
            .split(" for url (")
            .next()
            .unwrap_or_default()
            .to_owned();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = err.source();
    }
    parts.join(": ")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ErrorBody {
    #[serde(rename = "Code", alias = "code")]
    code: String,
    #[serde(rename = "Message", alias = "message")]
    message: String,
    #[serde(rename = "RequestId", alias = "requestId")]
    request_id: String,
    #[serde(rename = "HostId", alias = "hostId")]
    host_id: String,
    #[serde(rename = "Recommend", alias = "recommend")]
    recommend: String,
}

/// How much of a body that is not the API's JSON an error shows.
const EXCERPT_CHARS: usize = 200;

/// A whole HTTP answer that is not a success (status, headers, body) as an `ApiError`, every
/// string in it scrubbed of the secret and the token. Pure, so it can be fuzzed.
#[must_use]
pub fn answer_error(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &str,
    host: &str,
    scrubber: &Scrubber,
) -> ApiError {
    let header_request_id = headers
        .get("x-acs-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    api_error(status, body, host, header_request_id, scrubber)
}

/// An error answer as an `ApiError`; a body that is not the API's JSON keeps its status and a
/// short excerpt. Every string from the server is scrubbed, the excerpt before it is cut.
fn api_error(
    status: u16,
    body: &str,
    host: &str,
    header_request_id: &str,
    scrubber: &Scrubber,
) -> ApiError {
    let s = |text: &str| scrubber.scrub(text);
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    match parsed {
        Some(b) if !b.code.is_empty() => {
            let code = s(&b.code);
            ApiError {
                http_status: status,
                message: short_message(&code, &s(&b.message)),
                code,
                request_id: s(if b.request_id.is_empty() {
                    header_request_id
                } else {
                    &b.request_id
                }),
                host_id: s(&b.host_id),
                recommend: s(&b.recommend),
                key_origin: None,
            }
        }
        _ => {
            let snippet = scrubber.excerpt(body, EXCERPT_CHARS);
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("error");
            let message = if snippet.is_empty() {
                format!("{reason} from {host} (empty body)")
            } else {
                format!("{reason} from {host}: {snippet}")
            };
            ApiError {
                http_status: status,
                code: format!("HTTP{status}"),
                message,
                request_id: s(header_request_id),
                host_id: host.to_owned(),
                recommend: String::new(),
                key_origin: None,
            }
        }
    }
}

/// `SignatureDoesNotMatch` quotes the server's whole string to sign, a few hundred characters
/// that bury the hint; it goes to the debug log (scrubbed) and the message keeps its sentence.
fn short_message(code: &str, message: &str) -> String {
    const MARKER: &str = "server string to sign is:";
    match message.split_once(MARKER) {
        Some((sentence, string_to_sign)) if code == "SignatureDoesNotMatch" => {
            tracing::debug!(string_to_sign, "the server's string to sign");
            sentence.trim_end().to_owned()
        }
        _ => message.to_owned(),
    }
}

pub fn request_id_of(body: &str) -> String {
    #[derive(Deserialize)]
    struct WithId {
        #[serde(rename = "RequestId", default)]
        request_id: String,
    }
    serde_json::from_str::<WithId>(body)
        .map(|w| w.request_id)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::sign;
    use crate::credentials::Credentials;

    #[test]
    fn error_bodies_map_to_api_errors() {
        let e = api_error(
            404,
            r#"{"RequestId":"R1","HostId":"ecs.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found.","Recommend":"https://next.api.aliyun.com/troubleshoot?q=x"}"#,
            "ecs.aliyuncs.com",
            "",
            &Scrubber::default(),
        );
        assert_eq!(e.code, "InvalidAccessKeyId.NotFound");
        assert_eq!(e.request_id, "R1");
        assert_eq!(e.http_status, 404);
        assert!(e.recommend.starts_with("https://"));

        let e = api_error(
            502,
            "<html>\n bad gateway\n</html>",
            "h",
            "HDR",
            &Scrubber::default(),
        );
        assert_eq!(e.code, "HTTP502");
        assert_eq!(e.request_id, "HDR");
        assert_eq!(e.message, "Bad Gateway from h: <html> bad gateway </html>");
        assert!(e.is_retryable());
    }

    #[test]
    fn the_server_string_to_sign_loses_the_token() {
        let creds = Credentials::new("STS.id", "sec+ret/=value").with_token("tok/en+1==");
        let r = Scrubber::new(&creds);
        let sts = sign::string_to_sign(
            sign::Method::Post,
            &[("SecurityToken", "tok/en+1=="), ("Action", "X")],
        );
        let message = format!("Specified signature is not matched. server string to sign is:{sts}");
        let scrubbed = r.scrub(&message);
        assert!(!scrubbed.contains("tok"), "{scrubbed}");
        assert!(scrubbed.contains("<redacted>"));
        let url = "http://h/?Signature=abc%2B&SecurityToken=zz&Action=X";
        assert_eq!(
            r.scrub(url),
            "http://h/?Signature=<redacted>&SecurityToken=<redacted>&Action=X"
        );
        assert_eq!(
            r.scrub("the sec+ret/=value leaked"),
            "the <redacted> leaked"
        );
    }
}
