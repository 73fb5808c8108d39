//! The loopback ECS API emulator (issue 3): inventory, signature checks, latency and faults.

mod actions;
mod auth;
mod catalog;
mod command;
pub mod demo;
mod faults;
mod filter;
mod generate;
mod in_flight;
pub mod inventory;
pub mod regions;
mod rejection;
mod serve;
mod server;
mod sts;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use command::run_command;
pub use faults::{Fault, TokenBucket};
pub use inventory::{InstanceRecord, Inventory, InventorySpec, RegionInventory};

use crate::api::{Client, ClientOptions};
use crate::credentials::{Credentials, Secret, StaticProvider};

/// The key pair `ecs-tui emulator` accepts unless told otherwise. Not a real key: it only
/// opens the emulator.
pub const DEMO_ACCESS_KEY_ID: &str = "DEMOecstuiAccessKey01";
pub const DEMO_ACCESS_KEY_SECRET: &str = "demo-secret-for-the-ecs-tui-emulator";

/// One identity the emulator knows, and what it sees.
#[derive(Debug, Clone)]
pub struct Account {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    /// The 16-digit Alibaba Cloud account id; role ARNs for AssumeRole must name it.
    pub account_id: String,
    /// This account's inventory; `None` means the config's `regions`/`instances`/`seed`.
    pub inventory: Option<InventorySpec>,
}

impl Account {
    /// An account with the config's inventory and an account id derived from the key id.
    #[must_use]
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        let access_key_id = access_key_id.into();
        // FNV-1a: stable across runs, unlike the std hasher's random keys.
        let hash = access_key_id
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        Account {
            account_id: format!("1{:015}", hash % 1_000_000_000_000_000),
            access_key_id,
            access_key_secret: Secret::new(access_key_secret),
            inventory: None,
        }
    }

    #[must_use]
    pub fn with_inventory(mut self, spec: InventorySpec) -> Self {
        self.inventory = Some(spec);
        self
    }

    /// The credentials that sign as this account.
    #[must_use]
    pub fn credentials(&self) -> Credentials {
        Credentials::new(&self.access_key_id, self.access_key_secret.expose())
    }

    /// `acs:ram::<account id>:role/<role>`, a role AssumeRole accepts for this account.
    #[must_use]
    pub fn role_arn(&self, role: &str) -> String {
        format!("acs:ram::{}:role/{role}", self.account_id)
    }
}

