//! The loopback ECS API emulator (issue 3): inventory, signature checks, latency and faults.

mod actions;
mod auth;
mod catalog;
pub mod demo;
mod faults;
mod generate;
pub mod inventory;
pub mod regions;
mod rejection;
mod server;
mod sts;

use std::collections::HashMap;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, TokenBucket};
pub use inventory::{InstanceRecord, Inventory, InventorySpec, RegionInventory};

use crate::cli::EmulatorArgs;
use crate::credentials::{Credentials, Secret};
use crate::exit::Failure;

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
    /// Share of requests that fail (500, 503, dropped connection, slow response).
    pub fault_rate: f64,
    /// How long a "slow response" fault holds the answer: longer than the client's timeout.
    pub slow_response: Duration,
    /// When set, STS credentials live this long whatever DurationSeconds asked (tests).
    pub sts_lifetime: Option<Duration>,
    pub accounts: Vec<Account>,
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
            fault_rate: 0.0,
            slow_response: Duration::from_secs(30),
            sts_lifetime: None,
            accounts: vec![Account::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)],
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
        throttle: faults::Throttle::new(config.throttle_qps),
        latency: config.latency,
        slow_response: config.slow_response,
        accounts: config.accounts,
        inventories,
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let app = server::router(Arc::clone(&state));
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, "emulator stopped");
        }
    });
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

/// `--listen`: an IP address and port, or `localhost:PORT`; loopback only.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let addr = match text.strip_prefix("localhost:") {
        Some(port) => port
            .parse::<u16>()
            .map(|p| SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), p))
            .map_err(|_| format!("--listen {text:?}: not a port number")),
        None => text
            .parse::<SocketAddr>()
            .map_err(|_| format!("--listen {text:?}: expected IP:PORT, e.g. 127.0.0.1:8080")),
    }?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "--listen {text}: the emulator only listens on loopback (127.0.0.1 or [::1])"
        ));
    }
    Ok(addr)
}

/// `ecs-tui emulator`.
///
/// # Errors
/// Bad options (exit 2); the port cannot be bound (exit 1).
pub async fn run_command(args: EmulatorArgs) -> Result<(), Failure> {
    let listen = parse_listen(&args.listen).map_err(Failure::usage)?;
    if !(0.0..=1.0).contains(&args.fault_rate) {
        return Err(Failure::usage(
            "--fault-rate must be between 0.0 and 1.0".into(),
        ));
    }
    if args.throttle_qps < 0.0 || !args.throttle_qps.is_finite() {
        return Err(Failure::usage(
            "--throttle-qps must be 0 (unlimited) or more".into(),
        ));
    }
    let account = match (args.access_key_id, args.access_key_secret) {
        (None, None) => Account::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => {
            Account::new(id, secret)
        }
        _ => {
            return Err(Failure::usage(
                "--access-key-id and --access-key-secret go together".into(),
            ));
        }
    };
    let config = EmulatorConfig {
        listen,
        regions: args.regions,
        instances: args.instances,
        seed: args.seed,
        latency: Duration::from_millis(args.latency_ms),
        throttle_qps: args.throttle_qps,
        fault_rate: args.fault_rate,
        accounts: vec![account],
        ..EmulatorConfig::default()
    };
    let emulator = start(config).await.map_err(|e| Failure {
        code: 1,
        message: format!("cannot start the emulator on {listen}: {e}"),
    })?;
    let account = &emulator.accounts()[0];
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {}", emulator.url())
        .and_then(|()| {
            writeln!(
                out,
                "AccessKeyId: {}\nAccessKeySecret: {}\n{} regions, {} instances (seed {}); stop with Ctrl-C",
                account.access_key_id,
                account.access_key_secret.expose(),
                args.regions,
                args.instances,
                args.seed
            )
        })
        .and_then(|()| out.flush())
        .map_err(Failure::io)?;
    drop(out);
    wait_for_signal().await;
    emulator.shutdown().await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::parse_listen;

    #[test]
    fn listen_is_loopback_only() {
        assert_eq!(parse_listen("127.0.0.1:8080").map(|a| a.port()), Ok(8080));
        assert!(parse_listen("[::1]:0").is_ok());
        assert!(parse_listen("localhost:9000").is_ok());
        assert!(parse_listen("0.0.0.0:8080").is_err());
        assert!(parse_listen("192.168.1.2:8080").is_err());
        assert!(parse_listen("nonsense").is_err());
    }
}
