//! What one region may cost, whatever the server claims: pages and rows are counted as they
//! come, never sized from `TotalCount`, and a region past a limit fails with a named error
//! instead of exhausting the machine (docs/RELIABILITY.md, "Hostile endpoint (round two)").

use std::collections::HashSet;
use std::hash::{BuildHasher as _, RandomState};

use super::super::client::Client;
use super::super::error::Error;

/// Pages read from one region at most: 1,000,000 instances at 100 a page.
pub const MAX_PAGES: u32 = 10_000;
/// Instances read from one region at most (about 6 GB of rows at a few KB each; the largest
/// real accounts hold tens of thousands per region).
pub const MAX_ROWS: usize = 1_000_000;
/// Page requests of one region that may wait ahead of the page being joined: twice the
/// limiter's cap (32), so one big region still fills every slot the others leave, while a
/// lying `TotalCount` cannot make a million futures at once.
pub const WINDOW: usize = 64;
/// Rows reserved up front at most, whatever `TotalCount` says; the Vec grows past it.
pub const RESERVE: usize = 100_000;

/// A region's failure that is not one call's: the pages as a whole make no sense.
pub fn refused(client: &Client, region_id: &str, request_id: &str, detail: String) -> Error {
    Error::Decode {
        action: "DescribeInstances".into(),
        host: client
            .url_for_region(region_id)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default(),
        http_status: 200,
        request_id: request_id.to_owned(),
        detail,
    }
}

/// Counts a region's pages and rows; says which limit a page crossed, if any.
#[derive(Debug, Default)]
pub struct Budget {
    pages: u32,
    rows: usize,
}

impl Budget {
    /// Takes a page of `rows` instances.
    ///
    /// # Errors
    /// The limit it crossed, as a sentence for [`refused`].
    pub fn take(&mut self, rows: usize) -> Result<(), String> {
        self.pages = self.pages.saturating_add(1);
        self.rows = self.rows.saturating_add(rows);
        if self.pages > MAX_PAGES {
            return Err(format!(
                "more than {MAX_PAGES} pages in one region: ecs-tui stops there (the pages did \
                 not end)"
            ));
        }
        if self.rows > MAX_ROWS {
            return Err(format!(
                "more than {MAX_ROWS} instances in one region: ecs-tui stops there"
            ));
        }
        Ok(())
    }
}

/// The `NextToken`s a region handed out so far, as hashes: a server cycling A, B, A would page
/// for ever, and keeping the tokens themselves would let huge ones fill memory.
#[derive(Debug, Default)]
pub struct TokensSeen {
    hasher: RandomState,
    seen: HashSet<u64>,
}

impl TokensSeen {
    /// Whether `token` is new (and remembers it).
    pub fn first_time(&mut self, token: &str) -> bool {
        self.seen.insert(self.hasher.hash_one(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_stops_at_either_limit() {
        let mut b = Budget::default();
        for _ in 0..MAX_PAGES {
            assert!(b.take(0).is_ok());
        }
        assert!(
            b.take(0)
                .expect_err("past the page limit")
                .contains("10000 pages")
        );
        let mut b = Budget::default();
        assert!(b.take(MAX_ROWS).is_ok());
        assert!(
            b.take(1)
                .expect_err("past the row limit")
                .contains("1000000 instances")
        );
    }

    #[test]
    fn a_token_is_new_once() {
        let mut t = TokensSeen::default();
        assert!(t.first_time("A"));
        assert!(t.first_time("B"));
        assert!(!t.first_time("A"));
    }
}
