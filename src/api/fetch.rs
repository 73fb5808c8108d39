//! The fetch engine: every page of a region, and every region, fetched concurrently where the
//! API allows; the client's adaptive limiter decides how many requests are in flight.

use futures::{StreamExt as _, TryStreamExt as _};

use super::actions::{InstanceQuery, PAGE_SIZE, PageRequest};
use super::client::Client;
use super::error::Error;
use super::model::Instance;
use super::progress::{self, Event};

/// How to walk the pages of DescribeInstances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `MaxResults` + `NextToken`: one page after another.
    Token,
    /// `PageNumber`: the first page tells the total, then the rest are fetched at once, at most
    /// `concurrency` at a time (the client's global cap still applies).
    Number { concurrency: usize },
}

/// Page numbers with no limit of their own: the client's limiter (cap 32, narrower when
/// throttled) is the one limit, so one big region can use every slot the others leave.
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
        Paging::Token => {
            let mut all = Vec::new();
            let mut token: Option<String> = None;
            let mut done = 0;
            loop {
                let page = client
                    .describe_instances_page(region_id, query, &PageRequest::Token(token.clone()))
                    .await?;
                all.extend(page.instances);
                done += 1;
                page_came(region_id, done, None, &all);
                match page.next_token {
                    // A server handing back the token it was given would page forever.
                    Some(next) if token.as_deref() == Some(next.as_str()) => {
                        return Err(Error::Decode {
                            action: "DescribeInstances".into(),
                            host: client
                                .url_for_region(region_id)
                                .ok()
                                .and_then(|u| u.host_str().map(str::to_owned))
                                .unwrap_or_default(),
                            http_status: 200,
                            request_id: page.request_id,
                            detail: "NextToken did not advance".into(),
                        });
                    }
                    Some(next) => token = Some(next),
                    None => return Ok(all),
                }
            }
        }
        Paging::Number { concurrency } => {
            let first = client
                .describe_instances_page(region_id, query, &PageRequest::Number(1))
                .await?;
            let pages = page_count(first.total_count);
            let mut all = first.instances;
            page_came(region_id, 1, Some(pages.max(1)), &all);
            if pages <= 1 {
                return Ok(all);
            }
            all.reserve(usize::try_from(first.total_count).unwrap_or(0));
            let mut rest = std::pin::pin!(
                futures::stream::iter(2..=pages)
                    .map(|n| async move {
                        client
                            .describe_instances_page(region_id, query, &PageRequest::Number(n))
                            .await
                            .map(|p| p.instances)
                    })
                    .buffered(concurrency.max(1))
            );
            // Each page joins the rest as it comes (in order): collecting the pages first held
            // every instance twice at the peak, ~60 MB more at 100,000.
            let mut done = 1;
            while let Some(page) = rest.try_next().await? {
                all.extend(page);
                done += 1;
                page_came(region_id, done, Some(pages), &all);
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
    }
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
