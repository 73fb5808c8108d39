//! The CLI's progress line on stderr while a long fetch runs (`regions 3/20 · 4,200
//! instances · 2 retries`): only when stderr is a terminal and `--quiet` is not given, and
//! gone before the output is written, so scripts and pipes never see it.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::api::progress::{Event, Observer};
use crate::ui::text::count;

/// What the line says, counted from the fetch's events.
#[derive(Debug, Default)]
pub struct Tally {
    regions: usize,
    done: usize,
    /// Rows so far of each region (the last page event's count).
    rows: HashMap<String, usize>,
    retries: usize,
    throttled: bool,
}

impl Tally {
    #[must_use]
    pub fn new(regions: usize) -> Self {
        Tally {
            regions,
            ..Tally::default()
        }
    }

    pub fn take(&mut self, event: &Event<'_>) {
        match event {
            Event::Page {
                region, instances, ..
            } => {
                self.rows.insert((*region).to_owned(), *instances);
                self.throttled = false;
            }
            Event::Retrying { throttled, .. } => {
                self.retries += 1;
                self.throttled = *throttled;
            }
            Event::RegionDone { .. } => self.done += 1,
            // Not the line's business: the fetch logs it.
            Event::Warning { .. } => {}
        }
    }

    /// `regions 3/20 · 4,200 instances · 2 retries, throttled`.
    #[must_use]
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if self.regions > 1 {
            parts.push(format!("regions {}/{}", self.done, self.regions));
        }
        let rows: usize = self.rows.values().sum();
        parts.push(format!("{} instances", count(rows)));
        if self.retries > 0 {
            let word = if self.retries == 1 {
                "retry"
            } else {
                "retries"
            };
            let mut retries = format!("{} {word}", self.retries);
            if self.throttled {
                retries.push_str(", throttled: slowing down");
            }
            parts.push(retries);
        }
        parts.join(" · ")
    }
}

/// The line, while it is shown; dropping it clears it.
pub struct ProgressLine {
    bar: ProgressBar,
    tally: Arc<Mutex<Tally>>,
}

impl ProgressLine {
    /// A line for a fetch of `regions` regions, or `None` when it must not show (`quiet`, or
    /// stderr is not a terminal).
    #[must_use]
    pub fn start(regions: usize, quiet: bool) -> Option<Self> {
        if quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(100));
        let tally = Arc::new(Mutex::new(Tally::new(regions)));
        bar.set_message(lock(&tally).line());
        Some(ProgressLine { bar, tally })
    }

    /// The observer that feeds the line.
    #[must_use]
    pub fn observer(&self) -> Observer {
        let (bar, tally) = (self.bar.clone(), Arc::clone(&self.tally));
        Arc::new(move |event: &Event<'_>| {
            let mut tally = lock(&tally);
            tally.take(event);
            bar.set_message(tally.line());
        })
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Warnings a fetch told (`region R: TotalCount said N, pages ended at M`), kept to print on
/// stderr once the output is written: they are said whether or not the line is shown.
#[derive(Clone, Default)]
pub struct Warnings(Arc<Mutex<Vec<String>>>);

impl Warnings {
    /// An observer keeping the warnings and passing every event to `line`, if shown.
    #[must_use]
    pub fn observer(&self, line: Option<&ProgressLine>) -> Observer {
        let (kept, line) = (Arc::clone(&self.0), line.map(ProgressLine::observer));
        Arc::new(move |event: &Event<'_>| {
            if let Event::Warning { region, message } = event {
                kept.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(format!("region {region}: {message}"));
            }
            if let Some(line) = &line {
                line(event);
            }
        })
    }

    /// Prints each as `ecs-tui: warning: …`, sanitised like every stderr line.
    pub fn print(&self) {
        for warning in self.0.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            eprintln!("ecs-tui: warning: {}", crate::exit::one_line(warning));
        }
    }
}

fn lock(tally: &Mutex<Tally>) -> std::sync::MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_regions_rows_and_retries() {
        let mut t = Tally::new(20);
        assert_eq!(t.line(), "regions 0/20 · 0 instances");
        for (region, rows) in [("a", 100), ("b", 100), ("a", 200)] {
            t.take(&Event::Page {
                region,
                done: 1,
                total: Some(3),
                instances: rows,
                rows: None,
            });
        }
        t.take(&Event::RegionDone {
            region: "b",
            ok: true,
        });
        t.take(&Event::Retrying {
            action: "DescribeInstances",
            region: Some("a"),
            attempt: 2,
            max: 5,
            throttled: true,
            delay: Duration::from_secs(1),
            code: "Throttling.User",
        });
        assert_eq!(
            t.line(),
            "regions 1/20 · 300 instances · 1 retry, throttled: slowing down"
        );
        let mut one = Tally::new(1);
        one.take(&Event::Page {
            region: "a",
            done: 1,
            total: None,
            instances: 1_234,
            rows: None,
        });
        assert_eq!(one.line(), "1,234 instances", "one region: no region count");
    }
}
