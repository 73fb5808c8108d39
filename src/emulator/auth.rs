//! Checks every request the way the real service does: common parameters, timestamp window,
//! AccessKey (long-lived or STS), signature v1, nonce reuse.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher as _, RandomState};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use super::Account;
use super::rejection::Rejection;
use crate::api::sign::{self, Method};
use crate::credentials::Secret;

/// How far a request's Timestamp may be from the server's clock, either way.
pub const TIMESTAMP_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Nonces remembered at most; past it the oldest are forgotten first (bounded memory under a
/// benchmark's load, at the price of a shorter replay window then).
const MAX_NONCES: usize = 1_000_000;

/// The request parameters, query and form body merged (the body wins on a repeated name).
#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key, value)),
        }
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value, which must be present and not empty.
    ///
    /// # Errors
    /// `MissingParameter` naming it.
    pub fn require(&self, key: &str) -> Result<&str, Rejection> {
        self.get(key)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Rejection::missing(key))
    }
}

/// Who is calling: the index of the account whose inventory they see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: usize,
    pub access_key_id: String,
}

#[derive(Debug)]
struct StsSession {
    secret: Secret,
    token: Secret,
    expires: DateTime<Utc>,
    account: usize,
}

/// Temporary credentials as AssumeRole hands them out.
#[derive(Debug, Clone)]
pub struct Issued {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Secret,
    pub expiration: DateTime<Utc>,
}

#[derive(Default)]
struct Nonces {
    seen: HashMap<u64, i64>,
    order: VecDeque<(i64, u64)>,
}

pub struct Auth {
    keys: HashMap<String, (Secret, usize)>,
    sts: Mutex<HashMap<String, StsSession>>,
    nonces: Mutex<Nonces>,
    hasher: RandomState,
    sts_lifetime: Option<Duration>,
}

impl Auth {
    pub fn new(accounts: &[Account], sts_lifetime: Option<Duration>) -> Self {
        let keys = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.access_key_id.clone(), (a.access_key_secret.clone(), i)))
            .collect();
        Auth {
            keys,
            sts: Mutex::new(HashMap::new()),
            nonces: Mutex::new(Nonces::default()),
            hasher: RandomState::new(),
            sts_lifetime,
        }
    }

    /// Verifies a request; on success, who made it.
    ///
    /// # Errors
    /// The rejection the real service would answer with.
    pub fn verify(
        &self,
        method: Method,
        params: &Params,
        now: DateTime<Utc>,
    ) -> Result<Caller, Rejection> {
        let key_id = params.require("AccessKeyId")?;
        let given_signature = params.require("Signature")?;
        if params.require("SignatureMethod")? != "HMAC-SHA1" {
            return Err(Rejection::invalid("SignatureMethod"));
        }
        if params.require("SignatureVersion")? != "1.0" {
            return Err(Rejection::invalid("SignatureVersion"));
        }
        let nonce = params.require("SignatureNonce")?;
        let timestamp = parse_timestamp(params.require("Timestamp")?)?;
        if (timestamp - now).abs() > TIMESTAMP_WINDOW {
            return Err(Rejection::timestamp_expired());
        }
        let (secret, account) = self.secret_for(key_id, params.get("SecurityToken"), now)?;
        let string_to_sign = sign::string_to_sign(method, &params.0);
        let expected = sign::sign_string(&string_to_sign, secret.expose());
        if !sign::signatures_match(&expected, given_signature) {
            return Err(Rejection::signature_mismatch(&string_to_sign));
        }
        self.use_nonce(key_id, nonce, timestamp.max(now) + TIMESTAMP_WINDOW, now)?;
        Ok(Caller {
            account,
            access_key_id: key_id.to_owned(),
        })
    }

    fn secret_for(
        &self,
        key_id: &str,
        token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(Secret, usize), Rejection> {
        if let Some((secret, account)) = self.keys.get(key_id) {
            return Ok((secret.clone(), *account));
        }
        let sts = self.sts.lock().unwrap_or_else(PoisonError::into_inner);
        let session = sts.get(key_id).ok_or_else(Rejection::unknown_key)?;
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(Rejection::token_missing)?;
        if !sign::signatures_match(session.token.expose(), token) {
            return Err(Rejection::token_mismatch());
        }
        if now >= session.expires {
            return Err(Rejection::token_expired());
        }
        Ok((session.secret.clone(), session.account))
    }

    fn use_nonce(
        &self,
        key_id: &str,
        nonce: &str,
        remember_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), Rejection> {
        let hash = self.hasher.hash_one((key_id, nonce));
        let mut n = self.nonces.lock().unwrap_or_else(PoisonError::into_inner);
        let now = now.timestamp();
        while let Some(&(until, old)) = n.order.front() {
            if until >= now && n.order.len() < MAX_NONCES {
                break;
            }
            n.order.pop_front();
            if n.seen.get(&old) == Some(&until) {
                n.seen.remove(&old);
            }
        }
        if n.seen.get(&hash).is_some_and(|&until| until >= now) {
            return Err(Rejection::nonce_used());
        }
        let until = remember_until.timestamp();
        n.seen.insert(hash, until);
        n.order.push_back((until, hash));
        Ok(())
    }

    /// New temporary credentials for `account`, valid `duration` (or the configured override).
    pub fn issue(&self, account: usize, duration: Duration, now: DateTime<Utc>) -> Issued {
        let lifetime = self.sts_lifetime.unwrap_or(duration);
        let expiration = now + TimeDelta::from_std(lifetime).unwrap_or(TimeDelta::hours(1));
        let issued = Issued {
            access_key_id: format!("STS.{}", random_text(21)),
            access_key_secret: Secret::new(random_text(44)),
            security_token: Secret::new(format!("CAIS{}", random_text(300))),
            // Second precision on the wire; keep the session consistent with what was said.
            expiration: DateTime::from_timestamp(expiration.timestamp(), 0).unwrap_or(expiration),
        };
        let mut sts = self.sts.lock().unwrap_or_else(PoisonError::into_inner);
        sts.retain(|_, s| s.expires > now);
        sts.insert(
            issued.access_key_id.clone(),
            StsSession {
                secret: issued.access_key_secret.clone(),
                token: issued.security_token.clone(),
                expires: issued.expiration,
                account,
            },
        );
        issued
    }

    /// Makes every STS credential issued so far expire now (tests of expiry need no sleep).
    pub fn expire_sts(&self, now: DateTime<Utc>) {
        let mut sts = self.sts.lock().unwrap_or_else(PoisonError::into_inner);
        for session in sts.values_mut() {
            session.expires = now;
        }
    }
}

