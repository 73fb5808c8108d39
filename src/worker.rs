//! Executes Commands against the API and sends the answers back as Actions; owns the clients.

use std::collections::HashMap;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;

use crate::api::{Client, Error, InstanceQuery, Paging, fetch_instances};
use crate::app::{Action, Command};
use crate::profiles::{Profile, Profiles};

pub struct Worker {
    profiles: Vec<Profile>,
    endpoint: Option<String>,
    /// One client per profile, made on first use; clones share connections and endpoints.
    clients: HashMap<String, Client>,
    actions: UnboundedSender<Action>,
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
        }
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
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => client.describe_regions().await,
                        Err(e) => Err(e),
                    };
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
            } => {
                let client = self.client(&profile);
                tasks.spawn(async move {
                    let result = match client {
                        Ok(client) => {
                            fetch_instances(
                                &client,
                                &region,
                                &InstanceQuery::default(),
                                Paging::default(),
                            )
                            .await
                        }
                        Err(e) => Err(e),
                    };
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
            // The run loop's business; nothing to do here.
            Command::CancelAll | Command::Suspend | Command::Quit => {}
        }
    }
}
