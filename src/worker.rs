//! Executes Commands against the API and sends the answers back as Actions; owns the clients.

use std::collections::{HashMap, HashSet};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;

use crate::api::progress as api_progress;
use crate::api::{Client, Error, InstanceQuery, Paging, fetch_instances};
use crate::app::detail::{Disk, SecurityGroup};
use crate::app::{Action, Command, Rows};
use crate::cache::Cache;
use crate::export;
use crate::profiles::{Profile, Profiles};

mod kept;
mod progress;

pub use kept::FIRST_CACHED_PART;

use kept::{keep_instances, keep_regions};
use progress::progress_to;

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
                            api_progress::observed(observer, fetch).await
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
                        export::save_view(&export::target_dirs(), &name, &contents)
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
            | Command::RunSsh { .. }
            | Command::Copy { .. }
            | Command::OpenUrl { .. } => {}
        }
    }
}
