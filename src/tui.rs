//! The interactive browser's entry point: terminal lifecycle, the event loop, the panic policy.

mod external;
pub mod report;

use std::io::{self, IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, EventStream};
use crossterm::{cursor, execute, terminal};
use futures::StreamExt as _;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crate::app::{Action, App, Command, ProfileInfo};
use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::profiles::Profiles;
use crate::state::State;
use crate::worker::Worker;
use crate::{keys, ui};

/// Spinner frames and "updated Ns ago" advance on this beat.
const TICK: Duration = Duration::from_millis(100);

/// Whether the terminal is in raw mode on the alternate screen, so hooks know to restore it.
static TERMINAL_ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse reporting was turned on (`mouse = true`), to turn it off on the way out.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// `ecs-tui` with no command.
///
/// # Errors
/// Config problems (exit 2) before the terminal is touched; a terminal that cannot be set up
/// or read (exit 1).
pub async fn run(global: GlobalArgs, profiles: Profiles) -> Result<(), Failure> {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(Failure::usage(
            "the browser needs a terminal; in scripts use `ecs-tui regions` or `ecs-tui instances`"
                .into(),
        ));
    }
    // The demo keeps its cache apart from real accounts' (its profile names are its own).
    let cache = crate::cache::Cache::from_env(global.demo.then_some("demo"));
    let remembered = cache.as_ref().map(State::load).unwrap_or_default();
    // A profile asked for wins; else the one in use at the last quit, if it is still there.
    let last = (remembered.profile.as_deref()).filter(|name| profiles.get(name).is_some());
    let chosen = profiles
        .choose(global.profile.as_deref().or(last))
        .map_err(Failure::config)?;
    let infos: Vec<ProfileInfo> = profiles.profiles.iter().map(ProfileInfo::from).collect();
    let current = profiles
        .profiles
        .iter()
        .position(|p| p.name == chosen.name)
        .unwrap_or(0);
    let size = terminal::size().unwrap_or((80, 24));
    let no_color =
        crate::app::settings::no_color_requested(std::env::var_os("NO_COLOR").as_deref());
    // A region asked for wins; else the profile's region at the last quit.
    let region = match (&global.region, remembered.region_of(&chosen.name)) {
        (Some(region), _) => Some(Some(region.clone())),
        (None, remembered) => remembered,
    };
    let mut app = App::new(
        infos,
        current,
        region.clone().flatten(),
        Instant::now(),
        size,
    )
    .with_settings(crate::app::Settings::from_profiles(&profiles, no_color));
    app.resume(
        region.as_ref().is_some_and(Option::is_none),
        remembered.sort(),
        remembered.focus(),
    );
    app.ui = profiles.ui.clone();
    app.wall_origin = Some(chrono::Local::now().fixed_offset());
    MOUSE.store(app.ui.mouse, Ordering::SeqCst);

    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (action_tx, action_rx) = mpsc::unbounded_channel();
    // The run loop's own effects (clipboard, browser) answer on the same channel.
    let reports = action_tx.clone();
    let worker =
        Worker::new(&profiles, global.endpoint.clone(), action_tx).with_cache(cache.clone());
    let worker = tokio::spawn(worker.run(command_rx));

    install_panic_hook();
    let mut terminal = ratatui::try_init()
        .map_err(|e| Failure::reported(format!("cannot start the terminal UI: {e}")))?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    let _restore = RestoreOnDrop;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), event::EnableMouseCapture)
            .map_err(|e| Failure::reported(format!("cannot start the terminal UI: {e}")))?;
    }
    let outcome = event_loop(&mut terminal, &mut app, command_tx, action_rx, reports).await;
    restore();
    worker.abort();
    if let Some(cache) = &cache {
        State::load(cache).with_app(&app).save(cache);
    }
    match outcome {
        Ok(Exit::Quit) => Ok(()),
        Ok(Exit::Signal(n)) => Err(Failure {
            code: 128 + n,
            message: String::new(),
        }),
        Err(e) => Err(Failure::reported(format!("terminal: {e}"))),
    }
}

