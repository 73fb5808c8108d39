//! Runs the real binary in a pseudo-terminal and reads its screen through a vt100 parser;
//! `wire` has the misbehaving servers the hardening tests point it at.
#![allow(dead_code, clippy::unwrap_used)]

pub mod wire;

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Only guards against a hang: every wait ends as soon as its condition holds.
const HANG_GUARD: Duration = Duration::from_secs(60);

pub struct Pty {
    pub parser: vt100::Parser,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    /// The terminal's local modes before the program started, to check they come back.
    pub modes_before: String,
    /// Everything the program wrote, for checks on the raw bytes.
    pub raw: Vec<u8>,
    output: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn std::io::Write + Send>,
}

impl Pty {
    /// Starts `ecs-tui ARGS` with a clean environment: only TERM, HOME and `env`.
    pub fn spawn(args: &[&str], home: &Path, env: &[(&str, &str)], rows: u16, cols: u16) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let modes_before = local_modes(pty.master.as_ref());
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ecs-tui"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join(".config"));
        cmd.env("XDG_CACHE_HOME", home.join(".cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Pty {
            parser: vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0),
            child,
            master: pty.master,
            modes_before,
            raw: Vec::new(),
            output,
            writer,
        }
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads the program's output until `ready` holds of the whole screen (a frame can
    /// arrive in pieces), judging only screens drawn after the call: the screen already
    /// shown is what the last wait saw, and accepting it would pass a key that did nothing.
    /// (The browser redraws every tick, so something new always comes.) A generous limit
    /// only guards a hang.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + HANG_GUARD;
        let mut fresh = false;
        loop {
            if fresh {
                let text = self.text();
                if ready(&text) {
                    return text;
                }
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what}; screen:\n{}",
                self.text()
            );
            fresh |= self.pump(Duration::from_millis(50));
        }
    }

    /// Where the output has reached: a mark for [`Pty::wait_for_output_since`].
    pub fn mark(&self) -> usize {
        self.raw.len()
    }

    /// Reads until the bytes written since `mark` satisfy `ready` (as text, lossily): for
    /// what a frame drew even if a later frame, read in the same piece, drew over it.
    pub fn wait_for_output_since(&mut self, mark: usize, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + HANG_GUARD;
        while !ready(&String::from_utf8_lossy(&self.raw[mark..])) {
            assert!(
                Instant::now() < deadline,
                "never saw {what} drawn; screen:\n{}",
                self.text()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Reads what arrives within `wait`; false when nothing did.
    fn pump(&mut self, wait: Duration) -> bool {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    /// Waits for the program to end, reading its output meanwhile, then reads what it
    /// wrote last.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + HANG_GUARD;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while self.pump(Duration::from_millis(200)) {}
                return status;
            }
            assert!(Instant::now() < deadline, "the program did not end");
            self.pump(Duration::from_millis(50));
        }
    }

    /// The terminal is as the program found it: main screen, cursor shown, cooked mode.
    pub fn assert_restored(&self) {
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "alternate screen left");
        assert!(!screen.hide_cursor(), "cursor shown again");
        let modes_after = local_modes(self.master.as_ref());
        assert_eq!(modes_after, self.modes_before, "terminal modes restored");
        assert!(modes_after.contains("ICANON") && modes_after.contains("ECHO"));
    }

    /// [`Pty::wait_exit`], then [`Pty::assert_restored`].
    pub fn wait_exit_restored(&mut self) -> portable_pty::ExitStatus {
        let status = self.wait_exit();
        self.assert_restored();
        status
    }
}

/// A test that fails half-way does not leave the program running.
impl Drop for Pty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}

fn local_modes(master: &dyn MasterPty) -> String {
    format!("{:?}", master.get_termios().unwrap().local_flags)
}

/// Instance ids (`i-…`) visible on the screen.
pub fn instance_ids(screen: &str) -> Vec<String> {
    screen
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("i-") && w.len() > 10)
        .map(str::to_owned)
        .collect()
}

/// The instance table's rows on the screen: lines of the right pane that start with an ID.
pub fn table_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let right = line.split("││").nth(1)?;
            right.starts_with("i-").then(|| right.to_owned())
        })
        .collect()
}
