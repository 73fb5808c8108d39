//! Counts requests being answered at once, so benchmarks can check the client's cap from the
//! server's side, and requests received in all, so tests can see that a key reached it.

use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
    total: AtomicUsize,
}

impl InFlight {
    /// Counts one request until the guard drops (whatever way the handler ends).
    pub fn enter(&self) -> Guard<'_> {
        self.total.fetch_add(1, Ordering::SeqCst);
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Guard(self)
    }

    /// The most requests that were being answered at once since the start.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// Requests received since the start, answered or not.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }

    /// Requests being answered now.
    pub fn now(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }
}

pub struct Guard<'a>(&'a InFlight);

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}
