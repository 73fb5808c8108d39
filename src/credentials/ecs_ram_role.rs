//! EcsRamRole: the instance RAM role's temporary credentials from the ECS instance metadata
//! service (IMDSv2 token first, IMDSv1 as the fallback), cached until shortly before expiry.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::Deserialize;

use super::cache::{Clock, Expiring, RefreshCache, system_clock};
use super::{Credentials, CredentialsProvider, Secret};
use crate::api::Error;

/// The metadata service every ECS instance reaches.
pub const METADATA_URL: &str = "http://100.100.100.200";
/// Points the provider somewhere else (tests, a local metadata emulator).
pub const METADATA_URL_ENV: &str = "ECS_TUI_METADATA_URL";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
/// The longest token life the service accepts.
const TOKEN_TTL: &str = "21600";
/// The SDKs' timeouts: off ECS the address does not answer, and nobody should wait for it.
const TIMEOUT: Duration = Duration::from_secs(1);

pub struct EcsRamRoleProvider {
    http: reqwest::Client,
    base: String,
    role_name: Option<String>,
    imdsv1_allowed: bool,
    cache: RefreshCache,
}

impl std::fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("base", &self.base)
            .field("role_name", &self.role_name)
            .finish_non_exhaustive()
    }
}

impl EcsRamRoleProvider {
    /// `role_name`: discovered from the metadata service when `None`. `base_url`: the metadata
    /// service, [`METADATA_URL`] when `None`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(role_name: Option<String>, base_url: Option<String>) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .no_proxy() // the metadata address is link-local: a proxy cannot reach it
            .build()
            .map_err(|e| Error::Credentials(format!("cannot build the HTTP client: {e}")))?;
        Ok(EcsRamRoleProvider {
            http,
            base: base_url
                .unwrap_or_else(|| METADATA_URL.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            role_name: role_name.filter(|r| !r.is_empty()),
            imdsv1_allowed: true,
            cache: RefreshCache::new(system_clock()),
        })
    }

    /// Refuse the token-less IMDSv1 fallback (`ALIBABA_CLOUD_IMDSV1_DISABLED=true`).
    #[must_use]
    pub fn imdsv1_allowed(mut self, allowed: bool) -> Self {
        self.imdsv1_allowed = allowed;
        self
    }

    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.cache = RefreshCache::new(clock);
        self
    }

    fn failure(&self, what: &str, detail: &str) -> Error {
        Error::Credentials(format!(
            "instance metadata at {}: {what}: {detail} (EcsRamRole works only on an ECS \
             instance with a RAM role attached)",
            self.base
        ))
    }

    /// IMDSv2: a session token, or `None` when the service does not hand one out.
    async fn token(&self) -> Option<String> {
        let response = self
            .http
            .put(format!("{}/latest/api/token", self.base))
            .header("X-aliyun-ecs-metadata-token-ttl-seconds", TOKEN_TTL)
            .send()
            .await;
        match response {
            Ok(r) if r.status().is_success() => r.text().await.ok().map(|t| t.trim().to_owned()),
            Ok(r) => {
                tracing::debug!(status = r.status().as_u16(), "no IMDSv2 token");
                None
            }
            Err(e) => {
                tracing::debug!(error = %e, "no IMDSv2 token");
                None
            }
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Result<String, Error> {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.header("X-aliyun-ecs-metadata-token", token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.failure(&format!("GET {path}"), &describe(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(self.failure(&format!("GET {path}"), &format!("HTTP {status}")));
        }
        response
            .text()
            .await
            .map_err(|e| self.failure(&format!("GET {path}"), &describe(&e)))
    }

    async fn fetch(&self) -> Result<Expiring, Error> {
        let token = self.token().await;
        if token.is_none() && !self.imdsv1_allowed {
            return Err(self.failure(
                "no IMDSv2 token",
                "and IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED)",
            ));
        }
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => self
                .get(CREDENTIALS_PATH, token.as_deref())
                .await?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        if role.is_empty() {
            return Err(self.failure("role discovery", "no RAM role is attached"));
        }
        let body = self
            .get(&format!("{CREDENTIALS_PATH}{role}"), token.as_deref())
            .await?;
        let c: MetadataCredentials = serde_json::from_str(&body).map_err(|e| {
            self.failure(
                &format!("credentials of role {role}"),
                &format!("unexpected JSON ({:?} error)", e.classify()),
            )
        })?;
        if c.code != "Success" {
            return Err(self.failure(
                &format!("credentials of role {role}"),
                &format!("Code {:?}", c.code),
            ));
        }
        let expires_at = DateTime::parse_from_rfc3339(&c.expiration)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| self.failure("Expiration", &format!("{:?}: {e}", c.expiration)))?;
        Ok(Expiring {
            credentials: Credentials::from_secrets(
                c.access_key_id,
                c.access_key_secret,
                Some(c.security_token),
            ),
            expires_at: Some(expires_at),
        })
    }
}

impl CredentialsProvider for EcsRamRoleProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.cache.get("EcsRamRole", || self.fetch()))
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "cannot connect".into()
    } else {
        e.to_string()
    }
}

#[derive(Deserialize)]
struct MetadataCredentials {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "AccessKeyId")]
    access_key_id: String,
    #[serde(rename = "AccessKeySecret")]
    access_key_secret: Secret,
    #[serde(rename = "SecurityToken")]
    security_token: Secret,
    #[serde(rename = "Expiration")]
    expiration: String,
}
