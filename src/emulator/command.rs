//! `ecs-tui emulator`: options checked, the server started, its address printed, stopped by
//! SIGINT/SIGTERM.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use super::{Account, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, start};
use crate::cli::EmulatorArgs;
use crate::exit::Failure;

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
    // Half the instances live in the first region: with none there is nowhere to put them.
    if args.regions == 0 {
        return Err(Failure::usage(
            "--regions must be at least 1 (the instances are spread over them)".into(),
        ));
    }
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
    // For scripts/bench-fetch: the client's cap, seen from the server.
    println!("peak requests in flight: {}", emulator.peak_in_flight());
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
