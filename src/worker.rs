//! Executes Commands against the API and sends the answers back as Actions; owns the clients.

use std::collections::{HashMap, HashSet};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;

use crate::api::{Client, Error, InstanceQuery, Paging, fetch_instances, progress};
use crate::app::detail::{Disk, SecurityGroup};
use crate::app::progress::Step;
use crate::app::{Action, Command, Rows};
use crate::cache::Cache;
use crate::export;
use crate::profiles::{Profile, Profiles};

pub struct Worker {
    profiles: Vec<Profile>,
    endpoint: Option<String>,
    /// One client per profile, made on first use; clones share connections and endpoints.
    clients: HashMap<String, Client>,
    actions: UnboundedSender<Action>,
    /// Where the last inventory is kept between runs; `None` keeps nothing.
    cache: Option<Cache>,
    /// (profile, region) whose cache was read already: only the first fetch shows it.
    cache_read: HashSet<(String, Option<String>)>,
}

impl Worker {
    #[must_use]
    pub fn new(
        profiles: &Profiles,
        endpoint: Option<String>,
        actions: UnboundedSender<Action>,
    ) -> Self {
        Worker {
            profiles: profiles.profiles.clone(),
            endpoint,
            clients: HashMap::new(),
            actions,
            cache: None,
            cache_read: HashSet::new(),
        }
    }

    /// Keeps each answer in `cache`, and shows what it kept before at the first fetch.
    #[must_use]
    pub fn with_cache(mut self, cache: Option<Cache>) -> Self {
        self.cache = cache;
        self
    }

    /// Runs until the command channel closes. Every command runs as its own task so a slow
    /// region never holds up another; `CancelAll` aborts them all.
    pub async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
        let mut tasks = JoinSet::new();
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    None => break,
                    Some(Command::CancelAll) => {
                        tracing::debug!(in_flight = tasks.len(), "cancelling");
                        tasks.abort_all();
                        // A profile switch: the profile switched to (or back to) shows its
                        // cache again at once, as at start-up.
                        self.cache_read.clear();
                    }
                    Some(command) => self.start(&mut tasks, command),
                },
                Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                    if let Err(e) = done
                        && e.is_panic()
                    {
                        // The panic hook has restored the terminal and ends the process.
                        tracing::error!("a worker task panicked: {e}");
                    }
                    for client in self.clients.values() {
                        if let Some(warning) = client.clock().take_warning() {
                            let _ = self.actions.send(Action::ClockCorrected { warning });
                        }
                    }
                }
            }
        }
        tasks.abort_all();
    }

    fn client(&mut self, profile: &str) -> Result<Client, Error> {
        if let Some(client) = self.clients.get(profile) {
            return Ok(client.clone());
        }
        let client = self
            .profiles
            .iter()
            .find(|p| p.name == profile)
            .ok_or_else(|| Error::Credentials(format!("unknown profile {profile}")))?
            .client(self.endpoint.as_deref())?;
        self.clients.insert(profile.to_owned(), client.clone());
        Ok(client)
    }

    fn start(&mut self, tasks: &mut JoinSet<()>, command: Command) {
        tracing::debug!(?command, "start");
        #[cfg(debug_assertions)]
        if crate::tui::test_panic_wanted("worker") {
            // The profiles' Debug holds the credentials: the report must show them redacted.
            let profiles = format!("{:?}", self.profiles);
            tasks.spawn(async move {
                panic!("ECS_TUI_TEST_PANIC=worker: a deliberate panic in a worker task (profiles {profiles})");
            });
            return;
        }
        let tx = self.actions.clone();
        match command {
            Command::FetchRegions {
                profile,
                generation,
            } => {
                let client = self.client(&profile);
                let cache = self.read_cache(tasks, &profile, None);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => client.describe_regions().await,
                        Err(e) => Err(e),
                    };
                    if let (Some(kept), Ok(regions)) = (cache, &result) {
                        keep_regions(kept, regions);
                    }
                    let _ = tx.send(Action::RegionsLoaded {
                        profile,
                        generation,
                        result,
                    });
                });
            }
            Command::FetchInstances {
                profile,
                region,
                generation,
                tags,
            } => {
                let client = self.client(&profile);
                // A tag-filtered answer is not the region's inventory: it is neither shown from
                // the cache nor kept in it.
                let cache = if tags.is_empty() {
                    self.read_cache(tasks, &profile, Some(&region))
                } else {
                    None
                };
                let query = InstanceQuery {
                    tags,
                    ..InstanceQuery::default()
                };
                let observer = progress_to(&tx, &profile, &region, generation);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => {
                            let fetch =
                                fetch_instances(&client, &region, &query, Paging::default());
                            progress::observed(observer, fetch).await
                        }
                        Err(e) => Err(e),
                    };
                    // The search texts of a big answer take a while: off the UI thread, and
                    // off the runtime's threads too.
                    let result = match result {
                        Ok(instances) => {
                            match tokio::task::spawn_blocking(move || Rows::from(instances)).await {
                                Ok(rows) => Ok(rows),
                                // Only a panic ends up here, and the panic hook ends the program.
                                Err(_) => return,
                            }
                        }
                        Err(e) => Err(e),
                    };
                    if let (Some(kept), Ok(rows)) = (cache, &result) {
                        keep_instances(kept, &region, rows.instances.clone());
                    }
                    let _ = tx.send(Action::InstancesLoaded {
                        profile,
                        region,
                        generation,
                        result,
                    });
                });
            }
            Command::CheckPermission {
                profile,
                region,
                generation,
            } => {
                let client = self.client(&profile);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => client.can_describe_instances(&region).await,
                        Err(e) => Err(e),
                    };
                    let _ = tx.send(Action::PermissionChecked {
                        profile,
                        region,
                        generation,
                        result,
                    });
                });
            }
            Command::FetchDisks {
                profile,
                region,
                instance,
                generation,
            } => {
                let client = self.client(&profile);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => client.describe_disks(&region, &instance).await,
                        Err(e) => Err(e),
                    };
                    let result =
                        result.map(|raws| raws.iter().map(|r| Disk::from_raw(r)).collect());
                    let _ = tx.send(Action::DisksLoaded {
                        profile,
                        region,
                        instance,
                        generation,
                        result,
                    });
                });
            }
            Command::FetchSecurityGroups {
                profile,
                region,
                instance,
                ids,
                generation,
            } => {
                let client = self.client(&profile);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => client.describe_security_groups(&region, &ids).await,
                        Err(e) => Err(e),
                    };
                    let result = result
                        .map(|raws| raws.iter().map(|r| SecurityGroup::from_raw(r)).collect());
                    let _ = tx.send(Action::SecurityGroupsLoaded {
                        profile,
                        region,
                        instance,
                        generation,
                        result,
                    });
                });
            }
            Command::SaveView {
                stem,
                format,
                contents,
            } => {
                tasks.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        let name = export::file_name(&stem, format, chrono::Local::now());
                        export::save(&export::target_dirs(), &name, &contents)
                            .map(|p| p.display().to_string())
                            .map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()));
                    let _ = tx.send(Action::ViewSaved { result });
                });
            }
            // The run loop's business; nothing to do here.
            Command::CancelAll
            | Command::Suspend
            | Command::Quit
            | Command::CopyText { .. }
            | Command::RunSsh { .. } => {}
        }
    }
}

