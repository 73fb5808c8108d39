//! What the machine around the terminal offers: a local clipboard program and a URL opener,
//! chosen from the environment (a fake one in tests) and run without the cloud credentials.

pub mod clipboard_tool;
pub mod opener;

use std::ffi::{OsStr, OsString};
use std::process::Command;

/// The variables the choices depend on, read once. Only these are kept, so the `Debug` of an
/// `Env` can never show a credential from the real environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `std::env::consts::OS`: "linux", "macos", "windows", ...
    pub os: String,
    vars: Vec<(&'static str, OsString)>,
}

/// Every variable [`Env`] reads.
const NAMES: [&str; 7] = [
    "WAYLAND_DISPLAY",
    "DISPLAY",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "SSH_TTY",
    "BROWSER",
    "PATH",
];

impl Env {
    /// This process's environment.
    #[must_use]
    pub fn current() -> Env {
        Env {
            os: std::env::consts::OS.to_owned(),
            vars: NAMES
                .iter()
                .filter_map(|&name| std::env::var_os(name).map(|v| (name, v)))
                .collect(),
        }
    }

    /// An environment made up for a test: `os` and these variables (others are unset).
    #[must_use]
    pub fn fake(os: &str, vars: &[(&'static str, &str)]) -> Env {
        Env {
            os: os.to_owned(),
            vars: vars
                .iter()
                .map(|&(name, value)| (name, OsString::from(value)))
                .collect(),
        }
    }

    /// A variable that is set and not empty.
    #[must_use]
    pub fn var(&self, name: &str) -> Option<&OsStr> {
        self.vars
            .iter()
            .find(|(n, v)| *n == name && !v.is_empty())
            .map(|(_, v)| v.as_os_str())
    }

    /// Logged in over SSH: programs here reach this machine's desktop, not the user's.
    #[must_use]
    pub fn ssh_session(&self) -> bool {
        ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"]
            .iter()
            .any(|name| self.var(name).is_some())
    }

    /// A `Command` for `program` that finds it on this environment's `PATH` and does not
    /// inherit any Alibaba Cloud credential (a clipboard daemon or a browser outlives us).
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        if let Some(path) = self.var("PATH") {
            // Setting PATH on the Command also makes the lookup of `program` use it.
            command.env("PATH", path);
        }
        let secret: Vec<OsString> = std::env::vars_os()
            .map(|(k, _)| k)
            .filter(|k| k.to_str().is_some_and(crate::ssh::is_secret_var))
            .collect();
        for name in secret {
            command.env_remove(name);
        }
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_variables_count_as_unset() {
        let env = Env::fake("linux", &[("DISPLAY", ""), ("SSH_TTY", "/dev/pts/1")]);
        assert_eq!(env.var("DISPLAY"), None);
        assert!(env.ssh_session());
        assert!(!Env::fake("linux", &[("DISPLAY", ":0")]).ssh_session());
    }

    #[test]
    fn only_the_variables_it_needs_are_kept() {
        let env = Env::current();
        assert!(env.vars.iter().all(|(name, _)| NAMES.contains(name)));
    }
}
