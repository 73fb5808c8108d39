//! The browser's settings from the config file's top level (ux.md), with their defaults.

use std::time::Duration;

use crate::columns::{Column, DEFAULT_COLUMNS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

impl Theme {
    #[must_use]
    pub fn parse(text: &str) -> Option<Theme> {
        match text.to_ascii_lowercase().as_str() {
            "dark" => Some(Theme::Dark),
            "light" => Some(Theme::Light),
            _ => None,
        }
    }
}

/// A connect timeout, so an unreachable address fails in seconds with ssh's own message
/// rather than after the system's TCP timeout (minutes) on a blank screen.
pub const DEFAULT_SSH_COMMAND: &str = "ssh -o ConnectTimeout=10 {user}@{ip}";
pub const DEFAULT_SSH_USER: &str = "root";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiConfig {
    /// Regions on keys `1`–`9`, in order.
    pub favorite_regions: Vec<String>,
    /// Automatic refresh; `None` (the default, or `"off"`) means only on request.
    pub refresh_interval: Option<Duration>,
    pub mouse: bool,
    pub theme: Theme,
    /// `{user}` and `{ip}` are filled in.
    pub ssh_command: String,
    pub ssh_user: String,
    /// The instance table's columns, most important first.
    pub columns: Vec<Column>,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            favorite_regions: Vec::new(),
            refresh_interval: None,
            mouse: false,
            theme: Theme::Dark,
            ssh_command: DEFAULT_SSH_COMMAND.into(),
            ssh_user: DEFAULT_SSH_USER.into(),
            columns: DEFAULT_COLUMNS.to_vec(),
        }
    }
}

/// The shortest automatic refresh: each one is a DescribeInstances per region shown, and
/// `"1ms"` would spend the account's API quota (304 requests in 10 s were seen).
pub const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(5);

/// `"60s"`, `"5m"`, `"1m 30s"`; `"off"` or zero turns it off; at least 5 s.
///
/// # Errors
/// Text that is not a duration, or a duration under the floor, with what would do.
pub fn parse_refresh_interval(text: &str) -> Result<Option<Duration>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let d = humantime::parse_duration(text).map_err(|e| {
        format!("{text:?} is not a duration ({e}); write it like \"60s\", \"5m\" or \"off\"")
    })?;
    if !d.is_zero() && d < MIN_REFRESH_INTERVAL {
        let least = humantime::format_duration(MIN_REFRESH_INTERVAL);
        return Err(format!(
            "{text:?} is too often: the least is \"{least}\" (each refresh calls the API); \
             write \"{least}\" or more, or \"off\""
        ));
    }
    Ok((!d.is_zero()).then_some(d))
}

/// The column names `Column::parse` knows, for error messages.
pub const COLUMN_NAMES: &str = "id, name, status, type, vcpu, memory, zone, private_ip, public_ip, \
     created, charge_type, expires, region, tag:KEY";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_intervals() {
        assert_eq!(
            parse_refresh_interval("60s"),
            Ok(Some(Duration::from_secs(60)))
        );
        assert_eq!(
            parse_refresh_interval("1m 30s"),
            Ok(Some(Duration::from_secs(90)))
        );
        assert_eq!(parse_refresh_interval("off"), Ok(None));
        assert_eq!(parse_refresh_interval("0s"), Ok(None));
        assert!(parse_refresh_interval("soon").is_err());
        assert_eq!(
            parse_refresh_interval("5s"),
            Ok(Some(Duration::from_secs(5)))
        );
        assert!(parse_refresh_interval("4999ms").is_err());
        assert!(parse_refresh_interval("1ms").is_err());
    }
}
