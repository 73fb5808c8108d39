//! The client's cap on requests in flight, adapted to throttling (AIMD) and shared by every call.
//!
//! A big account fetched at full width can exceed the API's quota. Retrying each throttled call
//! on its own would keep the width and trip the quota again and again; instead the whole client
//! halves its width on throttling, pauses briefly, and widens again by one request per window of
//! successes, never above the configured cap and never below one.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{AcquireError, Semaphore, SemaphorePermit};

/// The arithmetic of the limit, without clocks or locks, so it can be tested step by step.
#[derive(Debug, Clone)]
pub struct Aimd {
    cap: usize,
    /// Fractional so that additive increase can add `1/limit` per success: about one more
    /// request in flight per window of `limit` successes, as TCP grows its window per round trip.
    limit: f64,
    /// Bumped at each decrease. Requests sent before the last decrease saw the old width, so
    /// their throttling says nothing new: only one halving per window, not one per request.
    epoch: u64,
}

impl Aimd {
    /// Starts at the cap: an account that is never throttled pays nothing for the adaptation.
    #[must_use]
    pub fn new(cap: usize) -> Self {
        let cap = cap.max(1);
        #[allow(clippy::cast_precision_loss)]
        let limit = cap as f64;
        Aimd {
            cap,
            limit,
            epoch: 0,
        }
    }

    /// Requests allowed in flight now.
    #[must_use]
    pub fn limit(&self) -> usize {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = self.limit.floor() as usize;
        whole.clamp(1, self.cap)
    }

    #[must_use]
    pub fn cap(&self) -> usize {
        self.cap
    }

    #[must_use]
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// A request answered: additive increase.
    pub fn on_success(&mut self) {
        #[allow(clippy::cast_precision_loss)]
        let cap = self.cap as f64;
        self.limit = (self.limit + 1.0 / self.limit).min(cap);
    }

    /// A request sent in `epoch` was throttled: multiplicative decrease, unless the limit was
    /// already lowered since that request went out. Returns whether it decreased.
    pub fn on_throttle(&mut self, epoch: u64) -> bool {
        if epoch != self.epoch {
            return false;
        }
        self.limit = (self.limit / 2.0).floor().max(1.0);
        self.epoch += 1;
        true
    }
}

/// What the limiter has seen, for tests, benchmarks and `--trace` logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimiterStats {
    pub cap: usize,
    /// Requests allowed in flight now.
    pub limit: usize,
    /// The lowest the limit went.
    pub min_limit: usize,
    /// Answers that said `Throttling*`.
    pub throttled: u64,
    /// The most requests that were in flight at once.
    pub peak_in_flight: usize,
}

#[derive(Debug)]
struct State {
    aimd: Aimd,
    /// Permits that exist (handed out or available) once the debt is paid.
    permits: usize,
    /// Permits to forget as they come back: the limit dropped below what was handed out.
    debt: usize,
    in_flight: usize,
    paused_until: Option<Instant>,
    stats: LimiterStats,
}

/// The cap on requests in flight for one client and its clones.
#[derive(Debug)]
pub struct Limiter {
    /// Fair (FIFO), so the pages of one region cannot starve another's.
    semaphore: Semaphore,
    state: Mutex<State>,
}

