//! Which account a profile reaches, as a short fingerprint: the cache keeps each account's
//! answers apart, so the same profile name pointed at another endpoint or other keys never
//! shows the first one's rows.

use sha1::{Digest as _, Sha1};

use super::{Auth, Profile};

impl Profile {
    /// `NAME@FINGERPRINT`: the profile's name and 12 hex digits of a hash of what decides
    /// the account it reaches: the endpoint calls go to (`endpoint`, the global `--endpoint`,
    /// wins over the profile's own) and the identity (AccessKey ID, role ARN, metadata role
    /// or credential command). No secret goes into it, and a hash keeps even the key id out
    /// of file names.
    #[must_use]
    pub fn account_key(&self, endpoint: Option<&str>) -> String {
        let mut hash = Sha1::new();
        let endpoint = endpoint.or(self.endpoint.as_deref()).unwrap_or("");
        // Each part ends with a byte no part holds, so ("ab", "c") and ("a", "bc") differ.
        for part in [endpoint.trim_end_matches('/')]
            .into_iter()
            .chain(identity(&self.auth).iter().map(String::as_str))
        {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let digest = hash.finalize();
        let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        format!("{}@{hex}", self.name)
    }
}

fn identity(auth: &Auth) -> Vec<String> {
    match auth {
        Auth::Static(c) => vec!["key".into(), c.access_key_id.clone()],
        Auth::AssumeRole { source, role } => {
            let mut parts = vec!["role".into(), role.role_arn.clone()];
            parts.extend(identity(source));
            parts
        }
        Auth::EcsRamRole {
            role_name,
            metadata_url,
            ..
        } => vec![
            "ecs-ram-role".into(),
            role_name.clone().unwrap_or_default(),
            metadata_url.clone().unwrap_or_default(),
        ],
        Auth::External { command } => vec!["external".into(), command.clone()],
        Auth::Chained { source_profile } => vec!["chained".into(), source_profile.clone()],
        Auth::Unusable => vec!["unusable".into()],
    }
}

#[cfg(test)]
mod tests {
    use crate::credentials::Credentials;
    use crate::profiles::{Profile, Source};

    fn profile(key_id: &str, endpoint: Option<&str>) -> Profile {
        Profile::with_credentials(
            "dev",
            Source::Env,
            Credentials::new(key_id, "secret-never-in-the-key"),
            None,
            endpoint.map(str::to_owned),
        )
    }

    #[test]
    fn another_endpoint_or_key_is_another_account() {
        let base = profile("LTAIkeyone", None).account_key(None);
        assert!(
            base.starts_with("dev@") && base.len() == "dev@".len() + 12,
            "{base}"
        );
        assert_eq!(
            base,
            profile("LTAIkeyone", None).account_key(None),
            "stable"
        );
        assert_ne!(base, profile("LTAIkeytwo", None).account_key(None));
        assert_ne!(
            base,
            profile("LTAIkeyone", None).account_key(Some("http://127.0.0.1:1234"))
        );
        assert_ne!(
            base,
            profile("LTAIkeyone", Some("http://127.0.0.1:1234")).account_key(None)
        );
    }

    #[test]
    fn the_global_endpoint_wins_over_the_profiles_own() {
        let p = profile("LTAIkeyone", Some("http://127.0.0.1:1"));
        assert_eq!(
            p.account_key(Some("http://127.0.0.1:2")),
            profile("LTAIkeyone", None).account_key(Some("http://127.0.0.1:2/"))
        );
    }

    #[test]
    fn no_secret_in_the_key() {
        let key = profile("LTAIkeyone", None).account_key(None);
        assert!(!key.contains("secret") && !key.contains("LTAI"), "{key}");
    }
}
