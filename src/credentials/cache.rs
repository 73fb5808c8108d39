//! The cache every temporary-credentials provider shares: one refresh at a time, started
//! before the credentials expire, never per request.

use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Mutex;

use super::Credentials;
use crate::api::Error;

/// The time, injectable so tests can move it without sleeping.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[must_use]
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// Credentials and when they stop working (`None`: they do not expire).
#[derive(Debug, Clone)]
pub struct Expiring {
    pub credentials: Credentials,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Refresh starts this long before expiry at the least...
const MIN_MARGIN: Duration = Duration::minutes(5);
/// ...and after a failed refresh, while the old credentials still work, wait this long before
/// trying again, so a broken STS endpoint is not hit on every request.
const RETRY_AFTER_FAILURE: Duration = Duration::seconds(30);

struct Entry {
    value: Expiring,
    obtained_at: DateTime<Utc>,
    retry_not_before: Option<DateTime<Utc>>,
}

impl Entry {
    /// Fresh until less than 5 minutes or a fifth of the lifetime is left (but never less than
    /// half the lifetime, so short-lived credentials are not fetched on every request).
    fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        let Some(expires) = self.value.expires_at else {
            return true;
        };
        let lifetime = expires - self.obtained_at;
        let margin = MIN_MARGIN.max(lifetime / 5).min(lifetime / 2);
        expires - now > margin
    }

    fn is_valid(&self, now: DateTime<Utc>) -> bool {
        self.value.expires_at.is_none_or(|e| e > now)
    }
}

/// Holds the current credentials. Concurrent callers wait on one lock, so when a refresh is
/// due exactly one of them performs it and the others get its result.
pub struct RefreshCache {
    state: Mutex<Option<Entry>>,
    clock: Clock,
}

impl std::fmt::Debug for RefreshCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshCache")
    }
}

impl RefreshCache {
    #[must_use]
    pub fn new(clock: Clock) -> Self {
        RefreshCache {
            state: Mutex::new(None),
            clock,
        }
    }

    /// The cached credentials, or fresh ones from `fetch` when they are due for a refresh.
    ///
    /// # Errors
    /// `fetch`'s error, when there are no credentials that still work.
    pub async fn get<F, Fut>(&self, what: &str, fetch: F) -> Result<Credentials, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Expiring, Error>>,
    {
        let mut state = self.state.lock().await;
        let now = (self.clock)();
        if let Some(entry) = state.as_ref() {
            let waiting = entry.retry_not_before.is_some_and(|t| now < t);
            if entry.is_fresh(now) || (waiting && entry.is_valid(now)) {
                return Ok(entry.value.credentials.clone());
            }
        }
        match fetch().await {
            Ok(value) => {
                tracing::debug!(what, expires_at = ?value.expires_at, "obtained credentials");
                let creds = value.credentials.clone();
                *state = Some(Entry {
                    value,
                    obtained_at: now,
                    retry_not_before: None,
                });
                Ok(creds)
            }
            Err(err) => match state.as_mut() {
                Some(entry) if entry.is_valid(now) => {
                    tracing::warn!(what, error = %err, "refreshing credentials failed; the current ones still work");
                    entry.retry_not_before = Some(now + RETRY_AFTER_FAILURE);
                    Ok(entry.value.credentials.clone())
                }
                _ => Err(err),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

    fn clock_at(secs: Arc<AtomicI64>) -> Clock {
        Arc::new(move || {
            DateTime::from_timestamp(secs.load(Ordering::SeqCst), 0).unwrap_or_default()
        })
    }

    #[tokio::test]
    async fn refreshes_inside_the_margin_and_not_before() {
        let now = Arc::new(AtomicI64::new(1_000_000));
        let cache = RefreshCache::new(clock_at(now.clone()));
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            let start = DateTime::from_timestamp(now.load(Ordering::SeqCst), 0).unwrap_or_default();
            Ok(Expiring {
                credentials: Credentials::new("id", "s"),
                expires_at: Some(start + Duration::hours(1)),
            })
        };
        cache.get("t", fetch).await.expect("first");
        now.fetch_add(47 * 60, Ordering::SeqCst); // 13 min left: margin is 12 min
        cache.get("t", fetch).await.expect("cached");
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        now.fetch_add(2 * 60, Ordering::SeqCst); // 11 min left
        cache.get("t", fetch).await.expect("refreshed");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_working_credentials_and_backs_off() {
        let now = Arc::new(AtomicI64::new(1_000_000));
        let cache = RefreshCache::new(clock_at(now.clone()));
        let start = DateTime::from_timestamp(1_000_000, 0).unwrap_or_default();
        cache
            .get("t", || async {
                Ok(Expiring {
                    credentials: Credentials::new("old", "s"),
                    expires_at: Some(start + Duration::hours(1)),
                })
            })
            .await
            .expect("first");
        now.fetch_add(55 * 60, Ordering::SeqCst);
        let attempts = AtomicUsize::new(0);
        let failing = || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(Error::Credentials("sts down".into()))
        };
        let c = cache.get("t", failing).await.expect("old ones still work");
        assert_eq!(c.access_key_id, "old");
        cache.get("t", failing).await.expect("still old");
        assert_eq!(attempts.load(Ordering::SeqCst), 1, "no retry within 30 s");
        now.fetch_add(6 * 60, Ordering::SeqCst); // expired
        assert!(cache.get("t", failing).await.is_err());
    }
}