impl Limiter {
    #[must_use]
    pub fn new(cap: usize) -> Self {
        let aimd = Aimd::new(cap);
        let cap = aimd.cap();
        Limiter {
            semaphore: Semaphore::new(cap),
            state: Mutex::new(State {
                aimd,
                permits: cap,
                debt: 0,
                in_flight: 0,
                paused_until: None,
                stats: LimiterStats {
                    cap,
                    limit: cap,
                    min_limit: cap,
                    throttled: 0,
                    peak_in_flight: 0,
                },
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[must_use]
    pub fn stats(&self) -> LimiterStats {
        self.lock().stats
    }

    /// Waits for a slot (and for any pause after throttling to end).
    ///
    /// # Errors
    /// Only if the semaphore was closed, which this type never does.
    pub async fn acquire(&self) -> Result<Permit<'_>, AcquireError> {
        loop {
            let permit = self.semaphore.acquire().await?;
            let paused_until = self.lock().paused_until;
            match paused_until {
                // Holding the slot while paused is fine: nobody may send meanwhile anyway.
                Some(until) if until > Instant::now() => {
                    drop(permit);
                    tokio::time::sleep_until(until.into()).await;
                }
                _ => {
                    let mut state = self.lock();
                    state.in_flight += 1;
                    state.stats.peak_in_flight = state.stats.peak_in_flight.max(state.in_flight);
                    let epoch = state.aimd.epoch();
                    return Ok(Permit {
                        limiter: self,
                        permit: Some(permit),
                        epoch,
                    });
                }
            }
        }
    }

    /// Brings the number of permits to the AIMD limit.
    fn resize(&self, state: &mut State) {
        let target = state.aimd.limit();
        if target < state.permits {
            let excess = state.permits - target;
            let forgotten = self.semaphore.forget_permits(excess);
            state.debt += excess - forgotten;
        } else if target > state.permits {
            let missing = target - state.permits;
            let repaid = missing.min(state.debt);
            state.debt -= repaid;
            self.semaphore.add_permits(missing - repaid);
        }
        state.permits = target;
        state.stats.limit = target;
        state.stats.min_limit = state.stats.min_limit.min(target);
    }
}

/// One request's slot. Tell it how the request ended; dropping it says nothing either way.
#[derive(Debug)]
pub struct Permit<'a> {
    limiter: &'a Limiter,
    permit: Option<SemaphorePermit<'a>>,
    epoch: u64,
}

impl Permit<'_> {
    /// The API answered successfully: additive increase. (Other failures say nothing about the
    /// quota: just drop the permit.)
    pub fn succeeded(self) {
        let mut state = self.limiter.lock();
        state.aimd.on_success();
        self.limiter.resize(&mut state);
    }

    /// The API said `Throttling*`: narrow, and let nobody send for `pause`.
    pub fn throttled(self, pause: Duration) {
        let mut state = self.limiter.lock();
        state.stats.throttled += 1;
        if state.aimd.on_throttle(self.epoch) {
            self.limiter.resize(&mut state);
            state.paused_until = Some(Instant::now() + pause);
            tracing::debug!(
                limit = state.stats.limit,
                ?pause,
                "throttled: fewer requests in flight"
            );
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut state = self.limiter.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if let Some(permit) = self.permit.take()
            && state.debt > 0
        {
            state.debt -= 1;
            permit.forget();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_once_per_window_and_never_below_one() {
        let mut a = Aimd::new(32);
        assert_eq!(a.limit(), 32);
        let e = a.epoch();
        assert!(a.on_throttle(e));
        assert_eq!(a.limit(), 16);
        // Requests sent at width 32 come back throttled too: no further halving.
        assert!(!a.on_throttle(e));
        assert_eq!(a.limit(), 16);
        for expected in [8, 4, 2, 1, 1, 1] {
            let e = a.epoch();
            a.on_throttle(e);
            assert_eq!(a.limit(), expected);
        }
    }

    #[test]
    fn grows_by_about_one_per_window_of_successes_up_to_the_cap() {
        let mut a = Aimd::new(8);
        for _ in 0..3 {
            let e = a.epoch();
            a.on_throttle(e);
        }
        assert_eq!(a.limit(), 1);
        a.on_success();
        assert_eq!(a.limit(), 2, "one success at width 1 is a whole window");
        a.on_success();
        a.on_success();
        assert_eq!(
            a.limit(),
            2,
            "2 + 1/2 + 1/2.5: not yet a whole window at width 2"
        );
        a.on_success();
        assert_eq!(a.limit(), 3);
        for _ in 0..1_000 {
            a.on_success();
        }
        assert_eq!(a.limit(), 8, "never above the cap");
    }

    #[test]
    fn a_zero_cap_still_lets_one_request_through() {
        let a = Aimd::new(0);
        assert_eq!((a.cap(), a.limit()), (1, 1));
    }

    #[tokio::test]
    async fn permits_follow_the_limit_even_while_handed_out() {
        let limiter = Limiter::new(4);
        let mut held: Vec<_> = futures::future::join_all((0..4).map(|_| limiter.acquire()))
            .await
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("open");
        assert_eq!(limiter.stats().peak_in_flight, 4);
        held.pop().expect("four").throttled(Duration::ZERO);
        assert_eq!(limiter.stats().limit, 2);
        assert_eq!(limiter.stats().throttled, 1);
        // Another request sent at width 4 is throttled too: the same window, no new halving.
        // Three were still out with two allowed: its permit is forgotten, not reused.
        held.pop().expect("three").throttled(Duration::ZERO);
        assert_eq!(limiter.stats().limit, 2);
        assert_eq!(limiter.stats().throttled, 2);
        assert_eq!(limiter.semaphore.available_permits(), 0);
        drop(held.pop());
        drop(held.pop());
        assert_eq!(limiter.semaphore.available_permits(), 2);
        let p = limiter.acquire().await.expect("open");
        let q = limiter.acquire().await.expect("open");
        assert_eq!(limiter.semaphore.available_permits(), 0);
        p.succeeded();
        q.succeeded();
        let r = limiter.acquire().await.expect("open");
        r.succeeded();
        assert_eq!(limiter.stats().limit, 3, "2 + 1/2 + 1/2.5 + 1/2.9");
        assert_eq!(limiter.semaphore.available_permits(), 3);
        assert_eq!(limiter.stats().min_limit, 2);
        assert_eq!(limiter.stats().peak_in_flight, 4);
    }
}
