//! A local clipboard program (`wl-copy`, `xclip`, `xsel`, `pbcopy`), so that a copy on a local
//! terminal really lands whatever the terminal makes of OSC 52.
//!
//! The programs rather than a clipboard crate: on X11 and Wayland the clipboard is served by
//! the process that set it, and these tools fork a small server that outlives ecs-tui, where a
//! library would lose the text when we quit; and they add no dependency.

use std::io::{self, Write as _};
use std::process::Stdio;

use super::Env;

/// A program that reads the text on its stdin and puts it on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    pub program: &'static str,
    pub args: &'static [&'static str],
}

const WL_COPY: Tool = Tool {
    program: "wl-copy",
    args: &[],
};
const XCLIP: Tool = Tool {
    program: "xclip",
    args: &["-selection", "clipboard"],
};
const XSEL: Tool = Tool {
    program: "xsel",
    args: &["--clipboard", "--input"],
};
const PBCOPY: Tool = Tool {
    program: "pbcopy",
    args: &[],
};

/// The tools worth trying here, best first: macOS → `pbcopy`; `WAYLAND_DISPLAY` → `wl-copy`;
/// `DISPLAY` → `xclip`, then `xsel`; else none (OSC 52 alone).
///
/// Over SSH, `pbcopy` and `wl-copy` would fill the clipboard of the machine we run on, not
/// the user's, so they are left out; `DISPLAY` still counts, since there it is the user's own
/// X server forwarded by `ssh -X`.
#[must_use]
pub fn candidates(env: &Env) -> Vec<Tool> {
    let local = !env.ssh_session();
    let mut tools = Vec::new();
    if env.os == "macos" && local {
        tools.push(PBCOPY);
    }
    if env.var("WAYLAND_DISPLAY").is_some() && local {
        tools.push(WL_COPY);
    }
    if env.var("DISPLAY").is_some() {
        tools.extend([XCLIP, XSEL]);
    }
    tools
}

/// Pipes `text` to the first candidate that is installed and takes it.
///
/// Returns the program that took it, or `None` when no tool is here (not configured, or none
/// installed).
///
/// # Errors
/// Every tool that is installed failed: the last one's program and reason.
pub fn copy(env: &Env, text: &str) -> Result<Option<&'static str>, String> {
    let mut failure = None;
    for tool in candidates(env) {
        match pipe(env, tool, text) {
            Ok(()) => return Ok(Some(tool.program)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => failure = Some(format!("{}: {e}", tool.program)),
        }
    }
    failure.map_or(Ok(None), Err)
}

fn pipe(env: &Env, tool: Tool, text: &str) -> io::Result<()> {
    // Nothing it says may reach the terminal the UI draws on.
    let mut child = env
        .command(tool.program)
        .args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let written = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin"))
        .and_then(|mut stdin| stdin.write_all(text.as_bytes()));
    // The tools fork their clipboard server and exit: this wait is short.
    let status = child.wait()?;
    // A tool that failed says more by its status than by the broken pipe it left.
    if !status.success() {
        return Err(io::Error::other(match status.code() {
            Some(code) => format!("exited with {code}"),
            None => "ended by a signal".to_owned(),
        }));
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tool_follows_the_session() {
        let names = |os: &str, vars: &[(&'static str, &str)]| -> Vec<&str> {
            candidates(&Env::fake(os, vars))
                .iter()
                .map(|t| t.program)
                .collect()
        };
        assert_eq!(
            names("linux", &[("WAYLAND_DISPLAY", "wayland-0")]),
            ["wl-copy"]
        );
        assert_eq!(names("linux", &[("DISPLAY", ":0")]), ["xclip", "xsel"]);
        assert_eq!(
            names("linux", &[("WAYLAND_DISPLAY", "w"), ("DISPLAY", ":0")]),
            ["wl-copy", "xclip", "xsel"]
        );
        assert_eq!(names("macos", &[]), ["pbcopy"]);
        // A headless machine (CI, a server): OSC 52 only.
        assert!(names("linux", &[]).is_empty());
        // Over SSH only a forwarded X display reaches the user's clipboard.
        let ssh = ("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22");
        assert!(names("macos", &[ssh]).is_empty());
        assert!(names("linux", &[ssh, ("WAYLAND_DISPLAY", "w")]).is_empty());
        assert_eq!(
            names("linux", &[ssh, ("DISPLAY", "localhost:10.0")]),
            ["xclip", "xsel"]
        );
    }

    #[cfg(unix)]
    fn fake_tool(dir: &std::path::Path, name: &str, body: &str) {
        use std::os::unix::fs::PermissionsExt as _;
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    #[cfg(unix)]
    #[test]
    fn the_text_is_piped_to_the_tool_on_path() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("clip");
        fake_tool(dir.path(), "wl-copy", &format!("cat > '{}'", out.display()));
        let path = format!("{}:/usr/bin:/bin", dir.path().display());
        let env = Env::fake("linux", &[("WAYLAND_DISPLAY", "w"), ("PATH", &path)]);
        assert_eq!(copy(&env, "i-bp1 \"x\"\n"), Ok(Some("wl-copy")));
        assert_eq!(
            std::fs::read_to_string(&out).expect("written"),
            "i-bp1 \"x\"\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_tool_gives_way_to_the_next_and_none_installed_is_not_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("clip");
        // Only the fakes in `dir` are on PATH: the machine's own tools do not count.
        let path = format!("{}", dir.path().display());
        let env = Env::fake("linux", &[("DISPLAY", ":9"), ("PATH", &path)]);
        fake_tool(dir.path(), "xclip", "exit 1");
        assert_eq!(copy(&env, "x"), Err("xclip: exited with 1".into()));
        fake_tool(
            dir.path(),
            "xsel",
            &format!("/bin/cat > '{}'", out.display()),
        );
        assert_eq!(copy(&env, "10.0.0.5"), Ok(Some("xsel")));
        assert_eq!(std::fs::read_to_string(&out).expect("written"), "10.0.0.5");
        let empty = tempfile::tempdir().expect("dir");
        let path = format!("{}", empty.path().display());
        let nothing = Env::fake("linux", &[("DISPLAY", ":9"), ("PATH", &path)]);
        assert_eq!(copy(&nothing, "x"), Ok(None));
    }
}
