//! One error type for every way an API call can fail, with what the user should do about it.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::credentials::KeyOrigin;

/// An error the service answered with: HTTP status plus the body's Code, Message, RequestId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub http_status: u16,
    pub code: String,
    pub message: String,
    pub request_id: String,
    pub host_id: String,
    pub recommend: String,
    /// Where the key that signed the request came from, so a rejected key's hint names it.
    pub key_origin: Option<Arc<KeyOrigin>>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "HTTP"
        } else {
            &self.code
        };
        write!(f, "{code}: {}", self.message.trim_end())?;
        if !self.request_id.is_empty() {
            write!(f, " (RequestId {})", self.request_id)?;
        }
        Ok(())
    }
}

impl ApiError {
    /// Throttling, transient server trouble: worth another attempt after a pause.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.is_throttling()
            || self.http_status >= 500
            || self.code.starts_with("ServiceUnavailable")
            || self.code == "InternalError"
            || self.code == "UnknownError"
    }

    #[must_use]
    pub fn is_throttling(&self) -> bool {
        // 429 Too Many Requests is throttling whatever the body says (a gateway's is empty).
        self.code.starts_with("Throttling") || self.http_status == 429
    }

    /// What the user can do about it, for the codes people actually hit. A rejected key's hint
    /// names where the key came from, when the client knows.
    #[must_use]
    pub fn hint(&self) -> Option<Cow<'static, str>> {
        let origin = self.key_origin.as_deref();
        Some(match self.code.as_str() {
            "InvalidAccessKeyId.NotFound" | "InvalidAccessKeyId" => match origin {
                Some(o) => format!("the AccessKey ID is unknown: check {}", o.id()).into(),
                None => "the AccessKey ID is unknown: check access_key_id in your profile \
                         (`ecs-tui profiles`)"
                    .into(),
            },
            "SignatureDoesNotMatch" | "IncompleteSignature" | "InvalidAccessKeySecret" => {
                match origin {
                    Some(o) => format!(
                        "the AccessKey secret does not match the ID: check {}",
                        o.secret()
                    )
                    .into(),
                    None => "the AccessKey secret does not match the ID: check \
                             access_key_secret in your profile"
                        .into(),
                }
            }
            _ => self.code_hint()?.into(),
        })
    }

    fn code_hint(&self) -> Option<&'static str> {
        let code = self.code.as_str();
        Some(match code {
            "InvalidTimeStamp.Expired" | "IllegalTimestamp" => {
                "your computer's clock is off by more than 15 minutes: sync it (e.g. `timedatectl set-ntp true`)"
            }
            "InvalidSecurityToken.Expired"
            | "InvalidSecurityToken.Malformed"
            | "InvalidSecurityToken.MismatchWithAccessKey" => {
                "the STS token is expired or does not belong to this AccessKey: get fresh STS credentials"
            }
            "Forbidden.AccessKeyDisabled" => {
                "this AccessKey is disabled: enable it or use another one in the RAM console"
            }
            "SignatureNonceUsed" => {
                "a request was replayed: retry; if it persists check for a proxy that repeats requests"
            }
            "InvalidRegionId.NotFound" | "InvalidOperation.NotSupportedEndpoint" => {
                "this region is unknown to the endpoint: run `ecs-tui regions` to list valid region ids"
            }
            _ if code.starts_with("Forbidden") || code == "NoPermission" => {
                "your RAM user or role lacks permission: grant it AliyunECSReadOnlyAccess (or ecs:Describe*)"
            }
            _ if self.is_throttling() => {
                "the account's API rate limit was hit: wait a minute, or fetch fewer regions at once"
            }
            _ if code.starts_with("ServiceUnavailable") || code == "InternalError" => {
                "Alibaba Cloud had a transient problem: try again shortly"
            }
            _ => return None,
        })
    }
}

/// How a request failed before any answer from the service could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Dns,
    Connect,
    Tls,
    Timeout,
    /// The connection closed or broke while the body was arriving.
    Body,
    /// The body was larger than the client reads (`client::MAX_BODY_BYTES`); not retried,
    /// since a server sending one would send it again.
    TooLarge,
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Dns => "DNS lookup failed",
            TransportKind::Connect => "connection failed",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "connection broke while reading the response",
            TransportKind::TooLarge => "response too large",
            TransportKind::Other => "request failed",
        })
    }
}

/// Every failure of an API call. Clone, so results can travel to the UI as plain values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Api(Box<ApiError>),
    #[error("{action} at {host}: {kind}: {detail}")]
    Transport {
        kind: TransportKind,
        action: String,
        host: String,
        detail: String,
    },
    #[error(
        "{action} at {host}: unreadable response (HTTP {http_status}, RequestId {request_id}): {detail}"
    )]
    Decode {
        action: String,
        host: String,
        http_status: u16,
        request_id: String,
        detail: String,
    },
    #[error("endpoint {url}: {reason}")]
    Endpoint { url: String, reason: String },
    #[error("credentials: {0}")]
    Credentials(String),
}

