//! The accept loop: each connection served by hyper with a deadline for request headers (which
//! also ends keep-alive connections left idle), so idle or half-sent connections cannot hold
//! the emulator's file descriptors for ever; a graceful stop lets requests in flight finish.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a connection may take to send a request's headers, counted from the end of the
/// previous answer (or the connection's start): idle keep-alive connections close after it.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `stop` resolves, then waits for the connections' requests
/// in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(e) => {
                // Out of file descriptors (EMFILE) and the like: wait for connections to
                // close (the header timeout closes idle ones) instead of spinning.
                tracing::warn!(error = %e, "emulator: accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let connection = builder.serve_connection(TokioIo::new(tcp), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that hangs up or sends garbage ends its own connection only.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "emulator: connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
