//! What the run loop does outside the frame: a child process on the terminal (ssh), and
//! OSC 52 writes to it.

use std::io::{self, Write as _};
use std::sync::atomic::Ordering;

use crossterm::event::EventStream;
use crossterm::{cursor, execute, terminal};
use futures::FutureExt as _;
use ratatui::DefaultTerminal;

use super::{Signals, TERMINAL_ACTIVE, restore};

/// Puts `text` on the clipboard through the terminal. A failed write loses only the copy.
pub(super) fn copy(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = crate::clipboard::copy(&mut out, text, crate::clipboard::in_tmux()) {
        tracing::warn!("cannot write the copy sequence: {e}");
    }
}

/// Gives the terminal to `argv` (no shell, no cloud credentials in its environment) until it
/// exits, then takes it back and redraws; the App is untouched, so the screen is exactly as
/// it was.
///
/// # Errors
/// The terminal cannot be set up again.
pub(super) fn run(
    terminal: &mut DefaultTerminal,
    events: &mut EventStream,
    signals: &mut Signals,
    argv: &[String],
) -> io::Result<Result<Option<i32>, String>> {
    // The event stream's reader thread would otherwise read keys meant for the child.
    *events = EventStream::new();
    restore();
    {
        let mut out = io::stdout().lock();
        let _ = writeln!(
            out,
            "ecs-tui: running {}",
            shell_words::join(argv.iter().map(String::as_str))
        );
        let _ = out.flush();
    }
    let status = crate::ssh::run(argv);
    // ctrl-c at the child's password prompt reaches us too: it was for the child.
    signals.forget_interrupts();
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    // A blank frame makes the next one redraw everything. (`Terminal::clear` would ask the
    // terminal for the cursor position, an answer that may not come back in time here.)
    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
    terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
    let program = argv.first().map_or("", String::as_str);
    Ok(status
        .map(|s| s.code())
        .map_err(|e| format!("cannot run {program}: {e}")))
}

impl Signals {
    /// Drops any SIGINT that arrived while a child had the terminal.
    fn forget_interrupts(&mut self) {
        #[cfg(unix)]
        for (n, stream) in &mut self.streams {
            if *n == 2 {
                while let Some(Some(())) = stream.recv().now_or_never() {}
            }
        }
    }
}
