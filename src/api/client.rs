//! The signed RPC client: endpoints, one attempt, retries with backoff, error mapping.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::Rng as _;
use reqwest::Url;
use serde::Deserialize;
use tokio::sync::Semaphore;

use super::error::{ApiError, Error, TransportKind};
use super::sign::{self, Method};
use crate::credentials::{Credentials, SharedProvider};

pub const ECS_VERSION: &str = "2014-05-26";
/// DescribeRegions goes to the central endpoint; every region then has its own.
pub const ECS_CENTRAL_HOST: &str = "ecs.aliyuncs.com";

/// How hard to try before giving up on a call.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// First pause after a transient server or network error; doubles each time.
    pub base_delay: Duration,
    /// First pause after throttling; longer, since the quota refills per minute.
    pub throttle_delay: Duration,
    pub max_delay: Duration,
    /// No new attempt starts after this much time since the first one.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            throttle_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            deadline: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Jittered exponential backoff: half the exponential step, plus a random part of the other
    /// half, so many clients throttled at once do not come back in lockstep.
    #[must_use]
    pub fn delay(&self, retry: u32, throttled: bool) -> Duration {
        let base = if throttled {
            self.throttle_delay
        } else {
            self.base_delay
        };
        let step = base
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(rand::rng().random::<f64>())
    }
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Every call goes here when set (emulator, proxy, private endpoint).
    pub endpoint: Option<String>,
    pub connect_timeout: Duration,
    /// Longest silence while waiting for the response to continue.
    pub read_timeout: Duration,
    /// Longest time for one whole attempt.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Requests in flight at once across the whole client.
    pub max_in_flight: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            endpoint: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            max_in_flight: 32,
        }
    }
}

/// A successful answer: the body as text and the RequestId that identifies it.
#[derive(Debug, Clone)]
pub struct Response {
    pub body: String,
    pub request_id: String,
    pub http_status: u16,
}

/// A signed ECS API client. Cheap to clone; clones share connections, the in-flight cap and
/// the region endpoints learned from DescribeRegions.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    provider: SharedProvider,
    endpoint: Option<Url>,
    options: ClientOptions,
    in_flight: Semaphore,
    region_hosts: Mutex<HashMap<String, String>>,
}

