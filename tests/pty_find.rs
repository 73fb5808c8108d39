//! The real binary on `--demo` in a pseudo-terminal: typing a filter narrows the table live,
//! `0` gathers every region into one table with the Forbidden.RAM region listed as failed,
//! `!` shows the error log, and `q` quits with the terminal restored.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::io::{Read as _, Write as _};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 34;
const COLS: u16 = 130;

struct Screen {
    parser: vt100::Parser,
    output: mpsc::Receiver<Vec<u8>>,
}

impl Screen {
    /// Reads the program's output until `ready` holds; a generous limit only guards a hang.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.parser.screen().contents();
            if ready(&text) {
                return;
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

    /// The table's rows: lines of the instance pane that start with an instance ID.
    fn table_rows(&self) -> Vec<String> {
        self.parser
            .screen()
            .contents()
            .lines()
            .filter_map(|line| {
                let right = line.split("││").nth(1)?;
                right.starts_with("i-").then(|| right.to_owned())
            })
            .collect()
    }

    fn drain(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.parser.process(&bytes);
        }
    }
}

#[test]
fn filter_then_all_regions_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ecs-tui"));
    cmd.arg("--demo");
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dir.path());
    cmd.env("ECS_TUI_CONFIG", dir.path().join("none.toml"));
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let mut press = |keys: &str| {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    };
    let mut screen = Screen {
        parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
        output: rx,
    };

    screen.wait_for("the first region's instances", |s| {
        s.contains("cn-zhangjiakou") && s.contains("k8s-node-prod-01")
    });

    // Typing filters as it goes; the title shows the filter and shown/total.
    press("/db-pr");
    screen.wait_for("the filter in the title", |s| s.contains("/db-pr "));
    let rows = screen.table_rows();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.contains("db-pr")), "{rows:#?}");
    press("\r");
    screen.wait_for("the table focused", |s| s.contains("Esc back"));

    // All regions: rows from many regions, the forbidden one listed with its code.
    press("0");
    screen.wait_for("every region answered", |s| {
        s.contains("all regions · 12/12 regions")
            && s.contains("1 of 12 regions failed")
            && s.contains("REGION")
    });
    let text = screen.parser.screen().contents();
    assert!(
        text.lines()
            .any(|l| l.contains("cn-zhangjiakou") && l.contains("Forbidden.RAM")),
        "{text}"
    );
    // The filter still applies across regions.
    let rows = screen.table_rows();
    assert!(rows.iter().all(|r| r.contains("db-pr")), "{rows:#?}");
    let regions: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|r| r.split_whitespace().nth(1))
        .collect();
    assert!(regions.len() > 1, "rows from several regions: {rows:#?}");

    // Esc clears the filter: every row is back.
    press("\x1b");
    screen.wait_for("the filter cleared", |s| !s.contains("/db-pr"));

    press("!");
    screen.wait_for("the error log", |s| {
        s.contains("Errors since start-up") && s.contains("RequestId")
    });
    press("q");
    screen.wait_for("the error log closed", |s| !s.contains("Errors since"));

    press("q");
    let status = child.wait().unwrap();
    screen.drain();
    assert!(status.success(), "exit status {status:?}");
    assert!(!screen.parser.screen().alternate_screen());
}
