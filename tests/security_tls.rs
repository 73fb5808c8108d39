//! TLS is always verified: an https endpoint with a self-signed certificate on loopback is
//! refused with a TLS error (while a client that trusts that certificate gets through, so
//! the refusal is the certificate check's doing); no code turns verification off; plain
//! HTTP is refused beyond loopback.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use ecs_tui::api::{Client, ClientOptions, Error, RetryPolicy, TransportKind};
use ecs_tui::credentials::{Credentials, StaticProvider};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const CERT: &str = include_str!("fixtures/self_signed/cert.pem");
const KEY: &str = include_str!("fixtures/self_signed/key.pem");

/// An HTTPS server on 127.0.0.1 with the self-signed certificate, answering DescribeRegions.
async fn tls_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let certs = vec![CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = r#"{"RequestId":"TLS","Regions":{"Region":[{"RegionId":"cn-tls"}]}}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, task)
}

fn client(endpoint: &str) -> Result<Client, Error> {
    Client::new(
        Arc::new(StaticProvider(Credentials::new(
            "LTAI5tTls",
            "TlsSecret-31d0a9",
        ))),
        ClientOptions {
            endpoint: Some(endpoint.to_owned()),
            retry: RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            },
            ..ClientOptions::default()
        },
    )
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_with_a_tls_error() {
    let (addr, server) = tls_server().await;
    let url = format!("https://{addr}");

    // The control: trusting this very certificate, the same request gets through.
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(CERT.as_bytes()).unwrap())
        .build()
        .unwrap();
    let body = trusting
        .post(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("cn-tls"));

    let e = client(&url).unwrap().describe_regions().await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{e:?}"
    );
    let line = e.with_hint();
    assert!(
        line.contains("DescribeRegions at 127.0.0.1: TLS handshake failed")
            && line.to_ascii_lowercase().contains("certificate"),
        "{line}"
    );
    assert!(!line.contains("TlsSecret-31d0a9"));
    server.abort();
}

#[test]
fn plain_http_is_refused_beyond_loopback() {
    for url in [
        "http://ecs.aliyuncs.com",
        "http://10.0.0.1:8080",
        "http://[::ffff:8.8.8.8]",
    ] {
        let e = client(url).unwrap_err();
        assert!(matches!(e, Error::Endpoint { .. }), "{url}: {e:?}");
    }
    for url in [
        "http://127.0.0.1:1",
        "http://[::1]:1",
        "http://localhost:1",
        "https://ecs.aliyuncs.com",
    ] {
        assert!(client(url).is_ok(), "{url}");
    }
}

/// Every Rust file under `dir`.
fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_code_turns_certificate_checks_off() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 20, "the sources were found");
    // Spelled in pieces so this file does not match itself if it is ever scanned.
    let forbidden = [
        ["danger_accept_invalid", "_certs"].concat(),
        ["danger_accept_invalid", "_hostnames"].concat(),
        ["dangerous", "()"].concat(),
        ["ServerCert", "Verifier"].concat(),
        ["tls_built_in_root_certs", "(false)"].concat(),
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for needle in &forbidden {
            assert!(
                !text.contains(needle.as_str()),
                "{} uses {needle}",
                file.display()
            );
        }
    }
}
