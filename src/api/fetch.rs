//! The fetch engine: every page of a region, and every region, fetched concurrently where the
//! API allows; the client's adaptive limiter decides how many requests are in flight.

use futures::{StreamExt as _, TryStreamExt as _};

use super::actions::{InstanceQuery, PAGE_SIZE, PageRequest};
use super::client::Client;
use super::error::Error;
use super::model::Instance;
use super::progress::{self, Event};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

mod limits;
use limits::{Budget, RESERVE, TokensSeen, refused};
pub use limits::{MAX_PAGES, MAX_ROWS, WINDOW};

/// How to walk the pages of DescribeInstances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `MaxResults` + `NextToken`: one page after another.
    Token,
    /// `PageNumber`: the first page tells the total, then the rest are fetched at once, at most
    /// `concurrency` at a time and never more than [`limits::WINDOW`] (64) ahead (the client's
    /// global cap still applies).
    Number { concurrency: usize },
}

/// Page numbers with no limit of their own beyond the window of 64 ahead: the client's
/// limiter (cap 32, narrower when throttled) is the one limit on what is in flight, so one big
/// region can use every slot the others leave.
/// Measured in release against the emulator (docs/PERFORMANCE.md): 20,000 instances in 20
/// regions at 50 ms take a few round trips this way, against one per page with `NextToken`.
impl Default for Paging {
    fn default() -> Self {
        Paging::Number {
            concurrency: usize::MAX,
        }
    }
}

/// How a multi-region fetch walks regions and pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub paging: Paging,
    /// Regions fetched at once; `usize::MAX` leaves it to the client's limiter.
    pub regions_at_once: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            paging: Paging::default(),
            regions_at_once: usize::MAX,
        }
    }
}

impl Plan {
    /// The seed's way: `NextToken` pages, one region after another (for comparisons only).
    pub const SEQUENTIAL: Plan = Plan {
        paging: Paging::Token,
        regions_at_once: 1,
    };

    /// The hidden `ECS_TUI_FETCH` switch the benchmark script uses to compare strategies:
    /// `sequential` (the seed's walk), `token` (`NextToken`, regions at once), anything else
    /// or unset: the default.
    #[must_use]
    pub fn from_env() -> Self {
        match std::env::var("ECS_TUI_FETCH").as_deref() {
            Ok("sequential") => Plan::SEQUENTIAL,
            Ok("token") => Plan {
                paging: Paging::Token,
                ..Plan::default()
            },
            _ => Plan::default(),
        }
    }
}

/// Every instance of every region, in the order of `region_ids`, each region with its own
/// result: one region failing does not lose the others.
pub async fn fetch_regions(
    client: &Client,
    region_ids: &[String],
    query: &InstanceQuery,
    plan: Plan,
) -> Vec<(String, Result<Vec<Instance>, Error>)> {
    futures::stream::iter(region_ids)
        .map(|region| async move {
            (
                region.clone(),
                fetch_instances(client, region, query, plan.paging).await,
            )
        })
        .buffered(plan.regions_at_once.max(1))
        .collect()
        .await
}

/// Every instance of the region matching `query`, in API order.
///
/// # Errors
/// The first failure of any page (after the client's retries): a partial region is never
/// returned as if it were complete.
pub async fn fetch_instances(
    client: &Client,
    region_id: &str,
    query: &InstanceQuery,
    paging: Paging,
) -> Result<Vec<Instance>, Error> {
    let result = fetch_pages(client, region_id, query, paging).await;
    progress::report(&Event::RegionDone {
        region: region_id,
        ok: result.is_ok(),
    });
    result
}

/// Tells the observer (if any) that a page came: the first page's rows with it.
fn page_came(region: &str, done: u32, total: Option<u32>, all: &[Instance]) {
    progress::report(&Event::Page {
        region,
        done,
        total,
        instances: all.len(),
        rows: (done == 1).then_some(all),
    });
}

async fn fetch_pages(
    client: &Client,
    region_id: &str,
    query: &InstanceQuery,
    paging: Paging,
) -> Result<Vec<Instance>, Error> {
    match paging {
        Paging::Token => token_pages(client, region_id, query).await,
        Paging::Number { concurrency } => number_pages(client, region_id, query, concurrency).await,
    }
}

