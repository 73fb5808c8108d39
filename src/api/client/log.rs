//! The debug line every attempt leaves in the log: what was asked, where, how it went and how
//! long it took. Names and ids only: never a parameter value beyond the region, never a secret.

use std::time::Duration;

use super::super::error::Error;
use super::Response;

/// One line per attempt, at debug level, success or failure; `attempt` counts from 1.
pub fn attempt(
    action: &str,
    params: &[(String, String)],
    host: &str,
    attempt: u32,
    took: Duration,
    result: &Result<Response, Error>,
) {
    // DescribeRegions and the STS calls have no region; the log says so with an empty one.
    let region = params
        .iter()
        .find(|(k, _)| k == "RegionId")
        .map_or("", |(_, v)| v.as_str());
    let duration_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(response) => tracing::debug!(
            action,
            region,
            host,
            status = response.http_status,
            request_id = %response.request_id,
            attempt,
            duration_ms,
            "call"
        ),
        Err(e) => tracing::debug!(
            action,
            region,
            host,
            status = e.api().map(|a| a.http_status),
            request_id = e.request_id().unwrap_or_default(),
            code = e.code(),
            attempt,
            duration_ms,
            "call failed"
        ),
    }
}