fn random_text(len: usize) -> String {
    use rand::Rng as _;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// `yyyy-MM-ddTHH:mm:ssZ` as the SDKs send it; fractional seconds and offsets tolerated.
fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, Rejection> {
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ") {
        return Ok(t.and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Rejection::timestamp_format())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::client::signed_params;
    use crate::credentials::Credentials;

    fn auth() -> Auth {
        Auth::new(&[Account::new("id1", "secret1")], None)
    }

    fn params(creds: &Credentials, ts: &str, nonce: &str) -> Params {
        Params(signed_params(
            "DescribeRegions",
            "2014-05-26",
            &[],
            creds,
            ts,
            nonce,
        ))
    }

    fn now() -> DateTime<Utc> {
        parse_timestamp("2024-05-01T10:00:00Z").expect("valid")
    }

    #[test]
    fn accepts_a_good_request_once() {
        let a = auth();
        let p = params(
            &Credentials::new("id1", "secret1"),
            "2024-05-01T10:00:00Z",
            "n1",
        );
        assert_eq!(a.verify(Method::Post, &p, now()).map(|c| c.account), Ok(0));
        let again = a.verify(Method::Post, &p, now()).map(|c| c.account);
        assert_eq!(again.map_err(|r| r.code), Err("SignatureNonceUsed".into()));
    }

    #[test]
    fn the_method_is_signed() {
        let p = params(
            &Credentials::new("id1", "secret1"),
            "2024-05-01T10:00:00Z",
            "n1",
        );
        let err = auth()
            .verify(Method::Get, &p, now())
            .expect_err("POST-signed");
        assert_eq!(err.code, "SignatureDoesNotMatch");
        assert!(err.message.ends_with("server string to sign is:GET&%2F&AccessKeyId%3Did1%26Action%3DDescribeRegions%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dn1%26SignatureVersion%3D1.0%26Timestamp%3D2024-05-01T10%253A00%253A00Z%26Version%3D2014-05-26"), "{}", err.message);
    }

    #[test]
    fn timestamps_outside_fifteen_minutes_are_expired() {
        let creds = Credentials::new("id1", "secret1");
        let a = auth();
        for (ts, ok) in [
            ("2024-05-01T09:45:00Z", true),
            ("2024-05-01T09:44:59Z", false),
            ("2024-05-01T10:15:00Z", true),
            ("2024-05-01T10:15:01Z", false),
        ] {
            let r = a.verify(Method::Post, &params(&creds, ts, ts), now());
            assert_eq!(r.is_ok(), ok, "{ts}: {r:?}");
            if !ok {
                assert_eq!(r.expect_err("expired").code, "InvalidTimeStamp.Expired");
            }
        }
        let r = a.verify(Method::Post, &params(&creds, "yesterday", "x"), now());
        assert_eq!(r.expect_err("bad").code, "IllegalTimestamp");
    }

    #[test]
    fn sts_credentials_work_until_they_expire() {
        let a = auth();
        let issued = a.issue(0, Duration::from_secs(900), now());
        let creds = Credentials::new(&issued.access_key_id, issued.access_key_secret.expose())
            .with_token(issued.security_token.expose());
        let p = params(&creds, "2024-05-01T10:00:00Z", "s1");
        assert_eq!(a.verify(Method::Post, &p, now()).map(|c| c.account), Ok(0));
        let mut wrong = creds.clone();
        wrong.security_token = Some(Secret::new("CAISother"));
        let r = a.verify(
            Method::Post,
            &params(&wrong, "2024-05-01T10:00:00Z", "s2"),
            now(),
        );
        assert_eq!(
            r.expect_err("mismatch").code,
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        a.expire_sts(now());
        let r = a.verify(
            Method::Post,
            &params(&creds, "2024-05-01T10:00:00Z", "s3"),
            now(),
        );
        assert_eq!(r.expect_err("expired").code, "InvalidSecurityToken.Expired");
    }

    #[test]
    fn unknown_keys_are_not_found() {
        let creds = Credentials::new("nobody", "x");
        let r = auth().verify(
            Method::Post,
            &params(&creds, "2024-05-01T10:00:00Z", "n"),
            now(),
        );
        let e = r.expect_err("unknown");
        assert_eq!(
            (e.status, e.code.as_str()),
            (404, "InvalidAccessKeyId.NotFound")
        );
    }
}
