//! One guard for every child process a test spawns: the child is killed when the test ends
//! (a failing assert included), and after a generous deadline, so a hung child (a broken
//! SIGTERM handler) or a test blocked reading its pipe fails instead of hanging the suite.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// Only guards against a hang: every wait ends as soon as the child does.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// What the guard needs of a child: std's, or a pseudo-terminal's.
pub trait Process: Send + 'static {
    type Status: std::fmt::Debug;
    /// The exit status once the child has ended (and been reaped).
    fn poll(&mut self) -> Option<Self::Status>;
    /// Kills the child and reaps it.
    fn stop(&mut self);
}

impl Process for std::process::Child {
    type Status = std::process::ExitStatus;
    fn poll(&mut self) -> Option<Self::Status> {
        self.try_wait().ok().flatten()
    }
    fn stop(&mut self) {
        let _ = self.kill();
        let _ = self.wait();
    }
}

impl Process for Box<dyn portable_pty::Child + Send + Sync> {
    type Status = portable_pty::ExitStatus;
    fn poll(&mut self) -> Option<Self::Status> {
        self.try_wait().ok().flatten()
    }
    fn stop(&mut self) {
        let _ = self.kill();
        let _ = self.wait();
    }
}

/// A child that cannot outlive its test, nor the deadline.
pub struct Guarded<C: Process> {
    what: String,
    child: Arc<Mutex<C>>,
    /// Set by the watchdog when it had to kill the child.
    expired: Arc<AtomicBool>,
    stop_watchdog: Option<mpsc::Sender<()>>,
    watchdog: Option<std::thread::JoinHandle<()>>,
}

impl<C: Process> Guarded<C> {
    pub fn new(what: &str, child: C) -> Self {
        let child = Arc::new(Mutex::new(child));
        let expired = Arc::new(AtomicBool::new(false));
        let (stop_watchdog, stopped) = mpsc::channel::<()>();
        let watchdog = {
            let child = child.clone();
            let expired = expired.clone();
            std::thread::spawn(move || {
                if stopped.recv_timeout(HANG_GUARD) == Err(mpsc::RecvTimeoutError::Timeout) {
                    let mut child = child.lock().unwrap_or_else(|e| e.into_inner());
                    if child.poll().is_none() {
                        expired.store(true, Ordering::SeqCst);
                        child.stop();
                    }
                }
            })
        };
        Guarded {
            what: what.to_owned(),
            child,
            expired,
            stop_watchdog: Some(stop_watchdog),
            watchdog: Some(watchdog),
        }
    }

    /// Runs `f` on the child (to take its pipes, read its id).
    pub fn with<R>(&self, f: impl FnOnce(&mut C) -> R) -> R {
        f(&mut self.child.lock().unwrap())
    }

    /// Waits for the child to end by itself; fails the test if the watchdog had to kill it.
    pub fn wait(&self) -> C::Status {
        loop {
            if let Some(status) = self.with(Process::poll) {
                assert!(
                    !self.expired.load(Ordering::SeqCst),
                    "{} did not end within {HANG_GUARD:?}: killed",
                    self.what
                );
                return status;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl<C: Process> Drop for Guarded<C> {
    fn drop(&mut self) {
        drop(self.stop_watchdog.take());
        if let Some(watchdog) = self.watchdog.take() {
            let _ = watchdog.join();
        }
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        if child.poll().is_none() {
            child.stop();
        }
    }
}
