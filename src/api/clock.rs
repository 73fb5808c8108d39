//! The client's idea of the time: the local clock plus the offset learned from the service's
//! `Date` header when it rejected a request's `Timestamp`, so a skewed laptop clock still works.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};

/// The service accepts a Timestamp within 15 minutes of its clock; a rejection while the clocks
/// agree to within this margin has another cause, and correcting would change nothing.
const NEGLIGIBLE: TimeDelta = TimeDelta::seconds(60);

/// Whether an API error code means "your request's Timestamp is too far from my clock".
#[must_use]
pub fn is_skew_code(code: &str) -> bool {
    matches!(code, "InvalidTimeStamp.Expired" | "IllegalTimestamp")
}

/// An HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's IMF-fixdate).
#[must_use]
pub fn parse_http_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The time to sign with, shared by every clone of a client (one machine, one clock).
#[derive(Debug, Default)]
pub struct Clock {
    /// Service time minus local time, in milliseconds.
    offset_ms: AtomicI64,
    /// Set when the offset changes, cleared when the user has been told.
    warning_due: AtomicBool,
}

impl Clock {
    /// The service's time as best known: local time plus the learned offset.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset()
    }

    #[must_use]
    pub fn offset(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Learns the service's time from the `Date` header of a response that arrived when the
    /// local clock read `local`. True when the offset changed enough to make a retry worth it.
    pub fn correct(&self, date_header: &str, local: DateTime<Utc>) -> bool {
        let Some(service) = parse_http_date(date_header) else {
            tracing::warn!(
                date_header,
                "the clock cannot be corrected: unreadable Date header"
            );
            return false;
        };
        // The header has whole seconds: its midpoint is the better guess.
        let offset = service + TimeDelta::milliseconds(500) - local;
        if (offset - self.offset()).abs() < NEGLIGIBLE {
            return false;
        }
        self.offset_ms
            .store(offset.num_milliseconds(), Ordering::SeqCst);
        self.warning_due.store(true, Ordering::SeqCst);
        tracing::warn!(
            offset_seconds = offset.num_seconds(),
            "corrected the clock offset"
        );
        true
    }

    /// What to tell the user about a correction, once per correction.
    pub fn take_warning(&self) -> Option<String> {
        self.warning_due
            .swap(false, Ordering::SeqCst)
            .then(|| warning(self.offset()))
    }
}

/// "your computer's clock is 2h 3m behind Alibaba Cloud's ...", to the minute: the `Date`
/// header has whole seconds and the answer took time to arrive, so seconds would be noise.
#[must_use]
pub fn warning(offset: TimeDelta) -> String {
    let minutes = (offset.num_seconds().unsigned_abs() + 30) / 60;
    let seconds = if minutes == 0 {
        offset.num_seconds().unsigned_abs()
    } else {
        minutes * 60
    };
    let how = if offset > TimeDelta::zero() {
        "behind"
    } else {
        "ahead of"
    };
    format!(
        "your computer's clock is {} {how} Alibaba Cloud's; ecs-tui corrected its requests \
         for it, but sync the clock (e.g. `timedatectl set-ntp true`)",
        humantime::format_duration(std::time::Duration::from_secs(seconds))
    )
}

/// Prints the clock warning of a client on stderr when dropped: at the end of a command,
/// whichever way it ends.
pub struct WarnOnStderr(pub super::Client);

impl Drop for WarnOnStderr {
    fn drop(&mut self) {
        if let Some(warning) = self.0.clock().take_warning() {
            eprintln!("ecs-tui: warning: {warning}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn reads_http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(at("1994-11-06T08:49:37Z"))
        );
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(parse_http_date(""), None);
    }

    #[test]
    fn a_real_skew_is_corrected_once_and_told_once() {
        let clock = Clock::default();
        assert!(clock.take_warning().is_none());
        let local = at("2026-01-01T10:00:00Z");
        assert!(clock.correct("Thu, 01 Jan 2026 12:02:59 GMT", local));
        assert_eq!(clock.offset(), TimeDelta::milliseconds(7_379_500));
        let now = clock.now() - Utc::now();
        assert!((now - TimeDelta::seconds(7380)).abs() < TimeDelta::seconds(5));
        let told = clock.take_warning().expect("a warning");
        assert!(told.contains("is 2h 3m behind"), "{told}");
        assert!(clock.take_warning().is_none(), "told once");
        // The same answer again changes nothing: no second retry, no second warning.
        assert!(!clock.correct("Thu, 01 Jan 2026 12:03:00 GMT", local));
        assert!(clock.take_warning().is_none());
    }

    #[test]
    fn a_small_difference_or_a_bad_header_is_left_alone() {
        let clock = Clock::default();
        let local = at("2026-01-01T10:00:00Z");
        assert!(!clock.correct("Thu, 01 Jan 2026 10:00:20 GMT", local));
        assert!(!clock.correct("not a date", local));
        assert_eq!(clock.offset(), TimeDelta::zero());
        assert!(clock.take_warning().is_none());
    }

    #[test]
    fn a_clock_ahead_is_said_so() {
        assert!(warning(TimeDelta::minutes(-20)).contains("20m ahead of"));
    }
}
