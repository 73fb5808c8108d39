//! Turning what went wrong on the wire into `Error`s that never carry a secret.

use serde::Deserialize;

use super::super::error::{ApiError, TransportKind};
use super::super::sign;
use crate::credentials::Credentials;

/// Scrubs the secret, the STS token and any `Signature=` value out of text that came from the
/// network stack or the server. The service's `SignatureDoesNotMatch` message quotes its string
/// to sign, which holds the token percent-encoded twice; proxies' error pages may echo the URL.
#[derive(Default)]
pub struct Redactor {
    needles: Vec<String>,
}

/// Shorter values would match ordinary words; real secrets and tokens are far longer.
const MIN_SECRET_LEN: usize = 6;

impl Redactor {
    #[must_use]
    pub fn new(creds: &Credentials) -> Self {
        let mut needles = Vec::new();
        let secrets = std::iter::once(&creds.access_key_secret).chain(&creds.security_token);
        for secret in secrets {
            let plain = secret.expose();
            if plain.len() < MIN_SECRET_LEN {
                continue;
            }
            let once = sign::percent_encode(plain);
            let twice = sign::percent_encode(&once);
            for form in [plain.to_owned(), once, twice] {
                if !needles.contains(&form) {
                    needles.push(form);
                }
            }
        }
        // Longest first, so a plain form inside an encoded one cannot leave a tail behind.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Redactor { needles }
    }

    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), "<redacted>");
            }
        }
        scrub_param(&scrub_param(&out, "Signature="), "SecurityToken=")
    }
}

/// Replaces the value after each `name` up to the next `&`, space, quote or bracket.
fn scrub_param(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let (head, tail) = rest.split_at(at + name.len());
        out.push_str(head);
        let end = tail
            .find(|c: char| c == '&' || c.is_whitespace() || "\"')>]".contains(c))
            .unwrap_or(tail.len());
        out.push_str("<redacted>");
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

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

/// An error answer as an `ApiError`; a body that is not the API's JSON keeps its status and a
/// short, scrubbed excerpt.
pub fn api_error(
    status: u16,
    body: &str,
    host: &str,
    header_request_id: String,
    redactor: &Redactor,
) -> ApiError {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    match parsed {
        Some(b) if !b.code.is_empty() => ApiError {
            http_status: status,
            message: short_message(&b.code, &redactor.scrub(&b.message)),
            code: b.code,
            request_id: if b.request_id.is_empty() {
                header_request_id
            } else {
                b.request_id
            },
            host_id: b.host_id,
            recommend: b.recommend,
            key_origin: None,
        },
        _ => {
            let snippet: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
            let snippet: String = snippet.chars().take(200).collect();
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("error");
            let message = if snippet.is_empty() {
                format!("{reason} from {host} (empty body)")
            } else {
                format!("{reason} from {host}: {}", redactor.scrub(&snippet))
            };
            ApiError {
                http_status: status,
                code: format!("HTTP{status}"),
                message,
                request_id: header_request_id,
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

    #[test]
    fn error_bodies_map_to_api_errors() {
        let e = api_error(
            404,
            r#"{"RequestId":"R1","HostId":"ecs.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found.","Recommend":"https://next.api.aliyun.com/troubleshoot?q=x"}"#,
            "ecs.aliyuncs.com",
            String::new(),
            &Redactor::default(),
        );
        assert_eq!(e.code, "InvalidAccessKeyId.NotFound");
        assert_eq!(e.request_id, "R1");
        assert_eq!(e.http_status, 404);
        assert!(e.recommend.starts_with("https://"));

        let e = api_error(
            502,
            "<html>\n bad gateway\n</html>",
            "h",
            "HDR".into(),
            &Redactor::default(),
        );
        assert_eq!(e.code, "HTTP502");
        assert_eq!(e.request_id, "HDR");
        assert_eq!(e.message, "Bad Gateway from h: <html> bad gateway </html>");
        assert!(e.is_retryable());
    }

    #[test]
    fn the_server_string_to_sign_loses_the_token() {
        let creds = Credentials::new("STS.id", "sec+ret/=value").with_token("tok/en+1==");
        let r = Redactor::new(&creds);
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
