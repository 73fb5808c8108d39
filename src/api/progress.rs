//! Word of long work while it happens: pages answered, retries and throttling. Whoever waits
//! (the browser's worker, the CLI's progress line) runs a fetch inside [`observed`]; the fetch
//! engine and the client's retry loop report to the observer of the task they run in, so no
//! signature along the way carries it, and code that does not observe pays nothing.

use std::sync::Arc;
use std::time::Duration;

use super::model::Instance;

/// What happened, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// A page of `region` answered. `total` is the page count when the API told it
    /// (`PageNumber` paging), `instances` the region's rows so far; `rows` are the page's
    /// own when it is the region's first page (a screenful to show before the rest).
    Page {
        region: &'a str,
        done: u32,
        total: Option<u32>,
        instances: usize,
        rows: Option<&'a [Instance]>,
    },
    /// A call failed and is tried again after `delay` as attempt `attempt` of `max`.
    Retrying {
        action: &'a str,
        region: Option<&'a str>,
        attempt: u32,
        max: u32,
        throttled: bool,
        delay: Duration,
        code: &'a str,
    },
    /// Something about `region`'s answer the user should know, though it did not fail
    /// (`TotalCount said N, pages ended at M`).
    Warning { region: &'a str, message: &'a str },
    /// Every page of `region` is in (or it failed).
    RegionDone { region: &'a str, ok: bool },
}

/// Told of every [`Event`] of the fetches it observes; called on the fetching task, so it
/// must be quick (send on a channel, bump a counter).
pub type Observer = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

tokio::task_local! {
    static OBSERVER: Observer;
}

/// Runs `work` with `observer` told of its progress.
pub async fn observed<F: Future>(observer: Observer, work: F) -> F::Output {
    OBSERVER.scope(observer, work).await
}

/// Tells the observer of the current task, if there is one.
pub(crate) fn report(event: &Event<'_>) {
    let _ = OBSERVER.try_with(|observe| observe(event));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[tokio::test]
    async fn events_reach_the_observer_of_the_task_they_happen_in() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let observer: Observer = Arc::new(move |e: &Event<'_>| {
            if let Event::RegionDone { region, .. } = e {
                sink.lock().unwrap().push((*region).to_owned());
            }
        });
        report(&Event::RegionDone {
            region: "unobserved",
            ok: true,
        });
        observed(observer, async {
            report(&Event::RegionDone {
                region: "cn-hangzhou",
                ok: true,
            });
        })
        .await;
        assert_eq!(*seen.lock().unwrap(), ["cn-hangzhou"]);
    }
}
