//! RamRoleArn and ChainableRamRoleArn: STS AssumeRole signed with the source credentials; the
//! temporary credentials are cached and refreshed before they expire.

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::Deserialize;

use super::cache::{Clock, Expiring, RefreshCache, system_clock};
use super::{Credentials, CredentialsProvider, Secret, SharedProvider};
use crate::api::{Client, ClientOptions, Error};

pub const STS_VERSION: &str = "2015-04-01";
pub const STS_HOST: &str = "sts.aliyuncs.com";

/// The role to assume, as a profile describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSpec {
    pub role_arn: String,
    pub session_name: String,
    /// `DurationSeconds`; STS's default (3600) when `None`.
    pub duration_seconds: Option<u64>,
    pub external_id: Option<String>,
    /// `sts_endpoint` of the profile: a host or a URL; `sts.aliyuncs.com` when `None`.
    pub sts_endpoint: Option<String>,
}

impl RoleSpec {
    /// Where AssumeRole goes: the global `--endpoint` override, else the profile's
    /// `sts_endpoint` (a bare host means HTTPS), else `https://sts.aliyuncs.com/`.
    #[must_use]
    pub fn endpoint(&self, endpoint_override: Option<&str>) -> Option<String> {
        endpoint_override.map(str::to_owned).or_else(|| {
            self.sts_endpoint.as_deref().map(|e| {
                if e.contains("://") {
                    e.to_owned()
                } else {
                    format!("https://{e}/")
                }
            })
        })
    }
}

/// Calls AssumeRole through a [`Client`] that signs with the source credentials.
pub struct AssumeRoleProvider {
    client: Client,
    role: RoleSpec,
    cache: RefreshCache,
}

impl std::fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl AssumeRoleProvider {
    /// `client` signs with the source credentials and is pointed at STS by its endpoint.
    #[must_use]
    pub fn new(client: Client, role: RoleSpec) -> Self {
        Self::with_clock(client, role, system_clock())
    }

    #[must_use]
    pub fn with_clock(client: Client, role: RoleSpec, clock: Clock) -> Self {
        AssumeRoleProvider {
            client,
            role,
            cache: RefreshCache::new(clock),
        }
    }

    /// A provider for `role`, with the source credentials from `source` and the STS client
    /// built from `options` (whose endpoint is replaced by [`RoleSpec::endpoint`]).
    ///
    /// # Errors
    /// A bad STS endpoint.
    pub fn from_source(
        source: SharedProvider,
        role: RoleSpec,
        endpoint_override: Option<&str>,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let options = ClientOptions {
            endpoint: role.endpoint(endpoint_override),
            ..options
        };
        Ok(Self::new(Client::new(source, options)?, role))
    }

    async fn assume(&self) -> Result<Expiring, Error> {
        let url = self.client.url_for_host(STS_HOST)?;
        let mut params = vec![
            ("RoleArn".to_owned(), self.role.role_arn.clone()),
            ("RoleSessionName".to_owned(), self.role.session_name.clone()),
        ];
        if let Some(d) = self.role.duration_seconds {
            params.push(("DurationSeconds".into(), d.to_string()));
        }
        if let Some(id) = &self.role.external_id {
            params.push(("ExternalId".into(), id.clone()));
        }
        let response = self
            .client
            .call(&url, STS_VERSION, "AssumeRole", &params)
            .await?;
        let decode_error = |detail: String| Error::Decode {
            action: "AssumeRole".into(),
            host: url.host_str().unwrap_or_default().to_owned(),
            http_status: response.http_status,
            request_id: response.request_id.clone(),
            detail,
        };
        // Never quote the body or serde's rendering of it: it holds the new secret.
        let body: AssumeRoleBody = serde_json::from_str(&response.body).map_err(|e| {
            decode_error(format!(
                "not an AssumeRole answer ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        let c = body.credentials;
        let expires_at = DateTime::parse_from_rfc3339(&c.expiration)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| decode_error(format!("Expiration {:?}: {e}", c.expiration)))?;
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

impl CredentialsProvider for AssumeRoleProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            self.cache
                .get(&self.role.role_arn, || self.assume())
                .await
                .map_err(|e| match e {
                    Error::Credentials(m) => {
                        Error::Credentials(format!("assuming {}: {m}", self.role.role_arn))
                    }
                    other => other,
                })
        })
    }
}

#[derive(Deserialize)]
struct AssumeRoleBody {
    #[serde(rename = "Credentials")]
    credentials: StsCredentials,
}

#[derive(Deserialize)]
struct StsCredentials {
    #[serde(rename = "AccessKeyId")]
    access_key_id: String,
    #[serde(rename = "AccessKeySecret")]
    access_key_secret: Secret,
    #[serde(rename = "SecurityToken")]
    security_token: Secret,
    #[serde(rename = "Expiration")]
    expiration: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(sts: Option<&str>) -> RoleSpec {
        RoleSpec {
            role_arn: "acs:ram::1:role/r".into(),
            session_name: "s".into(),
            duration_seconds: None,
            external_id: None,
            sts_endpoint: sts.map(str::to_owned),
        }
    }

    #[test]
    fn the_global_endpoint_wins_then_the_profiles() {
        assert_eq!(role(None).endpoint(None), None);
        assert_eq!(
            role(Some("sts-vpc.cn-hangzhou.aliyuncs.com")).endpoint(None),
            Some("https://sts-vpc.cn-hangzhou.aliyuncs.com/".into())
        );
        assert_eq!(
            role(Some("sts.cn-beijing.aliyuncs.com")).endpoint(Some("http://127.0.0.1:9")),
            Some("http://127.0.0.1:9".into())
        );
    }
}