/// `NextToken` pages, one after another, until a page comes without one.
async fn token_pages(
    client: &Client,
    region_id: &str,
    query: &InstanceQuery,
) -> Result<Vec<Instance>, Error> {
    let mut all = Vec::new();
    let mut budget = Budget::default();
    let mut tokens = TokensSeen::default();
    let mut token: Option<String> = None;
    let mut done = 0;
    loop {
        let page = client
            .describe_instances_page(region_id, query, &PageRequest::Token(token.take()))
            .await?;
        budget
            .take(page.instances.len())
            .map_err(|why| refused(client, region_id, &page.request_id, why))?;
        all.extend(page.instances);
        done += 1;
        page_came(region_id, done, None, &all);
        match page.next_token {
            // A server handing back a token it gave before (the same one, or A, B, A) would
            // page for ever.
            Some(next) if !tokens.first_time(&next) => {
                return Err(refused(
                    client,
                    region_id,
                    &page.request_id,
                    format!("NextToken did not advance: page {done} repeated an earlier token"),
                ));
            }
            Some(next) => token = Some(next),
            None => return Ok(all),
        }
    }
}

/// `PageNumber` pages: the first tells `TotalCount`, the rest go out in a sliding window of
/// at most [`WINDOW`] requests (the client's limiter caps what is in flight). The server's
/// number only bounds the plan: a page that comes back short before the promised end ends
/// the region there, with a warning.
async fn number_pages(
    client: &Client,
    region_id: &str,
    query: &InstanceQuery,
    concurrency: usize,
) -> Result<Vec<Instance>, Error> {
    let first = client
        .describe_instances_page(region_id, query, &PageRequest::Number(1))
        .await?;
    let mut budget = Budget::default();
    budget
        .take(first.instances.len())
        .map_err(|why| refused(client, region_id, &first.request_id, why))?;
    let promised = first.total_count;
    if promised > MAX_ROWS as u64 {
        return Err(refused(
            client,
            region_id,
            &first.request_id,
            format!(
                "TotalCount said {promised}, more than the {MAX_ROWS} instances ecs-tui reads \
                 from one region"
            ),
        ));
    }
    let pages = page_count(promised);
    let mut all = first.instances;
    page_came(region_id, 1, Some(pages.max(1)), &all);
    if pages <= 1 {
        return Ok(all);
    }
    if all.len() < PAGE_SIZE as usize {
        ended_early(region_id, promised, all.len());
        return Ok(all);
    }
    all.reserve(usize::try_from(promised).unwrap_or(RESERVE).min(RESERVE));
    // Progress counts the pages that arrived, in whatever order: joined in order, one slow
    // page 2 (throttled, retried) held the count at `page 2/100` while 90 had come.
    let arrived = AtomicU32::new(1);
    let rows_arrived = AtomicUsize::new(all.len());
    let (arrived, rows_arrived) = (&arrived, &rows_arrived);
    let mut rest = std::pin::pin!(
        futures::stream::iter(2..=pages)
            .map(|n| async move {
                let page = client
                    .describe_instances_page(region_id, query, &PageRequest::Number(n))
                    .await?;
                let done = arrived.fetch_add(1, Ordering::Relaxed) + 1;
                let rows = rows_arrived.fetch_add(page.instances.len(), Ordering::Relaxed)
                    + page.instances.len();
                progress::report(&Event::Page {
                    region: region_id,
                    done,
                    total: Some(pages),
                    instances: rows,
                    rows: None,
                });
                Ok::<_, Error>((page.instances, page.request_id))
            })
            .buffered(concurrency.clamp(1, WINDOW))
    );
    // Each page joins the rest as it comes (in order): collecting the pages first held
    // every instance twice at the peak, ~60 MB more at 100,000.
    let mut done = 1;
    while let Some((page, request_id)) = rest.try_next().await? {
        budget
            .take(page.len())
            .map_err(|why| refused(client, region_id, &request_id, why))?;
        let short = page.len() < PAGE_SIZE as usize;
        all.extend(page);
        done += 1;
        // Dropping the stream cancels the pages asked for beyond this one.
        if short && done < pages {
            ended_early(region_id, promised, all.len());
            break;
        }
    }
    // The inventory can change between pages; never show one instance twice.
    // (Borrowed IDs: at 100,000 instances, cloned ones were megabytes at the peak.)
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(all.len());
        all.iter()
            .map(|i| seen.insert(i.instance_id.as_str()))
            .collect()
    };
    let mut keep = keep.into_iter();
    all.retain(|_| keep.next().unwrap_or(true));
    Ok(all)
}

/// A page came back short before the end `TotalCount` promised: the region ends there, and
/// says so (the log, and the observer: the browser's region and the CLI's stderr).
fn ended_early(region: &str, promised: u64, rows: usize) {
    let message = format!("TotalCount said {promised}, pages ended at {rows}");
    tracing::warn!(region, "{message}");
    progress::report(&Event::Warning {
        region,
        message: &message,
    });
}

fn page_count(total: u64) -> u32 {
    u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::page_count;

    #[test]
    fn pages_round_up() {
        assert_eq!(page_count(0), 0);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(100), 1);
        assert_eq!(page_count(101), 2);
        assert_eq!(page_count(250), 3);
    }
}
