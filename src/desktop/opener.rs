//! Opening a URL in the user's browser, when this machine has a screen to show it on:
//! `$BROWSER` first (as xdg-utils and Python's `webbrowser` read it), then `open` on macOS,
//! `xdg-open` elsewhere.

use std::io;
use std::process::{Child, Stdio};

use super::Env;

/// The command lines worth trying for `url`, best first; empty where nothing could show a
/// page: an SSH session (a browser would open on the far machine, if anywhere), or no
/// display on a Unix desktop (a server, a CI box, a text console).
#[must_use]
pub fn candidates(env: &Env, url: &str) -> Vec<Vec<String>> {
    let graphical = match env.os.as_str() {
        "macos" | "windows" => true,
        _ => env.var("DISPLAY").is_some() || env.var("WAYLAND_DISPLAY").is_some(),
    };
    if env.ssh_session() || !graphical {
        return Vec::new();
    }
    // `BROWSER` is a `:`-separated list of commands; `%s` in one stands for the URL, else
    // the URL is its last argument.
    let mut out: Vec<Vec<String>> = env
        .var("BROWSER")
        .and_then(|v| v.to_str())
        .into_iter()
        .flat_map(|list| list.split(':'))
        .filter_map(|entry| shell_words::split(entry).ok())
        .filter(|words| !words.is_empty())
        .map(|mut words| {
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_owned());
            }
            words
        })
        .collect();
    let default = match env.os.as_str() {
        "macos" => "open",
        "windows" => "explorer",
        _ => "xdg-open",
    };
    out.push(vec![default.to_owned(), url.to_owned()]);
    out
}

/// A browser started for the URL: its name (for messages) and the process to wait for.
#[derive(Debug)]
pub struct Started {
    pub program: String,
    pub child: Child,
}

/// Starts the first candidate that is installed, detached from the terminal (no stdin, its
/// output thrown away, since the UI owns the screen). `None`: nothing to open it with here.
///
/// # Errors
/// Every installed candidate failed to start: the last one's name and reason.
pub fn start(env: &Env, url: &str) -> Result<Option<Started>, String> {
    let mut failure = None;
    for argv in candidates(env, url) {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        let spawned = env
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let name = name_of(program);
        match spawned {
            Ok(child) => {
                return Ok(Some(Started {
                    program: name,
                    child,
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => failure = Some(format!("cannot start {name}: {e}")),
        }
    }
    failure.map_or(Ok(None), Err)
}

impl Started {
    /// Waits for the opener to finish (`xdg-open` may run a browser in the foreground, so
    /// call this off the UI's thread).
    ///
    /// # Errors
    /// It failed: its name and exit status.
    pub fn wait(mut self) -> Result<(), String> {
        match self.child.wait() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(match status.code() {
                Some(code) => format!("{} exited with {code}", self.program),
                None => format!("{} was ended by a signal", self.program),
            }),
            Err(e) => Err(format!("{}: {e}", self.program)),
        }
    }
}

/// The file name of a program given by path (`/usr/bin/xdg-open` → `xdg-open`).
fn name_of(program: &str) -> String {
    std::path::Path::new(program)
        .file_name()
        .map_or_else(|| program.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://ecs.console.aliyun.com/server/i-1/detail?regionId=cn-hangzhou";

    fn first(env: &Env) -> Option<Vec<String>> {
        candidates(env, URL).into_iter().next()
    }

    #[test]
    fn the_platform_opener_where_there_is_a_screen() {
        let x = Env::fake("linux", &[("DISPLAY", ":0")]);
        assert_eq!(first(&x), Some(vec!["xdg-open".into(), URL.into()]));
        let wayland = Env::fake("freebsd", &[("WAYLAND_DISPLAY", "wayland-0")]);
        assert_eq!(
            first(&wayland).map(|a| a[0].clone()),
            Some("xdg-open".into())
        );
        assert_eq!(
            first(&Env::fake("macos", &[])),
            Some(vec!["open".into(), URL.into()])
        );
    }

    #[test]
    fn nothing_without_a_screen_or_over_ssh() {
        assert_eq!(first(&Env::fake("linux", &[])), None);
        let ssh = ("SSH_TTY", "/dev/pts/3");
        assert_eq!(first(&Env::fake("macos", &[ssh])), None);
        assert_eq!(
            first(&Env::fake("linux", &[ssh, ("DISPLAY", "localhost:10")])),
            None
        );
        // BROWSER alone does not make a screen.
        assert_eq!(first(&Env::fake("linux", &[("BROWSER", "firefox")])), None);
    }

    #[test]
    fn browser_comes_first_with_its_percent_s() {
        let env = Env::fake(
            "linux",
            &[
                ("DISPLAY", ":0"),
                ("BROWSER", "firefox --new-tab:'my open' %s --bg"),
            ],
        );
        assert_eq!(
            candidates(&env, URL),
            vec![
                vec!["firefox".to_owned(), "--new-tab".into(), URL.into()],
                vec!["my open".to_owned(), URL.into(), "--bg".into()],
                vec!["xdg-open".to_owned(), URL.into()],
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_first_installed_candidate_is_started_with_the_url() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("opened");
        let fake = dir.path().join("fake-browser");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\nprintf %s \"$1\" > '{}'\nexit 3\n",
                out.display()
            ),
        )
        .expect("script");
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        // A missing browser is skipped; only `dir` is on PATH, so no real xdg-open runs.
        let browser = format!("no-such-browser-here:{}", fake.display());
        let path = dir.path().display().to_string();
        let env = Env::fake(
            "linux",
            &[("DISPLAY", ":0"), ("BROWSER", &browser), ("PATH", &path)],
        );
        let started = start(&env, URL).expect("starts").expect("a browser");
        assert_eq!(started.program, "fake-browser");
        assert_eq!(started.wait(), Err("fake-browser exited with 3".into()));
        assert_eq!(std::fs::read_to_string(&out).expect("ran"), URL);
        let nothing = Env::fake(
            "linux",
            &[("DISPLAY", ":0"), ("BROWSER", "nope"), ("PATH", &path)],
        );
        assert!(matches!(start(&nothing, URL), Ok(None)));
    }
}
