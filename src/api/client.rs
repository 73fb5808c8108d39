//! The signed RPC client: endpoints, one attempt, retries with backoff, error mapping.

mod body;
mod failure;
mod log;
mod options;
pub mod test_env;
mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use reqwest::Url;

pub use self::body::MAX_BODY_BYTES;
use self::body::{BodyError, read_capped, too_large};
pub use self::failure::answer_error;
use self::failure::{error_chain, request_id_of, transport_kind};
pub use self::options::{ClientOptions, Response, RetryPolicy};
pub use self::wire::{
    is_loopback, is_valid_host, is_valid_region_id, parse_endpoint, query_string, signed_params,
};
use super::clock::{Clock, is_skew_code};
use super::error::{Error, TransportKind};
use super::limiter::{Limiter, LimiterStats};
use super::scrub::Scrubber;
use crate::credentials::SharedProvider;

pub const ECS_VERSION: &str = "2014-05-26";
/// DescribeRegions goes to the central endpoint; every region then has its own.
pub const ECS_CENTRAL_HOST: &str = "ecs.aliyuncs.com";

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
    limiter: Limiter,
    region_hosts: Mutex<HashMap<String, String>>,
    /// The service's time as learned from a rejected Timestamp; shared by every clone.
    clock: Clock,
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
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .timeout(options.request_timeout)
            // The API never redirects; following one would carry the signed query to a host
            // nobody vetted (and over plain HTTP, since loopback HTTP is allowed).
            .redirect(reqwest::redirect::Policy::none())
            .https_only(false) // vetted per URL in `parse_endpoint`, which allows loopback
            .user_agent(concat!("ecs-tui/", env!("CARGO_PKG_VERSION")));
        if endpoint.as_ref().is_some_and(is_loopback) {
            // A proxy cannot reach this machine's loopback; HTTP_PROXY must not break --endpoint.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| Error::Endpoint {
            url: String::new(),
            reason: format!("cannot build the HTTP client: {}", error_chain(&e)),
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                provider,
                endpoint,
                limiter: Limiter::new(options.max_in_flight),
                options,
                region_hosts: Mutex::new(HashMap::new()),
                clock: Clock::default(),
            }),
        })
    }

    #[must_use]
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// The clock every request's Timestamp comes from (local time plus a learned offset).
    #[must_use]
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The adaptive cap on requests in flight, as it stands (shared by all clones).
    #[must_use]
    pub fn limiter_stats(&self) -> LimiterStats {
        self.inner.limiter.stats()
    }

    #[must_use]
    pub fn provider(&self) -> &SharedProvider {
        &self.inner.provider
    }

    /// The `--endpoint` override every call goes to, if any.
    #[must_use]
    pub fn endpoint_override(&self) -> Option<&Url> {
        self.inner.endpoint.as_ref()
    }

    /// Remembers each region's `RegionEndpoint`, as DescribeRegions reported it. Values that are
    /// not bare host names are ignored (the region then uses the regional fallback).
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
            if is_valid_host(host) {
                hosts.insert(region_id.to_owned(), host.to_ascii_lowercase());
            } else if !host.is_empty() {
                tracing::warn!(
                    region_id,
                    host,
                    "ignoring a RegionEndpoint that is not a host name"
                );
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
    /// When the region id is not one (it would become part of a host name).
    pub fn url_for_region(&self, region_id: &str) -> Result<Url, Error> {
        if !is_valid_region_id(region_id) {
            return Err(Error::Endpoint {
                url: region_id.to_owned(),
                reason: "not a region id (lowercase letters, digits and `-`, like cn-hangzhou)"
                    .into(),
            });
        }
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

    /// One RPC call, signed, with retries on transient failures. Every attempt is signed anew
    /// (fresh `SignatureNonce` and `Timestamp`), and no attempt outlives the policy's deadline.
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
        let mut last: Option<Error> = None;
        let mut skew_retry = true;
        loop {
            attempt += 1;
            let offset_before = self.inner.clock.offset();
            let remaining = policy.deadline.saturating_sub(started.elapsed());
            let attempt_started = Instant::now();
            let Ok(result) =
                tokio::time::timeout(remaining, self.attempt(url, version, action, params)).await
            else {
                // The deadline cut this attempt short; an earlier failure says more, if any.
                let err = last.unwrap_or_else(|| Error::Transport {
                    kind: TransportKind::Timeout,
                    action: action.to_owned(),
                    host: url.host_str().unwrap_or_default().to_owned(),
                    detail: format!("no answer within the {:?} deadline", policy.deadline),
                });
                tracing::warn!(action, attempt, error = %err, "call failed at the deadline");
                return Err(err);
            };
            log::attempt(
                action,
                params,
                url.host_str().unwrap_or_default(),
                attempt,
                attempt_started.elapsed(),
                &result,
            );
            let err = match result {
                Ok(response) => return Ok(response),
                Err(err) => err,
            };
            // A Timestamp rejected for clock skew, with the clock corrected since it was
            // signed (by this answer's Date header or another call's): once more, at once.
            if skew_retry
                && err.api().is_some_and(|e| is_skew_code(&e.code))
                && self.inner.clock.offset() != offset_before
            {
                skew_retry = false;
                tracing::info!(action, "retrying with the corrected clock");
                last = Some(err);
                continue;
            }
            let delay = policy.delay(attempt - 1, err.is_throttling());
            let out_of_time = started.elapsed() + delay >= policy.deadline;
            if !err.is_retryable() || attempt >= policy.max_attempts.max(1) || out_of_time {
                tracing::warn!(action, attempt, error = %err, "call failed");
                return Err(err);
            }
            tracing::debug!(action, attempt, error = %err, ?delay, "retrying");
            super::progress::report(&super::progress::Event::Retrying {
                action,
                region: params
                    .iter()
                    .find(|(k, _)| k == "RegionId")
                    .map(|(_, v)| v.as_str()),
                attempt: attempt + 1,
                max: policy.max_attempts.max(1),
                throttled: err.is_throttling(),
                delay,
                code: err.code(),
            });
            last = Some(err);
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        version: &str,
        action: &str,
        params: &[(String, String)],
    ) -> Result<Response, Error> {
        let creds = self.inner.provider.credentials().await?;
        // Every string the server sends back is scrubbed of these before anyone sees it.
        let scrubber = Arc::new(Scrubber::new(&creds));
        // Wait for a slot before signing, so a queued request does not go out with an old
        // Timestamp.
        let permit = self
            .inner
            .limiter
            .acquire()
            .await
            .map_err(|_| Error::Credentials("client is shutting down".into()))?;
        let params = signed_params(
            action,
            version,
            params,
            &creds,
            &self
                .inner
                .clock
                .now()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            &uuid::Uuid::new_v4().to_string(),
        );
        let mut url = url.clone();
        // Our own encoding, not form encoding: `+` must arrive as `%2B`, space as `%20`.
        url.set_query(Some(&query_string(&params)));
        let host = url.host_str().unwrap_or_default().to_owned();
        let transport = |e: reqwest::Error| {
            // The URL holds the signature and the token: it never leaves this function.
            let e = e.without_url();
            Error::Transport {
                kind: transport_kind(&e),
                action: action.to_owned(),
                host: host.clone(),
                detail: scrubber.scrub(&error_chain(&e)),
            }
        };

        // The official SDKs send POST with every parameter in the query and an empty body.
        let response = self
            .inner
            .http
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let received = chrono::Utc::now();
        let body = match read_capped(response, MAX_BODY_BYTES).await {
            Ok(body) => body,
            Err(BodyError::Wire(e)) => return Err(transport(e)),
            Err(BodyError::TooLarge) => {
                return Err(Error::Transport {
                    kind: TransportKind::TooLarge,
                    action: action.to_owned(),
                    host,
                    detail: too_large(MAX_BODY_BYTES),
                });
            }
        };
        if (200..300).contains(&status) {
            permit.succeeded();
            let request_id = headers
                .get("x-acs-request-id")
                .and_then(|v| v.to_str().ok())
                .filter(|id| !id.is_empty())
                .map_or_else(|| request_id_of(&body), str::to_owned);
            return Ok(Response {
                body,
                request_id: scrubber.scrub(&request_id),
                http_status: status,
                scrubber,
            });
        }
        let mut error = answer_error(status, &headers, &body, &host, &scrubber);
        // The hint for a rejected key says where this one came from.
        error.key_origin.clone_from(&creds.origin);
        if is_skew_code(&error.code)
            && let Some(date) = &date
        {
            self.inner.clock.correct(date, received);
        }
        if error.is_throttling() {
            // Everyone waits at least as long as this request will before its retry.
            permit.throttled(self.inner.options.retry.throttle_delay / 2);
        }
        Err(Error::Api(Box::new(error)))
    }
}
