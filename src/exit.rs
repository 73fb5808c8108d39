//! How a command ends: exit status 0, 1 (API, network, credentials) or 2 (usage, config),
//! and the one line printed on stderr.

use std::process::ExitCode;

use crate::api::Error;
use crate::config::ConfigError;

#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    /// Printed on stderr as `ecs-tui: <message>`; empty when already reported.
    pub message: String,
}

impl Failure {
    #[must_use]
    pub fn api(what: &str, e: &Error) -> Self {
        let code = if matches!(e, Error::Endpoint { .. }) {
            2
        } else {
            1
        };
        Failure {
            code,
            message: format!("{what} failed: {}", e.with_hint()),
        }
    }

    #[must_use]
    pub fn config(e: ConfigError) -> Self {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }

    #[must_use]
    pub fn usage(message: String) -> Self {
        Failure { code: 2, message }
    }

    #[must_use]
    pub fn io(e: std::io::Error) -> Self {
        // A closed pipe (`| head`) is not a failure worth a message.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure {
                code: 0,
                message: String::new(),
            };
        }
        Failure {
            code: 1,
            message: format!("writing output failed: {e}"),
        }
    }

    /// Details already went to stderr; this is the summary line.
    #[must_use]
    pub fn reported(message: String) -> Self {
        Failure { code: 1, message }
    }

    #[must_use]
    pub fn exit(self) -> ExitCode {
        if !self.message.is_empty() {
            eprintln!("ecs-tui: {}", one_line(&self.message));
        }
        ExitCode::from(self.code)
    }
}

/// Text from the server or the network made safe for one stderr line: line breaks become
/// spaces, other control characters (escape sequences) become `�`.
#[must_use]
pub fn one_line(text: &str) -> String {
    let flat: String = text
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::columns::sanitize(&flat).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fit_on_one_safe_line() {
        assert_eq!(one_line("a\nb\r\nc\x1b[31m\n"), "a b  c\u{FFFD}[31m");
    }
}
