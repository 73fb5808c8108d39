//! The worker's side of the cache: showing what was kept at the first fetch, and keeping
//! each answer (off the answer's path).

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinSet;

use super::Worker;
use crate::app::{Action, Rows};
use crate::cache::Cache;

impl Worker {
    /// At the first fetch of (profile, region), sends what the cache holds for it, read off
    /// the UI thread; hands back the cache for keeping the answer.
    pub(super) fn read_cache(
        &mut self,
        tasks: &mut JoinSet<()>,
        profile: &str,
        region: Option<&str>,
    ) -> Option<KeptAt> {
        let cache = self.cache.clone()?;
        let account = self.account_key(profile)?;
        let key = (profile.to_owned(), region.map(str::to_owned));
        if self.cache_read.insert(key) {
            let (reader, tx) = (cache.clone(), self.actions.clone());
            let (profile, region) = (profile.to_owned(), region.map(str::to_owned));
            let account = account.clone();
            tasks.spawn(async move {
                let _ = tokio::task::spawn_blocking(move || {
                    let now = std::time::SystemTime::now();
                    match region {
                        None => send_cached_regions(&reader, &profile, &account, now, &tx),
                        Some(region) => {
                            send_cached_instances(&reader, (&profile, &account), &region, now, &tx);
                        }
                    }
                })
                .await;
            });
        }
        Some(KeptAt { cache, account })
    }

    /// The name the cache files of `profile` go under: its name and the account it reaches
    /// with this run's endpoint (see [`Profile::account_key`]).
    fn account_key(&self, profile: &str) -> Option<String> {
        let profile = self.profiles.iter().find(|p| p.name == profile)?;
        Some(profile.account_key(self.endpoint.as_deref()))
    }
}

/// Where a task keeps its answer: the cache and the account's name in it.
#[derive(Clone)]
pub(super) struct KeptAt {
    cache: Cache,
    account: String,
}

/// The kept region list, then the kept count of every region that has a file, so the region
/// pane shows them all at once (not only the regions visited this run).
fn send_cached_regions(
    cache: &Cache,
    profile: &str,
    account: &str,
    now: std::time::SystemTime,
    tx: &UnboundedSender<Action>,
) {
    let Some(c) = cache.load_regions(account, now) else {
        return;
    };
    let ids: Vec<String> = c.value.iter().map(|r| r.region_id.clone()).collect();
    let _ = tx.send(Action::CachedRegionsLoaded {
        profile: profile.to_owned(),
        regions: c.value,
        age: c.age,
    });
    let counts = cache.counts(account, &ids, now);
    if !counts.is_empty() {
        let _ = tx.send(Action::CachedCountsLoaded {
            profile: profile.to_owned(),
            counts,
        });
    }
}

/// The first part of a region's cached instances: enough for a screen, so a big inventory
/// shows at once; later parts double (see [`crate::cache::Objects::parts`]).
pub const FIRST_CACHED_PART: usize = 500;

/// Sends the cached instances of `region` in growing parts, while the file is read. A bad
/// line ends the reading; the parts already sent stay shown, marked cached, until fresh rows
/// come (a file is written whole and renamed into place, so this takes damage on disk).
fn send_cached_instances(
    cache: &Cache,
    (profile, account): (&str, &str),
    region: &str,
    now: std::time::SystemTime,
    tx: &UnboundedSender<Action>,
) {
    let Some(objects) = cache.open_instances(account, region, now) else {
        return;
    };
    let age = objects.age;
    for instances in objects.parts(FIRST_CACHED_PART) {
        let part = Action::CachedInstancesLoaded {
            profile: profile.to_owned(),
            region: region.to_owned(),
            instances: Rows::from(instances),
            age,
        };
        if tx.send(part).is_err() {
            return; // the app is gone
        }
    }
}

/// Writes the answer to the cache on a blocking thread; a failure costs only the next start.
pub(super) fn keep_regions(kept: KeptAt, regions: &[crate::api::Region]) {
    let text = crate::cache::encode(
        regions.iter().map(|r| r.raw.as_ref()),
        std::time::SystemTime::now(),
    );
    tokio::task::spawn_blocking(move || {
        if let Err(e) = kept.cache.save_regions(&kept.account, &text) {
            tracing::warn!(account = kept.account, "cannot write the cache: {e}");
        }
    });
}

pub(super) fn keep_instances(
    kept: KeptAt,
    region: &str,
    instances: Vec<std::sync::Arc<crate::api::Instance>>,
) {
    let region = region.to_owned();
    tokio::task::spawn_blocking(move || {
        let objects = instances.iter().map(|i| i.raw.as_ref());
        let saved = std::time::SystemTime::now();
        if let Err(e) = (kept.cache).save_instance_objects(&kept.account, &region, objects, saved) {
            tracing::warn!(
                account = kept.account,
                region,
                "cannot write the cache: {e}"
            );
        }
    });
}