impl Client {
    /// # Errors
    /// When the endpoint override is not a valid URL, or is plain HTTP to a non-loopback host.
    pub fn new(provider: SharedProvider, options: ClientOptions) -> Result<Self, Error> {
        let endpoint = options
            .endpoint
            .as_deref()
            .map(parse_endpoint)
            .transpose()?;
        let http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .timeout(options.request_timeout)
            .https_only(false) // checked per URL in `check_url`, which allows loopback
            .user_agent(concat!("ecs-tui/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Endpoint {
                url: String::new(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                provider,
                endpoint,
                in_flight: Semaphore::new(options.max_in_flight.max(1)),
                options,
                region_hosts: Mutex::new(HashMap::new()),
            }),
        })
    }

    #[must_use]
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    #[must_use]
    pub fn provider(&self) -> &SharedProvider {
        &self.inner.provider
    }

    /// Remembers each region's `RegionEndpoint`, as DescribeRegions reported it.
    pub fn learn_region_endpoints<'a>(
        &self,
        regions: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let mut hosts = self
            .inner
            .region_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for (region_id, host) in regions {
            if !host.is_empty() {
                hosts.insert(region_id.to_owned(), host.to_owned());
            }
        }
    }

    /// The base URL for a host: the override when there is one, else `https://host/`.
    ///
    /// # Errors
    /// When `host` does not make a valid URL.
    pub fn url_for_host(&self, host: &str) -> Result<Url, Error> {
        if let Some(url) = &self.inner.endpoint {
            return Ok(url.clone());
        }
        parse_endpoint(&format!("https://{host}/"))
    }

    /// The URL for a region's calls: the override, else its `RegionEndpoint`, else
    /// `ecs.<region>.aliyuncs.com`.
    ///
    /// # Errors
    /// When the resulting URL is invalid.
    pub fn url_for_region(&self, region_id: &str) -> Result<Url, Error> {
        let host = self
            .inner
            .region_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(region_id)
            .cloned()
            .unwrap_or_else(|| format!("ecs.{region_id}.aliyuncs.com"));
        self.url_for_host(&host)
    }

    /// One RPC call, signed, with retries on transient failures.
    ///
    /// # Errors
    /// The last failure once retries are exhausted, or at once for errors not worth retrying.
    pub async fn call(
        &self,
        url: &Url,
        version: &str,
        action: &str,
        params: &[(String, String)],
    ) -> Result<Response, Error> {
        let policy = &self.inner.options.retry;
        let started = Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let creds = self.inner.provider.credentials().await?;
            let result = self.attempt(url, version, action, params, &creds).await;
            let err = match result {
                Ok(response) => return Ok(response),
                Err(err) => err,
            };
            let delay = policy.delay(attempt - 1, err.is_throttling());
            let out_of_time = started.elapsed() + delay >= policy.deadline;
            if !err.is_retryable() || attempt >= policy.max_attempts || out_of_time {
                tracing::warn!(action, attempt, error = %err, "call failed");
                return Err(err);
            }
            tracing::debug!(action, attempt, error = %err, ?delay, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        version: &str,
        action: &str,
        params: &[(String, String)],
        creds: &Credentials,
    ) -> Result<Response, Error> {
        let params = signed_params(
            action,
            version,
            params,
            creds,
            &chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            &uuid::Uuid::new_v4().to_string(),
        );
        let mut url = url.clone();
        // Our own encoding, not form encoding: `+` must arrive as `%2B`, space as `%20`.
        url.set_query(Some(&query_string(&params)));
        let host = url.host_str().unwrap_or_default().to_owned();
        let transport = |e: &reqwest::Error| Error::Transport {
            kind: transport_kind(e),
            action: action.to_owned(),
            host: host.clone(),
            detail: error_chain(e),
        };

        let _permit = self
            .inner
            .in_flight
            .acquire()
            .await
            .map_err(|_| Error::Credentials("client is shutting down".into()))?;
        // The official SDKs send POST with every parameter in the query and an empty body.
        let response = self
            .inner
            .http
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| transport(&e))?;
        let status = response.status().as_u16();
        let header_request_id = response
            .headers()
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.text().await.map_err(|e| transport(&e))?;
        if (200..300).contains(&status) {
            let request_id = if header_request_id.is_empty() {
                request_id_of(&body)
            } else {
                header_request_id
            };
            return Ok(Response {
                body,
                request_id,
                http_status: status,
            });
        }
        let mut error = api_error(status, &body, &host, header_request_id);
        if let Some(token) = &creds.security_token {
            error.message = redact(&error.message, token.expose());
        }
        Err(Error::Api(Box::new(error)))
    }
}

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
    all.extend(params.iter().cloned());
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
    let url = Url::parse(text).map_err(|e| bad(&format!("not a URL ({e})")))?;
    if url.host_str().is_none() {
        return Err(bad("no host"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "plain http:// is only allowed to loopback hosts; use https://",
        )),
        other => Err(bad(&format!("unsupported scheme {other}://"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn transport_kind(e: &reqwest::Error) -> TransportKind {
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
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        // reqwest repeats the URL, which would print every signed parameter: drop it.
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

fn api_error(status: u16, body: &str, host: &str, header_request_id: String) -> ApiError {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    match parsed {
        Some(b) if !b.code.is_empty() => ApiError {
            http_status: status,
            code: b.code,
            message: b.message,
            request_id: if b.request_id.is_empty() {
                header_request_id
            } else {
                b.request_id
            },
            host_id: b.host_id,
            recommend: b.recommend,
        },
        _ => {
            let snippet: String = body.chars().take(200).collect();
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("error");
            ApiError {
                http_status: status,
                code: format!("HTTP{status}"),
                message: format!("{reason} from {host}: {}", snippet.trim()),
                request_id: header_request_id,
                host_id: host.to_owned(),
                recommend: String::new(),
            }
        }
    }
}

/// SignatureDoesNotMatch echoes the server's string to sign, which holds the STS token
/// (percent-encoded twice): never let it reach a message, a log or the screen.
fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let once = sign::percent_encode(secret);
    let twice = sign::percent_encode(&once);
    [twice, once, secret.to_owned()]
        .iter()
        .fold(text.to_owned(), |t, form| {
            t.replace(form.as_str(), "<redacted>")
        })
}

fn request_id_of(body: &str) -> String {
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
    fn endpoints_require_https_except_loopback() {
        assert!(parse_endpoint("https://ecs.aliyuncs.com").is_ok());
        assert!(parse_endpoint("http://127.0.0.1:8080").is_ok());
        assert!(parse_endpoint("http://127.9.9.9:8080").is_ok());
        assert!(parse_endpoint("http://localhost:1").is_ok());
        assert!(parse_endpoint("http://[::1]:1").is_ok());
        assert!(parse_endpoint("http://ecs.aliyuncs.com").is_err());
        assert!(parse_endpoint("http://10.0.0.1").is_err());
        assert!(parse_endpoint("ftp://127.0.0.1").is_err());
        assert!(parse_endpoint("not a url").is_err());
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        let p = RetryPolicy::default();
        for retry in 0..20 {
            let d = p.delay(retry, false);
            assert!(d <= p.max_delay, "{d:?}");
            let full = p
                .base_delay
                .saturating_mul(1 << retry.min(16))
                .min(p.max_delay);
            assert!(d >= full / 2, "retry {retry}: {d:?} < half of {full:?}");
        }
        assert!(p.delay(0, true) >= p.throttle_delay / 2);
    }

    #[test]
    fn error_bodies_map_to_api_errors() {
        let e = api_error(
            404,
            r#"{"RequestId":"R1","HostId":"ecs.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found.","Recommend":"https://next.api.aliyun.com/troubleshoot?q=x"}"#,
            "ecs.aliyuncs.com",
            String::new(),
        );
        assert_eq!(e.code, "InvalidAccessKeyId.NotFound");
        assert_eq!(e.request_id, "R1");
        assert_eq!(e.http_status, 404);
        assert!(e.recommend.starts_with("https://"));

        let e = api_error(502, "<html>bad gateway</html>", "h", "HDR".into());
        assert_eq!(e.code, "HTTP502");
        assert_eq!(e.request_id, "HDR");
        assert!(e.is_retryable());
    }

    #[test]
    fn echoed_tokens_are_redacted_in_every_encoding() {
        let token = "tok/en+=";
        let echoed = format!(
            "string to sign is:POST&%2F&SecurityToken%3D{}%26x and {} and {token}",
            sign::percent_encode(&sign::percent_encode(token)),
            sign::percent_encode(token)
        );
        assert_eq!(
            redact(&echoed, token),
            "string to sign is:POST&%2F&SecurityToken%3D<redacted>%26x and <redacted> and <redacted>"
        );
    }

    #[test]
    fn signed_params_include_token_and_signature() {
        let creds = Credentials::new("id", "secret").with_token("tok");
        let p = signed_params(
            "DescribeRegions",
            ECS_VERSION,
            &[],
            &creds,
            "2020-01-01T00:00:00Z",
            "n",
        );
        let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("SecurityToken"), Some("tok"));
        assert_eq!(get("Format"), Some("JSON"));
        let sig = get("Signature").expect("signed");
        let unsigned: Vec<_> = p
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        assert_eq!(sig, sign::signature(Method::Post, &unsigned, "secret"));
    }
}
