//! Runs the real binary in a pseudo-terminal and reads its screen through a vt100 parser.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    pub parser: vt100::Parser,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    /// The terminal's local modes before the program started, to check they come back.
    pub modes_before: String,
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

    /// Reads the program's output until `ready` holds; a generous limit only guards a hang.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = self.text();
            if ready(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what}; screen:\n{text}"
            );
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
        }
    }

    /// Waits for the program to exit, reads what it printed last, and checks the terminal is
    /// back: main screen, cursor shown, cooked mode.
    pub fn wait_exit_restored(&mut self) -> portable_pty::ExitStatus {
        let status = self.child.wait().unwrap();
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.parser.process(&bytes);
        }
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "alternate screen left");
        assert!(!screen.hide_cursor(), "cursor shown again");
        let modes_after = local_modes(self.master.as_ref());
        assert_eq!(modes_after, self.modes_before, "terminal modes restored");
        assert!(modes_after.contains("ICANON") && modes_after.contains("ECHO"));
        status
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
