//! Credentials (secrets redacted in `Debug`/`Display`) and the providers that produce them.

pub mod assume_role;
pub mod cache;
pub mod ecs_ram_role;
pub mod external;
pub mod origin;

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

pub use assume_role::{AssumeRoleProvider, RoleSpec};
pub use cache::{Clock, Expiring, system_clock};
pub use ecs_ram_role::EcsRamRoleProvider;
pub use external::ExternalProvider;
pub use origin::KeyOrigin;

/// A secret string: AccessKey secret or STS token. It prints as `<redacted>` everywhere, so
/// a `{:?}` in a log line, an error or a panic message can never leak it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the signer and nothing else.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// What signs a request: an AccessKey pair, plus the token when the pair is temporary (STS).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
    /// Where the pair was found, for hints when the service rejects it; `None` for keys made
    /// on the fly (STS, the metadata service, a process).
    pub origin: Option<Arc<KeyOrigin>>,
}

impl Credentials {
    #[must_use]
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: None,
            origin: None,
        }
    }

    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// Builds credentials from parts that are already secrets; an empty token counts as none.
    #[must_use]
    pub fn from_secrets(id: String, secret: Secret, token: Option<Secret>) -> Self {
        Credentials {
            access_key_id: id,
            access_key_secret: secret,
            security_token: token.filter(|t| !t.is_empty()),
            origin: None,
        }
    }

    #[must_use]
    pub fn with_origin(mut self, origin: KeyOrigin) -> Self {
        self.origin = Some(Arc::new(origin));
        self
    }
}

/// `LTAI****x7Qa`: enough to recognise a key, not enough to use it.
#[must_use]
pub fn mask_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "****".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Produces credentials for each request. Providers of temporary credentials cache them and
/// refresh before they expire, so calling this per request is cheap.
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, crate::api::Error>>;
}

/// Long-lived keys, or an STS token that was handed to us as is.
#[derive(Debug, Clone)]
pub struct StaticProvider(pub Credentials);

impl CredentialsProvider for StaticProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, crate::api::Error>> {
        let creds = self.0.clone();
        Box::pin(async move { Ok(creds) })
    }
}

pub type SharedProvider = Arc<dyn CredentialsProvider>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let c = Credentials::new("LTAI5tAbCdEfGhx7Qa", "s3cr3t-value").with_token("tok-value");
        let shown = format!("{c:?} {}", c.access_key_secret);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("tok-value"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn masks_key_ids() {
        assert_eq!(mask_key_id("LTAI5tAbCdEfGhx7Qa"), "LTAI****x7Qa");
        assert_eq!(mask_key_id("short"), "****");
    }

    #[test]
    fn empty_tokens_are_no_tokens() {
        let c = Credentials::from_secrets("id".into(), Secret::new("s"), Some(Secret::new("")));
        assert_eq!(c.security_token, None);
    }
}
