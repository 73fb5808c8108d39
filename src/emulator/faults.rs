//! What makes the emulator behave like a real network and a real quota: injected faults
//! (seeded, so tests are repeatable) and a token bucket per (action, region).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

/// The ways a request fails when a fault is injected, in equal shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 500 `InternalError`.
    InternalError,
    /// HTTP 503 `ServiceUnavailable`.
    ServiceUnavailable,
    /// The connection drops in the middle of the response.
    Dropped,
    /// The response comes, but only after `EmulatorConfig::slow_response`.
    Slow,
}

pub struct Faults {
    rate: f64,
    rng: Mutex<StdRng>,
    /// How many of each kind were injected, indexed by [`Fault::index`]: tests compare what
    /// the client saw with what the server did, instead of guessing from timings.
    injected: [AtomicUsize; 4],
}

impl Fault {
    fn index(self) -> usize {
        match self {
            Fault::InternalError => 0,
            Fault::ServiceUnavailable => 1,
            Fault::Dropped => 2,
            Fault::Slow => 3,
        }
    }
}

impl Faults {
    pub fn new(rate: f64, seed: u64) -> Self {
        Faults {
            rate: rate.clamp(0.0, 1.0),
            rng: Mutex::new(StdRng::seed_from_u64(seed ^ 0xFA17_FA17_FA17_FA17)),
            injected: Default::default(),
        }
    }

    /// Faults of this kind injected so far.
    pub fn injected(&self, kind: Fault) -> usize {
        self.injected[kind.index()].load(Ordering::SeqCst)
    }

    /// Whether this request fails, and how. One draw per request, so a sequence of requests
    /// meets the same faults on every run with the same seed.
    pub fn draw(&self) -> Option<Fault> {
        if self.rate <= 0.0 {
            return None;
        }
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        if rng.random::<f64>() >= self.rate {
            return None;
        }
        let fault = match rng.random_range(0..4) {
            0 => Fault::InternalError,
            1 => Fault::ServiceUnavailable,
            2 => Fault::Dropped,
            _ => Fault::Slow,
        };
        self.injected[fault.index()].fetch_add(1, Ordering::SeqCst);
        Some(fault)
    }
}

/// Holds up to one second's worth of requests, refilled continuously at `rate` per second.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    #[must_use]
    pub fn new(rate: f64, now: Instant) -> Self {
        let capacity = rate.max(1.0);
        TokenBucket {
            rate,
            capacity,
            tokens: capacity,
            last: now,
        }
    }

    pub fn try_take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// `--throttle-qps`: one bucket per (action, region), as ECS counts its quotas. Tests can
/// instead refuse every n-th call of each (action, region), which no machine's speed changes.
pub struct Throttle {
    qps: f64,
    every: u32,
    buckets: Mutex<HashMap<(String, String), TokenBucket>>,
    calls: Mutex<HashMap<(String, String), u32>>,
}

impl Throttle {
    /// Refuses calls beyond `qps`, and every `every`-th call of each (action, region)
    /// (0: neither).
    pub fn new(qps: f64, every: u32) -> Self {
        Throttle {
            qps,
            every,
            buckets: Mutex::new(HashMap::new()),
            calls: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the call may go ahead; `false` means answer `Throttling.User`.
    pub fn allow(&self, action: &str, region: &str, now: Instant) -> bool {
        let key = (action.to_owned(), region.to_owned());
        if self.every > 0 {
            let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
            let n = calls.entry(key.clone()).or_default();
            *n += 1;
            if (*n).is_multiple_of(self.every) {
                return false;
            }
        }
        if self.qps <= 0.0 {
            return true;
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets
            .entry(key)
            .or_insert_with(|| TokenBucket::new(self.qps, now))
            .try_take(now)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn bucket_allows_its_rate_and_refills() {
        let start = Instant::now();
        let mut b = TokenBucket::new(5.0, start);
        let first: usize = (0..20).filter(|_| b.try_take(start)).count();
        assert_eq!(first, 5, "a full bucket holds one second of requests");
        let later = start + Duration::from_millis(400);
        let refilled: usize = (0..20).filter(|_| b.try_take(later)).count();
        assert_eq!(refilled, 2, "0.4 s at 5 qps");
        let ten_seconds = start + Duration::from_secs(10);
        assert_eq!((0..20).filter(|_| b.try_take(ten_seconds)).count(), 5);
    }

    #[test]
    fn throttle_keys_by_action_and_region() {
        let t = Throttle::new(1.0, 0);
        let now = Instant::now();
        assert!(t.allow("DescribeInstances", "cn-beijing", now));
        assert!(!t.allow("DescribeInstances", "cn-beijing", now));
        assert!(t.allow("DescribeInstances", "cn-hangzhou", now));
        assert!(t.allow("DescribeRegions", "cn-beijing", now));
        assert!(Throttle::new(0.0, 0).allow("DescribeInstances", "x", now));
    }

    #[test]
    fn every_nth_call_of_a_key_is_refused_whatever_the_time() {
        let t = Throttle::new(0.0, 2);
        let now = Instant::now();
        let calls: Vec<bool> = (0..5)
            .map(|_| t.allow("DescribeInstances", "a", now))
            .collect();
        assert_eq!(calls, [true, false, true, false, true]);
        assert!(t.allow("DescribeInstances", "b", now), "its own count");
    }

    #[test]
    fn faults_follow_the_rate_and_the_seed() {
        let count = |rate: f64, seed: u64| {
            let f = Faults::new(rate, seed);
            (0..10_000).filter_map(|_| f.draw()).collect::<Vec<_>>()
        };
        assert!(count(0.0, 1).is_empty());
        let some = count(0.2, 1);
        assert!((1_800..2_200).contains(&some.len()), "{}", some.len());
        for kind in [
            Fault::InternalError,
            Fault::ServiceUnavailable,
            Fault::Dropped,
            Fault::Slow,
        ] {
            let n = some.iter().filter(|f| **f == kind).count();
            assert!((400..600).contains(&n), "{kind:?}: {n}");
        }
        assert_eq!(some, count(0.2, 1), "same seed, same faults");
        let f = Faults::new(0.2, 1);
        let drawn: Vec<Fault> = (0..1000).filter_map(|_| f.draw()).collect();
        assert_eq!(
            f.injected(Fault::Slow),
            drawn.iter().filter(|k| **k == Fault::Slow).count()
        );
        assert_eq!(count(1.0, 3).len(), 10_000);
    }
}
