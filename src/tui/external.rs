//! What the run loop does outside the frame: ssh on the terminal, the clipboard (OSC 52 and a
//! local clipboard program), and handing a URL to the browser. Each reports back as an
//! Action; only ssh holds the loop, and it waits without blocking a runtime thread.

use std::io::{self, Write as _};
use std::sync::atomic::Ordering;

use crossterm::event::EventStream;
use crossterm::{cursor, execute, terminal};
use futures::FutureExt as _;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::UnboundedSender;

use super::{Signals, TERMINAL_ACTIVE, restore};
use crate::app::Action;
use crate::desktop::{Env, clipboard_tool, opener};
use crate::ssh::{SshOutcome, SshReport};

/// Home and erase the screen: the child starts on a clean one, and it is wiped again after,
/// so neither our lines nor ssh's pile up on the screen the user quits to (k9s does the same).
const CLEAR_SCREEN: &str = "\x1b[H\x1b[2J";

/// OSC 52 to the terminal now, and the local clipboard program (if any) off the loop; the
/// answer says which of them can be trusted.
pub(super) fn copy(env: &Env, reports: &UnboundedSender<Action>, what: String, text: String) {
    {
        let mut out = io::stdout().lock();
        if let Err(e) = crate::clipboard::copy(&mut out, &text, crate::clipboard::in_tmux()) {
            tracing::warn!("cannot write the copy sequence: {e}");
        }
    }
    let env = env.clone();
    let reports = reports.clone();
    tokio::task::spawn_blocking(move || {
        let tool = clipboard_tool::copy(&env, &text).map(|t| t.map(str::to_owned));
        if let Err(e) = &tool {
            tracing::warn!("clipboard program: {e}");
        }
        let _ = reports.send(Action::Copied { what, text, tool });
    });
}

/// Starts the browser (never waiting for it here: `xdg-open` may run it in the foreground)
/// and reports at once; a failure found when it exits is reported then.
pub(super) fn open_url(env: &Env, reports: &UnboundedSender<Action>, url: String) {
    let result = opener::start(env, &url);
    match result {
        Ok(Some(started)) => {
            let _ = reports.send(Action::UrlOpened {
                url: url.clone(),
                result: Ok(Some(started.program.clone())),
            });
            let reports = reports.clone();
            std::thread::spawn(move || {
                if let Err(e) = started.wait() {
                    tracing::warn!("opening the console URL: {e}");
                    let _ = reports.send(Action::UrlOpened {
                        url,
                        result: Err(e),
                    });
                }
            });
        }
        Ok(None) => {
            let _ = reports.send(Action::UrlOpened {
                url,
                result: Ok(None),
            });
        }
        Err(e) => {
            tracing::warn!("opening the console URL: {e}");
            let _ = reports.send(Action::UrlOpened {
                url,
                result: Err(e),
            });
        }
    }
}

/// Gives the terminal to `argv` (no shell, no cloud credentials in its environment) until it
/// exits. A failure leaves its output on the screen under a line saying so, until Enter; a
/// ctrl-c while it runs was for it (and ends it), not for us. Then the terminal is taken back
/// and redrawn; the App is untouched, so the screen is exactly as it was.
///
/// # Errors
/// The terminal cannot be set up again.
pub(super) async fn ssh(
    terminal: &mut DefaultTerminal,
    events: &mut EventStream,
    signals: &mut Signals,
    argv: Vec<String>,
) -> io::Result<SshReport> {
    // The event stream's reader thread would otherwise read keys meant for the child.
    *events = EventStream::new();
    // Dropping the old stream wakes crossterm's reader so its thread ends. A wake nobody took
    // would cut short the first poll after ssh and, with it, the readiness of a key typed at
    // that instant (the reader's epoll is edge-triggered): that key would be lost. Take it.
    let _ = crossterm::event::poll(std::time::Duration::ZERO);
    restore();
    let command = shell_words::join(argv.iter().map(String::as_str));
    let program = argv
        .first()
        .map(|p| {
            std::path::Path::new(p)
                .file_name()
                .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    say(&format!(
        "{CLEAR_SCREEN}ecs-tui: running {command} — ctrl-c cancels\n"
    ));
    signals.child_starts();
    // The child is waited for on a blocking thread: the worker keeps fetching meanwhile.
    let ran = tokio::task::spawn_blocking(move || crate::ssh::run(&argv))
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)));
    let interrupted = signals.child_ended().await;
    let report = match ran {
        Ok(ran) => SshReport {
            outcome: SshOutcome::of(ran.status.code(), signal_of(ran.status), interrupted),
            message: ran.message,
            program,
            command,
        },
        Err(e) => SshReport {
            outcome: SshOutcome::NotStarted(format!("cannot run {program}: {e}")),
            message: String::new(),
            program,
            command,
        },
    };
    if report.outcome.wants_a_look() {
        // Cooked mode, from the terminal: the user reads, then presses Enter.
        say(&format!("\n{}\n", report.prompt()));
        signals.child_starts();
        let _ = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            io::stdin().read_line(&mut line)
        })
        .await;
        // A ctrl-c at the prompt is not a reason to quit either.
        signals.child_ended().await;
    }
    say(CLEAR_SCREEN);
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    // A blank frame makes the next one redraw everything. (`Terminal::clear` would ask the
    // terminal for the cursor position, an answer that may not come back in time here.)
    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
    terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
    Ok(report)
}

/// Writes to the terminal while the UI is away; a failed write only loses the line.
fn say(text: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

#[cfg(unix)]
fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_status: std::process::ExitStatus) -> Option<i32> {
    None
}

impl Signals {
    /// A child takes the terminal: forget any earlier ctrl-c.
    fn child_starts(&self) {
        #[cfg(unix)]
        self.interrupted.store(false, Ordering::SeqCst);
    }

    /// Whether a ctrl-c (SIGINT) came since [`Signals::child_starts`]. If one did, it was for
    /// the child: its notification on the SIGINT stream is taken here, so that it cannot end
    /// ecs-tui later. It always comes (the handler that set the flag also woke the stream),
    /// so the wait is short; the drain after takes a second one sent in the meantime.
    async fn child_ended(&mut self) -> bool {
        #[cfg(unix)]
        {
            if !self.interrupted.swap(false, Ordering::SeqCst) {
                return false;
            }
            for (n, stream) in &mut self.streams {
                if *n == 2 {
                    stream.recv().await;
                    while let Some(Some(())) = stream.recv().now_or_never() {}
                }
            }
            true
        }
        #[cfg(not(unix))]
        false
    }
}
