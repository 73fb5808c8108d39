//! How a client behaves: timeouts, the retry policy and its backoff, the in-flight cap; and
//! what a successful call returns.

use std::time::Duration;

use rand::Rng as _;

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
    /// For errors made from this answer later (an unreadable body): they quote the server too.
    pub scrubber: std::sync::Arc<super::super::scrub::Scrubber>,
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
