//! Raw loopback servers that misbehave on the wire (hang, trickle, break off), a config
//! pointing at one, and the API answers they send.

use std::path::Path;
use std::time::Duration;

/// A config file with one profile `p` sending every call to `endpoint`.
pub fn config(dir: &Path, endpoint: &str, secret: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "default_profile = \"p\"\n[profiles.p]\naccess_key_id = \"LTAI5tHardenKey01\"\n\
             access_key_secret = \"{secret}\"\nregion_id = \"cn-hangzhou\"\nendpoint = \"{endpoint}\"\n"
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// How [`Wire`] answers one request.
#[derive(Debug, Clone)]
pub enum Misbehave {
    /// A complete answer with this status and JSON body.
    Json(u16, String),
    /// Reads the request, then says nothing.
    Hang,
    /// Sends the headers and then one byte of the body every 50 ms, never finishing: no read
    /// timeout fires, only the whole-request one.
    Trickle,
    /// Sends the headers and half the promised body, then closes.
    CloseMidBody,
}

/// A raw HTTP/1.1 server on loopback that can misbehave in ways a framework would not allow.
pub struct Wire {
    pub addr: std::net::SocketAddr,
    pub seen: std::sync::Arc<std::sync::Mutex<Vec<Params>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// A request's query parameters, decoded, in the order sent.
pub type Params = Vec<(String, String)>;

type Script = dyn Fn(&[(String, String)]) -> Misbehave + Send + Sync;

impl Wire {
    /// Answers each request with `script(query parameters)`.
    pub fn start(
        script: impl Fn(&[(String, String)]) -> Misbehave + Send + Sync + 'static,
    ) -> Wire {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let script: std::sync::Arc<Script> = std::sync::Arc::new(script);
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let record = seen.clone();
        runtime.spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let script = script.clone();
                let record = record.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let target = head.split_whitespace().nth(1).unwrap_or("/");
                    let query = target.split_once('?').map_or("", |(_, q)| q);
                    let params: Vec<(String, String)> =
                        url::form_urlencoded::parse(query.as_bytes())
                            .into_owned()
                            .collect();
                    record.lock().unwrap().push(params.clone());
                    let reply = script(&params);
                    let headers = |status: u16, len: usize| {
                        format!(
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\
                             Content-Length: {len}\r\nConnection: close\r\n\r\n"
                        )
                    };
                    match reply {
                        Misbehave::Json(status, body) => {
                            let _ = socket
                                .write_all(headers(status, body.len()).as_bytes())
                                .await;
                            let _ = socket.write_all(body.as_bytes()).await;
                        }
                        Misbehave::Hang => {
                            // Hold the connection open, reading (and ignoring) until closed.
                            while matches!(socket.read(&mut buf).await, Ok(n) if n > 0) {}
                        }
                        Misbehave::Trickle => {
                            let _ = socket.write_all(headers(200, 100_000).as_bytes()).await;
                            let _ = socket
                                .write_all(b"{\"RequestId\":\"TRICKLE\",\"x\":\"")
                                .await;
                            loop {
                                tokio::time::sleep(Duration::from_millis(50)).await;
                                if socket.write_all(b"a").await.is_err() {
                                    break;
                                }
                            }
                        }
                        Misbehave::CloseMidBody => {
                            let _ = socket.write_all(headers(200, 1000).as_bytes()).await;
                            let _ = socket.write_all(br#"{"RequestId":"R","Regions":{"#).await;
                        }
                    }
                    let _ = socket.shutdown().await;
                });
            }
        });
        Wire {
            addr,
            seen,
            runtime: Some(runtime),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests with `Action=action`, so far.
    pub fn count(&self, action: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.iter().any(|(k, v)| k == "Action" && v == action))
            .count()
    }
}

impl Drop for Wire {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

pub fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// DescribeRegions' answer for these region ids.
pub fn regions_json(ids: &[&str]) -> String {
    let list: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"RegionId": id, "LocalName": id, "RegionEndpoint": ""}))
        .collect();
    serde_json::json!({"RequestId": "REGIONS", "Regions": {"Region": list}}).to_string()
}

/// One page of DescribeInstances holding instances named `names`.
pub fn instances_json(region: &str, names: &[&str]) -> String {
    let list: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(n, name)| {
            serde_json::json!({"InstanceId": format!("i-{region}-{n}"), "InstanceName": name,
                               "Status": "Running", "RegionId": region})
        })
        .collect();
    serde_json::json!({"RequestId": "PAGE", "TotalCount": list.len(), "PageNumber": 1,
                       "PageSize": 100, "Instances": {"Instance": list}})
    .to_string()
}
