//! A fetch's progress while it runs: pages answered, and a retry being waited out; the first
//! page's rows shown at once when the region has nothing else to show.

use std::time::{Duration, Instant};

use super::{App, Command, Outcome, Rows};
use crate::ui::text;

/// What a running fetch has told so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchProgress {
    pub pages_done: u32,
    /// Known with `PageNumber` paging, after the first page.
    pub pages_total: Option<u32>,
    /// A failed call waiting to be tried again.
    pub retry: Option<Retry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// The attempt to come, of `max`.
    pub attempt: u32,
    pub max: u32,
    pub throttled: bool,
    /// When the failed attempt was reported.
    pub since: Instant,
    pub code: String,
}

/// One report from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Page {
        done: u32,
        total: Option<u32>,
        /// The region's first page of rows, sent only with page 1.
        rows: Option<Rows>,
    },
    Retrying {
        attempt: u32,
        max: u32,
        throttled: bool,
        code: String,
        delay: Duration,
    },
    /// The region's answer is in doubt though it did not fail (`TotalCount said N, pages
    /// ended at M`): said in the flash line and the log.
    Warning { message: String },
}

impl FetchProgress {
    /// `["page 37/100", "throttled, slowing down", "attempt 2/5 for 3s"]`, most important
    /// first (a narrow title keeps the first); empty before anything is worth saying (one
    /// page with nothing to wait for).
    #[must_use]
    pub fn describe(&self, now: Instant) -> Vec<String> {
        let mut parts = Vec::new();
        match self.pages_total {
            Some(total) if total > 1 => parts.push(format!(
                "page {}/{}",
                text::count(self.pages_done as usize),
                text::count(total as usize)
            )),
            None if self.pages_done > 0 => {
                parts.push(format!("page {}", text::count(self.pages_done as usize)));
            }
            _ => {}
        }
        if let Some(retry) = &self.retry {
            parts.push(if retry.throttled {
                "throttled, slowing down".to_owned()
            } else {
                format!("{}, retrying", retry.code)
            });
            parts.push(format!(
                "attempt {}/{} for {}",
                retry.attempt,
                retry.max,
                text::age(now.saturating_duration_since(retry.since))
            ));
        }
        parts
    }
}

impl App {
    pub(super) fn instances_progress(
        &mut self,
        (profile, region, generation): (&str, &str, u64),
        step: Step,
    ) -> Vec<Command> {
        if profile != self.profile_name() {
            return Vec::new();
        }
        let Some(aside) = self.waiting(region, |v| v.loading == Some(generation)) else {
            return Vec::new();
        };
        if let Step::Warning { message } = &step {
            tracing::warn!(region, "{message}");
            self.flash(
                super::FlashLevel::Warn,
                format!("⚠ region {region}: {message}"),
            );
            return Vec::new();
        }
        let (now, viewport) = (self.now, self.table_viewport());
        let Some(view) = self.views_of(aside).get_mut(region) else {
            return Vec::new();
        };
        let progress = view.progress.get_or_insert_with(FetchProgress::default);
        match step {
            Step::Page { done, total, rows } => {
                progress.pages_done = done;
                progress.pages_total = total;
                progress.retry = None;
                // The first screenful, while the rest comes; never over rows already shown
                // (a refresh keeps its old rows whole until the whole answer is in).
                if let Some(rows) = rows
                    && view.rows.is_empty()
                    && view.updated.is_none()
                    && total.is_some_and(|t| t > 1)
                {
                    view.replace_rows(rows, now, viewport);
                    view.outcome = Outcome::Loaded;
                    view.partial = true;
                }
            }
            Step::Retrying {
                attempt,
                max,
                throttled,
                code,
                delay: _,
            } => {
                progress.retry = Some(Retry {
                    attempt,
                    max,
                    throttled,
                    since: now,
                    code,
                });
            }
            Step::Warning { .. } => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn it_says_pages_then_the_retry_being_waited_out() {
        let t = Instant::now();
        let mut p = FetchProgress::default();
        let said = |p: &FetchProgress, at| p.describe(at).join(" · ");
        assert_eq!(said(&p, t), "");
        p.pages_done = 1;
        p.pages_total = Some(1);
        assert_eq!(said(&p, t), "", "a single page says nothing");
        p.pages_done = 37;
        p.pages_total = Some(100);
        assert_eq!(said(&p, t), "page 37/100");
        p.retry = Some(Retry {
            attempt: 2,
            max: 5,
            throttled: true,
            since: t,
            code: "Throttling.User".into(),
        });
        assert_eq!(
            said(&p, t + Duration::from_secs(3)),
            "page 37/100 · throttled, slowing down · attempt 2/5 for 3s"
        );
        p.retry.as_mut().unwrap().throttled = false;
        p.retry.as_mut().unwrap().code = "ServiceUnavailable".into();
        assert_eq!(
            said(&p, t),
            "page 37/100 · ServiceUnavailable, retrying · attempt 2/5 for 0s"
        );
    }
}
