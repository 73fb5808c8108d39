//! Debug builds only: `ECS_TUI_TEST_TIMEOUT_MS` shortens every timeout and backoff, so tests
//! of the binary against hanging or faulty servers finish in seconds. Release builds ignore it.

use std::time::Duration;

use super::{ClientOptions, RetryPolicy};

/// The variable tests of the binary set; its value is the connect and read timeout in ms.
pub const TIMEOUT_VAR: &str = "ECS_TUI_TEST_TIMEOUT_MS";

impl ClientOptions {
    /// These options, with the timeouts of [`TIMEOUT_VAR`] in a debug build when it is set.
    #[must_use]
    pub fn with_test_overrides(self) -> Self {
        #[cfg(debug_assertions)]
        if let Some(ms) = std::env::var(TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
        {
            return self.scaled_to(Duration::from_millis(ms));
        }
        self
    }

    /// Every timeout and pause as a multiple of `unit`; as many attempts as usual.
    #[must_use]
    pub fn scaled_to(self, unit: Duration) -> Self {
        ClientOptions {
            connect_timeout: unit,
            read_timeout: unit,
            request_timeout: unit * 3,
            retry: RetryPolicy {
                base_delay: unit / 20,
                throttle_delay: unit / 4,
                max_delay: unit,
                deadline: unit * 20,
                ..self.retry
            },
            ..self
        }
    }
}