impl Worker {
    /// At the first fetch of (profile, region), sends what the cache holds for it, read off
    /// the UI thread; hands back the cache for keeping the answer.
    fn read_cache(
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

/// Sends what a fetch of `region`'s instances tells while it runs to the app, as
/// [`Action::InstancesProgress`] (the first page's rows with it, to show at once).
fn progress_to(
    tx: &UnboundedSender<Action>,
    profile: &str,
    region: &str,
    generation: u64,
) -> progress::Observer {
    let (tx, profile, region) = (tx.clone(), profile.to_owned(), region.to_owned());
    std::sync::Arc::new(move |event: &progress::Event<'_>| {
        let step = match event {
            progress::Event::Page {
                done, total, rows, ..
            } => Step::Page {
                done: *done,
                total: *total,
                // Only a region of many pages shows its first page early (see the app).
                rows: rows
                    .filter(|_| total.is_some_and(|t| t > 1))
                    .map(|rows| Rows::from(rows.to_vec())),
            },
            progress::Event::Retrying {
                attempt,
                max,
                throttled,
                delay,
                code,
                ..
            } => Step::Retrying {
                attempt: *attempt,
                max: *max,
                throttled: *throttled,
                code: (*code).to_owned(),
                delay: *delay,
            },
            progress::Event::RegionDone { .. } => return,
        };
        let _ = tx.send(Action::InstancesProgress {
            profile: profile.clone(),
            region: region.clone(),
            generation,
            step,
        });
    })
}

/// Where a task keeps its answer: the cache and the account's name in it.
#[derive(Clone)]
struct KeptAt {
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
fn keep_regions(kept: KeptAt, regions: &[crate::api::Region]) {
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

fn keep_instances(
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
