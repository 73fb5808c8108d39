//! Running the ssh command on the terminal and saying how it ended: its exit, ctrl-c, and the
//! last lines it wrote on stderr (its own reason), kept for the error log.

use std::ffi::OsString;
use std::io::{self, Read as _, Write as _};
use std::process::{ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The stderr bytes kept: enough for ssh's last few lines.
const TAIL: usize = 4096;
/// After ssh exits, how long its stderr may take to close. A process it left behind could
/// hold the pipe open for ever (a ControlPersist master that kept stderr); the UI must come
/// back regardless, with what was read by then.
const STDERR_GRACE: Duration = Duration::from_secs(1);

/// How an ssh run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshOutcome {
    /// Its exit code.
    Exited(i32),
    /// Ended by this signal, not by a ctrl-c typed while it ran.
    Signalled(i32),
    /// ctrl-c while it ran: the user gave up on it.
    Cancelled,
    /// It could not be started: why.
    NotStarted(String),
}

/// What the UI is told when ssh is over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshReport {
    /// The program's name (`ssh`), as messages call it.
    pub program: String,
    /// The whole command line, quoted as a shell would write it.
    pub command: String,
    pub outcome: SshOutcome,
    /// The last lines it wrote on stderr, on one line, without control characters.
    pub message: String,
}

impl SshOutcome {
    /// From the exit status and whether a ctrl-c came while it ran. A success is a success
    /// even after a ctrl-c (typed at the remote shell's prompt, say).
    #[must_use]
    pub fn of(code: Option<i32>, signal: Option<i32>, interrupted: bool) -> SshOutcome {
        match (code, signal) {
            (Some(0), _) => SshOutcome::Exited(0),
            _ if interrupted => SshOutcome::Cancelled,
            (Some(code), _) => SshOutcome::Exited(code),
            (None, Some(signal)) => SshOutcome::Signalled(signal),
            (None, None) => SshOutcome::Signalled(0),
        }
    }

    /// A failure whose output the user should read before the UI covers it.
    #[must_use]
    pub fn wants_a_look(&self) -> bool {
        matches!(self, SshOutcome::Exited(c) if *c != 0) || matches!(self, SshOutcome::Signalled(_))
    }
}

impl SshReport {
    /// `ssh exited with 255`, `ssh was ended by signal 9`, ...
    #[must_use]
    pub fn summary(&self) -> String {
        let p = &self.program;
        match &self.outcome {
            SshOutcome::Exited(code) => format!("{p} exited with {code}"),
            SshOutcome::Signalled(signal) => format!("{p} was ended by signal {signal}"),
            SshOutcome::Cancelled => format!("{p} cancelled (ctrl-c)"),
            SshOutcome::NotStarted(why) => why.clone(),
        }
    }

    /// The line left under a failure's output, on the normal screen.
    #[must_use]
    pub fn prompt(&self) -> String {
        format!("{} — press Enter to return to ecs-tui", self.summary())
    }
}

/// What [`run`] saw.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    /// The end of its stderr, cleaned (see [`SshReport::message`]).
    pub message: String,
}

/// Runs `argv` (no shell, no cloud credentials in its environment) with the terminal as its
/// stdin and stdout, and waits for it. Its stderr passes through to ours as it comes, and the
/// end of it is kept.
///
/// # Errors
/// The program cannot be started (not found, not executable).
pub fn run(argv: &[String]) -> io::Result<Ran> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let mut command = std::process::Command::new(program);
    command.args(args).stderr(Stdio::piped());
    let secret: Vec<OsString> = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_str().is_some_and(super::is_secret_var))
        .collect();
    for name in secret {
        command.env_remove(name);
    }
    let mut child = command.spawn()?;
    let tail = Arc::new(Mutex::new(Vec::new()));
    let (closed_tx, closed) = mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        let tail = Arc::clone(&tail);
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // The user reads it now, as if ssh wrote it itself.
                let mut out = io::stderr().lock();
                let _ = out.write_all(&buf[..n]);
                let _ = out.flush();
                let mut kept = tail.lock().unwrap_or_else(PoisonError::into_inner);
                kept.extend_from_slice(&buf[..n]);
                let excess = kept.len().saturating_sub(TAIL);
                kept.drain(..excess);
            }
            let _ = closed_tx.send(());
        });
    }
    let status = child.wait()?;
    let _ = closed.recv_timeout(STDERR_GRACE);
    let kept = tail.lock().unwrap_or_else(PoisonError::into_inner).clone();
    Ok(Ran {
        status,
        message: last_lines(&kept),
    })
}

/// The last three non-empty lines of `bytes`, joined on one line, without control
/// characters (an escape sequence in it must not reach the error log's screen).
#[must_use]
pub fn last_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<String> = text
        .split(['\n', '\r'])
        .map(|l| l.chars().filter(|c| !c.is_control()).collect::<String>())
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let start = lines.len().saturating_sub(3);
    lines[start..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_it_ended() {
        assert_eq!(SshOutcome::of(Some(0), None, true), SshOutcome::Exited(0));
        assert_eq!(
            SshOutcome::of(Some(255), None, false),
            SshOutcome::Exited(255)
        );
        assert_eq!(SshOutcome::of(Some(255), None, true), SshOutcome::Cancelled);
        assert_eq!(SshOutcome::of(None, Some(2), true), SshOutcome::Cancelled);
        assert_eq!(
            SshOutcome::of(None, Some(9), false),
            SshOutcome::Signalled(9)
        );
        assert!(SshOutcome::Exited(255).wants_a_look());
        assert!(SshOutcome::Signalled(9).wants_a_look());
        assert!(!SshOutcome::Exited(0).wants_a_look());
        assert!(!SshOutcome::Cancelled.wants_a_look());
        assert!(!SshOutcome::NotStarted("x".into()).wants_a_look());
    }

    #[test]
    fn the_prompt_names_the_program_and_the_code() {
        let report = SshReport {
            program: "ssh".into(),
            command: "ssh root@1.2.3.4".into(),
            outcome: SshOutcome::Exited(255),
            message: String::new(),
        };
        assert_eq!(
            report.prompt(),
            "ssh exited with 255 — press Enter to return to ecs-tui"
        );
    }

    #[test]
    fn the_end_of_stderr_on_one_clean_line() {
        let stderr = b"Warning: x\r\n\r\nline 2\nssh: connect to host 1.2.3.4 port 22: \x1b[31mConnection timed out\r\n\n";
        assert_eq!(
            last_lines(stderr),
            "Warning: x / line 2 / ssh: connect to host 1.2.3.4 port 22: [31mConnection timed out"
        );
        assert_eq!(last_lines(b""), "");
    }

    #[cfg(unix)]
    #[test]
    fn the_end_of_stderr_is_kept_with_the_status() {
        let argv = [
            "/bin/sh",
            "-c",
            "echo 'ssh: Connection refused' >&2; exit 3",
        ]
        .map(String::from);
        let ran = run(&argv).expect("runs");
        assert_eq!(ran.status.code(), Some(3));
        assert_eq!(ran.message, "ssh: Connection refused");
        let missing = run(&["/no/such/ssh".to_owned()]).expect_err("not there");
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }
}