enum Exit {
    Quit,
    /// Ended by a signal (its number): exit 128 + n, as a shell would report it.
    Signal(u8),
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    commands: mpsc::UnboundedSender<Command>,
    mut actions: mpsc::UnboundedReceiver<Action>,
    reports: mpsc::UnboundedSender<Action>,
) -> io::Result<Exit> {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut signals = Signals::new()?;
    // Read once: which clipboard program and browser this session has.
    let desktop = crate::desktop::Env::current();

    // The worker's commands go to it; the loop's own come back, in order (`o` asks for a copy
    // and a browser at once).
    let send = |app_commands: Vec<Command>| -> Vec<Command> {
        let mut local = Vec::new();
        for command in app_commands {
            match command {
                Command::Quit
                | Command::Suspend
                | Command::RunSsh { .. }
                | Command::Copy { .. }
                | Command::OpenUrl { .. } => local.push(command),
                other => {
                    // A closed channel means the worker is gone; the UI stays usable.
                    let _ = commands.send(other);
                }
            }
        }
        local
    };
    let _ = send(app.start());
    draw(terminal, app)?;

    loop {
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    #[cfg(debug_assertions)]
                    if test_panic_wanted("ui") {
                        panic!("ECS_TUI_TEST_PANIC=ui: a deliberate panic in the UI (profiles {:?})", app.profiles);
                    }
                    keys::action_for(&key, app.scope())
                }
                Some(Ok(Event::Resize(width, height))) => Some(Action::Resize { width, height }),
                Some(Ok(Event::Mouse(mouse))) => keys::mouse_action(&mouse),
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e),
                None => return Ok(Exit::Quit),
            },
            Some(action) = actions.recv() => Some(action),
            _ = tick.tick() => Some(Action::Tick),
            n = signals.next() => return Ok(Exit::Signal(n)),
        };
        let Some(action) = action else { continue };
        app.set_now(Instant::now());
        let mut pending = vec![action];
        // Take every answer already waiting, so a burst of regions costs one frame.
        while let Ok(more) = actions.try_recv() {
            pending.push(more);
        }
        for action in pending {
            for command in send(app.update(action)) {
                match command {
                    Command::Quit => return Ok(Exit::Quit),
                    Command::Suspend => suspend(terminal)?,
                    Command::Copy { what, text } => {
                        external::copy(&desktop, &reports, what, text);
                    }
                    Command::OpenUrl { url } => external::open_url(&desktop, &reports, url),
                    Command::RunSsh { argv } => {
                        let report =
                            external::ssh(terminal, &mut events, &mut signals, argv).await?;
                        let _ = send(app.update(Action::SshEnded { report }));
                    }
                    _ => {}
                }
            }
        }
        draw(terminal, app)?;
    }
}

/// Held while a frame is written: a panic on another thread restores the terminal after the
/// frame rather than in its middle, and no frame follows (a late one would hide the cursor of
/// the shell the user is back in).
static DRAWING: Mutex<()> = Mutex::new(());

fn draw(terminal: &mut DefaultTerminal, app: &App) -> io::Result<()> {
    let _frame = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
    if !TERMINAL_ACTIVE.load(Ordering::SeqCst) {
        return Ok(());
    }
    terminal.draw(|f| ui::draw(f, app)).map(|_| ())
}

/// Waits for a frame being written to finish; gives up after a second, since the frame may
/// belong to the very thread that is panicking.
fn wait_for_frame() -> Option<std::sync::MutexGuard<'static, ()>> {
    for _ in 0..100 {
        match DRAWING.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    None
}

/// Leaves raw mode and the alternate screen and shows the cursor, once.
fn restore() {
    if TERMINAL_ACTIVE.swap(false, Ordering::SeqCst) {
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(io::stdout(), event::DisableMouseCapture);
        }
        let _ = terminal::disable_raw_mode();
        let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
        let _ = io::stdout().flush();
    }
}

/// Restores the terminal when the loop unwinds or returns early.
struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic anywhere (the UI, the worker, any task) restores the terminal, prints the report
/// through the hook installed before (color-eyre's), and ends the process with status 1: a
/// half-dead UI that no longer fetches is worse than a clean exit.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _frame = wait_for_frame();
        let was_active = TERMINAL_ACTIVE.load(Ordering::SeqCst);
        restore();
        previous(info);
        if was_active {
            std::process::exit(1);
        }
    }));
}

/// Debug builds only: `ECS_TUI_TEST_PANIC=ui` panics on the first key, `=worker` in the first
/// worker task, so tests of the binary can check the panic policy from outside.
#[cfg(debug_assertions)]
#[must_use]
pub fn test_panic_wanted(site: &str) -> bool {
    std::env::var("ECS_TUI_TEST_PANIC").is_ok_and(|v| v == site)
}

/// ctrl-z: give the terminal back, stop like any job, and take it again on `fg`.
#[cfg(unix)]
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Running again (SIGCONT).
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    terminal.clear()
}

#[cfg(not(unix))]
fn suspend(_terminal: &mut DefaultTerminal) -> io::Result<()> {
    Ok(())
}

/// SIGTERM, SIGHUP and SIGINT end the browser cleanly (the terminal is restored).
struct Signals {
    #[cfg(unix)]
    streams: Vec<(u8, tokio::signal::unix::Signal)>,
    /// Set by every SIGINT the moment it arrives (the streams learn of it later, from the
    /// runtime): whether a ctrl-c came while a child had the terminal.
    #[cfg(unix)]
    interrupted: std::sync::Arc<AtomicBool>,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        let streams = vec![
            (15, signal(SignalKind::terminate())?),
            (1, signal(SignalKind::hangup())?),
            (2, signal(SignalKind::interrupt())?),
        ];
        let interrupted = std::sync::Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(
            signal_hook::consts::SIGINT,
            std::sync::Arc::clone(&interrupted),
        )?;
        Ok(Signals {
            streams,
            interrupted,
        })
    }

    #[cfg(not(unix))]
    fn new() -> io::Result<Self> {
        Ok(Signals {})
    }

    /// The number of the first signal to arrive.
    #[cfg(unix)]
    async fn next(&mut self) -> u8 {
        let waits = self.streams.iter_mut().map(|(n, s)| {
            let n = *n;
            Box::pin(async move {
                s.recv().await;
                n
            })
        });
        futures::future::select_all(waits).await.0
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> u8 {
        std::future::pending().await
    }
}