impl Error {
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport { kind, .. } => *kind != TransportKind::TooLarge,
            Error::Decode { http_status, .. } => *http_status >= 500,
            Error::Endpoint { .. } | Error::Credentials(_) => false,
        }
    }

    #[must_use]
    pub fn is_throttling(&self) -> bool {
        matches!(self, Error::Api(e) if e.is_throttling())
    }

    #[must_use]
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// The API's error code, or a stable name for the kind of failure.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Error::Api(e) => &e.code,
            Error::Transport { kind, .. } => match kind {
                TransportKind::Timeout => "Timeout",
                TransportKind::Dns => "DnsError",
                TransportKind::Tls => "TlsError",
                TransportKind::Connect => "ConnectError",
                TransportKind::Body => "BrokenResponse",
                TransportKind::TooLarge => "ResponseTooLarge",
                TransportKind::Other => "NetworkError",
            },
            Error::Decode { .. } => "BadResponse",
            Error::Endpoint { .. } => "BadEndpoint",
            Error::Credentials(_) => "Credentials",
        }
    }

    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) if !e.request_id.is_empty() => Some(&e.request_id),
            Error::Decode { request_id, .. } if !request_id.is_empty() => Some(request_id),
            _ => None,
        }
    }

    /// What to do next, in one short sentence.
    #[must_use]
    pub fn hint(&self) -> Option<Cow<'static, str>> {
        match self {
            Error::Api(e) => e.hint(),
            Error::Transport { kind, .. } => Some(Cow::Borrowed(match kind {
                TransportKind::Dns => "check your network and DNS, or the endpoint's host name",
                TransportKind::Tls => "check the endpoint URL and any proxy that intercepts TLS",
                TransportKind::Timeout => {
                    "the endpoint is slow or unreachable: check the network and try again"
                }
                TransportKind::TooLarge => {
                    "the endpoint (or a proxy) did not answer like the ECS API: check --endpoint"
                }
                _ => "check your network connection and the endpoint, then try again",
            })),
            Error::Decode { .. } => Some(Cow::Borrowed(
                "the endpoint did not answer like the ECS API: check --endpoint",
            )),
            // Its reason already says what to do (`parse_endpoint`); a hint would say it twice.
            Error::Endpoint { .. } => None,
            Error::Credentials(_) => {
                Some(Cow::Borrowed("check the profile with `ecs-tui profiles`"))
            }
        }
    }

    /// The one line a command prints on stderr: what failed, and what to do.
    #[must_use]
    pub fn with_hint(&self) -> String {
        match self.hint() {
            Some(h) => format!("{self}. Hint: {h}"),
            None => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: &str) -> ApiError {
        ApiError {
            http_status: status,
            code: code.into(),
            message: "Specified access key is not found.".into(),
            request_id: "5D3E1C2A-0000".into(),
            host_id: "ecs.aliyuncs.com".into(),
            recommend: String::new(),
            key_origin: None,
        }
    }

    #[test]
    fn displays_code_message_and_request_id() {
        assert_eq!(
            api(404, "InvalidAccessKeyId.NotFound").to_string(),
            "InvalidAccessKeyId.NotFound: Specified access key is not found. (RequestId 5D3E1C2A-0000)"
        );
    }

    #[test]
    fn retry_classification() {
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
            "InternalError",
        ] {
            assert!(api(400, code).is_retryable(), "{code}");
        }
        for code in [
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId.NotFound",
            "Forbidden.RAM",
            "InvalidTimeStamp.Expired",
        ] {
            assert!(!api(400, code).is_retryable(), "{code}");
        }
        assert!(api(502, "").is_retryable());
    }

    #[test]
    fn common_codes_have_hints() {
        for code in [
            "InvalidAccessKeyId.NotFound",
            "SignatureDoesNotMatch",
            "InvalidTimeStamp.Expired",
            "Forbidden.RAM",
            "Throttling.User",
        ] {
            assert!(api(400, code).hint().is_some(), "{code}");
        }
    }

    #[test]
    fn a_rejected_keys_hint_names_where_the_key_came_from() {
        let mut e = api(400, "SignatureDoesNotMatch");
        assert!(e.hint().expect("hint").contains("in your profile"));
        e.key_origin = Some(Arc::new(KeyOrigin::Env));
        assert_eq!(
            e.hint().as_deref(),
            Some(
                "the AccessKey secret does not match the ID: check \
                 ALIBABA_CLOUD_ACCESS_KEY_SECRET (profile env)"
            )
        );
        e.code = "InvalidAccessKeyId.NotFound".into();
        assert!(
            e.hint()
                .expect("hint")
                .ends_with("check ALIBABA_CLOUD_ACCESS_KEY_ID (profile env)")
        );
        e.code = "Forbidden.RAM".into();
        assert!(e.hint().expect("hint").contains("RAM"));
    }
}