/// How the emulator behaves.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Loopback only; port 0 picks a free one.
    pub listen: SocketAddr,
    pub regions: usize,
    pub instances: usize,
    pub seed: u64,
    /// Added to every response.
    pub latency: Duration,
    /// Requests per second per (action, region) before `Throttling.User`; 0 = unlimited.
    pub throttle_qps: f64,
    /// Every n-th call of each (action, region) is answered `Throttling.User` whatever the
    /// timing, so tests meet throttling on any machine; 0 = never.
    pub throttle_every: u32,
    /// Share of requests that fail (500, 503, dropped connection, slow response).
    pub fault_rate: f64,
    /// How long a "slow response" fault holds the answer: longer than the client's timeout.
    pub slow_response: Duration,
    /// When set, STS credentials live this long whatever DurationSeconds asked (tests).
    pub sts_lifetime: Option<Duration>,
    pub accounts: Vec<Account>,
    /// Added to the emulator's clock (the Timestamp check and the `Date` header), to test how
    /// clients cope with a skewed clock.
    pub clock_offset: chrono::TimeDelta,
    /// How long a connection may take to send a request's headers; idle keep-alive
    /// connections close after it too. Without it, idle or half-sent connections hold file
    /// descriptors for ever and starve real requests.
    pub header_timeout: Duration,
    /// How long a request's body may take to arrive once its headers have (408 after it).
    pub body_timeout: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            regions: 12,
            instances: 300,
            seed: 1,
            latency: Duration::ZERO,
            throttle_qps: 0.0,
            throttle_every: 0,
            fault_rate: 0.0,
            slow_response: Duration::from_secs(30),
            sts_lifetime: None,
            accounts: vec![Account::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)],
            clock_offset: chrono::TimeDelta::zero(),
            header_timeout: serve::HEADER_TIMEOUT,
            body_timeout: serve::HEADER_TIMEOUT,
        }
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<server::State>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Starts the emulator on loopback.
///
/// # Errors
/// A non-loopback address, no accounts, or the port cannot be bound.
pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
    use std::io::{Error, ErrorKind};
    if !config.listen.ip().is_loopback() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "the emulator listens on loopback only, not {}",
                config.listen
            ),
        ));
    }
    if config.accounts.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "the emulator needs an account",
        ));
    }
    let specs: Vec<InventorySpec> = config
        .accounts
        .iter()
        .map(|a| {
            a.inventory.clone().unwrap_or_else(|| {
                InventorySpec::new(config.regions, config.instances, config.seed)
            })
        })
        .collect();
    // Large inventories take a moment to build: keep the runtime's threads free meanwhile.
    let inventories = tokio::task::spawn_blocking(move || {
        let mut built: HashMap<InventorySpec, Arc<Inventory>> = HashMap::new();
        specs
            .into_iter()
            .map(|spec| {
                built
                    .entry(spec)
                    .or_insert_with_key(|s| Arc::new(Inventory::generate(s)))
                    .clone()
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(Error::other)?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(server::State {
        auth: auth::Auth::new(&config.accounts, config.sts_lifetime),
        faults: faults::Faults::new(config.fault_rate, config.seed),
        throttle: faults::Throttle::new(config.throttle_qps, config.throttle_every),
        latency: config.latency,
        slow_response: config.slow_response,
        clock_offset: config.clock_offset,
        body_timeout: config.body_timeout,
        in_flight: in_flight::InFlight::default(),
        accounts: config.accounts,
        inventories,
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let app = server::router(Arc::clone(&state));
    let task = tokio::spawn(serve::serve(listener, app, config.header_timeout, async {
        let _ = stopped.await;
    }));
    Ok(Emulator {
        addr,
        state,
        stop: Some(stop),
        task: Some(task),
    })
}

impl Emulator {
    /// `http://127.0.0.1:PORT`
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    #[must_use]
    pub fn accounts(&self) -> &[Account] {
        &self.state.accounts
    }

    /// The credentials of the first account.
    #[must_use]
    pub fn credentials(&self) -> Credentials {
        self.state.accounts[0].credentials()
    }

    /// Everything the account with this AccessKey ID holds.
    #[must_use]
    pub fn inventory(&self, access_key_id: &str) -> Option<Arc<Inventory>> {
        self.state
            .accounts
            .iter()
            .position(|a| a.access_key_id == access_key_id)
            .map(|i| Arc::clone(&self.state.inventories[i]))
    }

    /// A client signed as the first account, every call sent to the emulator.
    ///
    /// # Errors
    /// Never in practice: the emulator's URL is loopback HTTP, which the client accepts.
    pub fn client(&self, options: ClientOptions) -> Result<Client, crate::api::Error> {
        self.client_as(self.credentials(), options)
    }

    /// A client signed with these credentials (another account, or STS ones).
    ///
    /// # Errors
    /// As [`Emulator::client`].
    pub fn client_as(
        &self,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Client, crate::api::Error> {
        let options = ClientOptions {
            endpoint: Some(self.url()),
            ..options
        };
        Client::new(Arc::new(StaticProvider(credentials)), options)
    }

    /// The most requests that were being answered at once since the start.
    #[must_use]
    pub fn peak_in_flight(&self) -> usize {
        self.state.in_flight.peak()
    }

    /// Requests received since the start (every action, faults included).
    #[must_use]
    pub fn requests(&self) -> usize {
        self.state.in_flight.total()
    }

    /// Requests being answered at this moment.
    #[must_use]
    pub fn requests_in_flight(&self) -> usize {
        self.state.in_flight.now()
    }

    /// Faults of this kind injected so far.
    #[must_use]
    pub fn faults_injected(&self, kind: Fault) -> usize {
        self.state.faults.injected(kind)
    }

    /// Makes every STS credential issued so far expire now.
    pub fn expire_sts_credentials(&self) {
        self.state.auth.expire_sts(chrono::Utc::now());
    }

    /// Stops accepting, lets requests in flight finish (a few seconds at most), and returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
