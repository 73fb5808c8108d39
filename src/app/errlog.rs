//! The error log behind `!`: every failure since start-up, with when, where and the API's words.

use std::time::Instant;

use super::App;
use crate::api::Error;

/// Entries kept; the oldest go first past this.
pub const ERROR_LOG_SIZE: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    pub at: Instant,
    pub profile: String,
    pub region: Option<String>,
    /// The API action that failed.
    pub action: &'static str,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

impl App {
    /// Records a failure of `action` (in `region`, when it has one) for the error log.
    pub(crate) fn log_error(&mut self, region: Option<&str>, action: &'static str, e: &Error) {
        let message = e
            .api()
            .map_or_else(|| e.to_string(), |api| api.message.trim_end().to_owned());
        self.push_error(ErrorEntry {
            at: self.now,
            profile: self.profile_name().to_owned(),
            region: region.map(str::to_owned),
            action,
            code: e.code().to_owned(),
            message,
            request_id: e.request_id().map(str::to_owned),
        });
    }

    /// An empty answer that DryRun showed to be a refusal: no API error object, but a failure.
    pub(crate) fn log_denied(&mut self, region: &str) {
        self.push_error(ErrorEntry {
            at: self.now,
            profile: self.profile_name().to_owned(),
            region: Some(region.to_owned()),
            action: "DescribeInstances",
            code: "NoPermission".into(),
            message: "an empty list, and DryRun was refused: ecs:DescribeInstances is denied"
                .into(),
            request_id: None,
        });
    }

    pub(crate) fn push_error(&mut self, entry: ErrorEntry) {
        if self.errors.len() >= ERROR_LOG_SIZE {
            self.errors.remove(0);
        }
        self.errors.push(entry);
    }
}
