//! A scripted loopback ECS endpoint for the wire tests: captures each request, answers from a
//! script, and stops when dropped.
#![allow(dead_code, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use ecs_tui::api::sign::{self, Method as SignMethod};
use ecs_tui::api::{Client, ClientOptions, RetryPolicy};
use ecs_tui::credentials::{Credentials, StaticProvider};
use futures::future::BoxFuture;

pub const KEY_ID: &str = "LTAI5tTestKeyId0001";
/// `+/=` and `&` would break a signer that encodes the key or forgets the trailing `&`.
pub const SECRET: &str = "Te5t+Secret/Value=&x";
pub const TOKEN: &str = "CAIS/STS+token==value&more";

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    pub path: String,
    /// The query exactly as sent, still percent-encoded.
    pub raw_query: String,
    /// Query parameters, decoded, in the order sent.
    pub params: Vec<(String, String)>,
    pub body: String,
}

impl Captured {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn action(&self) -> &str {
        self.get("Action").unwrap_or_default()
    }

    /// Whether `Signature` is what the signer computes from the other parameters and `secret`.
    pub fn signature_verifies(&self, secret: &str) -> bool {
        let unsigned: Vec<(String, String)> = self
            .params
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        let method = SignMethod::parse(&self.method).expect("GET or POST");
        self.get("Signature")
            .is_some_and(|s| s == sign::signature(method, &unsigned, secret))
    }
}

/// What the script answers.
pub enum Reply {
    /// An `application/json` body with this status.
    Json(u16, String),
    /// Any other body (HTML error pages from proxies).
    Text(u16, String),
    /// Never answers.
    Hang,
    /// Answers after a pause.
    After(Duration, Box<Reply>),
    /// Answers once the future ends (the test decides when, not the clock).
    When(BoxFuture<'static, ()>, Box<Reply>),
}

impl Reply {
    pub fn ok(body: impl Into<String>) -> Reply {
        Reply::Json(200, body.into())
    }

    /// The API's error body, with every field the service sends.
    pub fn error(status: u16, code: &str, message: &str, request_id: &str) -> Reply {
        Reply::Json(
            status,
            serde_json::json!({
                "RequestId": request_id,
                "HostId": "ecs.aliyuncs.com",
                "Code": code,
                "Message": message,
                "Recommend": format!("https://next.api.aliyun.com/troubleshoot?q={code}"),
            })
            .to_string(),
        )
    }
}

type Script = dyn Fn(&Captured, usize) -> Reply + Send + Sync;

pub struct Stub {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Captured>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Stub {
    /// An HTTP server answering request number `n` (from 0) with `script(&request, n)`.
    pub fn start(script: impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static) -> Stub {
        let script: Arc<Script> = Arc::new(script);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let handler = move |method: Method, uri: Uri, body: Bytes| {
            let script = script.clone();
            let seen = seen.clone();
            async move {
                let raw_query = uri.query().unwrap_or_default().to_owned();
                let captured = Captured {
                    method: method.to_string(),
                    path: uri.path().to_owned(),
                    params: url::form_urlencoded::parse(raw_query.as_bytes())
                        .into_owned()
                        .collect(),
                    raw_query,
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                let n = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(captured.clone());
                    seen.len() - 1
                };
                respond(script(&captured, n)).await
            }
        };
        let router = axum::Router::new().fallback(handler);
        Stub::serve(requests, move |listener| {
            Box::pin(async move {
                axum::serve(listener, router).await.unwrap();
            })
        })
    }

    /// A raw TCP server: `handle` gets each accepted connection.
    pub fn raw(
        handle: impl Fn(tokio::net::TcpStream) -> BoxFuture<'static, ()> + Send + Sync + 'static,
    ) -> Stub {
        Stub::serve(Arc::default(), move |listener| {
            Box::pin(async move {
                while let Ok((socket, _)) = listener.accept().await {
                    tokio::spawn(handle(socket));
                }
            })
        })
    }

    /// For `raw` handlers: reads a request up to the end of its head; `None` if the client
    /// hung up first.
    pub async fn read_head(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
        use tokio::io::AsyncReadExt as _;
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                return None;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Some(head)
    }

    fn serve(
        requests: Arc<Mutex<Vec<Captured>>>,
        run: impl FnOnce(tokio::net::TcpListener) -> BoxFuture<'static, ()>,
    ) -> Stub {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener).unwrap()
        };
        runtime.spawn(run(listener));
        Stub {
            addr,
            requests,
            runtime: Some(runtime),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn respond(reply: Reply) -> BoxFuture<'static, Response> {
    Box::pin(async move {
        match reply {
            Reply::Json(status, body) => (
                StatusCode::from_u16(status).unwrap(),
                [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
                body,
            )
                .into_response(),
            Reply::Text(status, body) => (
                StatusCode::from_u16(status).unwrap(),
                [(header::CONTENT_TYPE, "text/html")],
                body,
            )
                .into_response(),
            Reply::Hang => futures::future::pending().await,
            Reply::After(pause, reply) => {
                tokio::time::sleep(pause).await;
                respond(*reply).await
            }
            Reply::When(ready, reply) => {
                ready.await;
                respond(*reply).await
            }
        }
    })
}

/// Fast retries and short timeouts, so failing tests fail quickly.
pub fn fast_options(endpoint: &str) -> ClientOptions {
    ClientOptions {
        endpoint: Some(endpoint.to_owned()),
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            throttle_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(5),
            deadline: Duration::from_secs(20),
        },
        max_in_flight: 32,
    }
}

pub fn ak() -> Credentials {
    Credentials::new(KEY_ID, SECRET)
}

pub fn sts() -> Credentials {
    Credentials::new(format!("STS.{KEY_ID}"), SECRET).with_token(TOKEN)
}

pub fn client_with(creds: Credentials, options: ClientOptions) -> Client {
    Client::new(Arc::new(StaticProvider(creds)), options).unwrap()
}

pub fn client(stub: &Stub) -> Client {
    client_with(ak(), fast_options(&stub.url()))
}

/// A typical instance object, as DescribeInstances sends it.
pub fn instance_json(n: usize) -> String {
    serde_json::json!({
        "InstanceId": format!("i-{n:06}"),
        "InstanceName": format!("web-{n}"),
        "Status": "Running",
        "InstanceType": "ecs.g6.large",
        "Cpu": 2,
        "Memory": 8192,
        "RegionId": "cn-hangzhou",
        "ZoneId": "cn-hangzhou-h",
        "VpcAttributes": {"VpcId": "vpc-1", "VSwitchId": "vsw-1", "NatIpAddress": "",
                          "PrivateIpAddress": {"IpAddress": [format!("10.0.{}.{}", n / 250, n % 250)]}},
        "PublicIpAddress": {"IpAddress": []},
        "EipAddress": {"IpAddress": "", "AllocationId": ""},
        "Tags": {"Tag": [{"TagKey": "env", "TagValue": "prod"}]},
        "CreationTime": "2024-01-02T03:04Z",
        "ExpiredTime": "2099-12-31T15:59Z",
        "InstanceChargeType": "PostPaid",
    })
    .to_string()
}

/// A DescribeInstances answer holding `objects` (JSON texts, put in as they are).
pub fn instances_body(objects: &[String], next_token: &str, total: usize, page: usize) -> String {
    format!(
        r#"{{"RequestId":"REQ-{page}","TotalCount":{total},"PageNumber":{page},"PageSize":100,"NextToken":"{next_token}","Instances":{{"Instance":[{}]}}}}"#,
        objects.join(",")
    )
}

/// Pages `objects` the way ECS does: `MaxResults`+`NextToken`, or `PageSize`+`PageNumber`.
pub fn page_of(objects: &[String], request: &Captured) -> Reply {
    let len = objects.len();
    if let Some(max) = request.get("MaxResults") {
        let max: usize = max.parse().unwrap();
        let start: usize = request
            .get("NextToken")
            .map_or(0, |t| t.strip_prefix("tok-").unwrap().parse().unwrap());
        let end = (start + max).min(len);
        let next = if end < len {
            format!("tok-{end}")
        } else {
            String::new()
        };
        Reply::ok(instances_body(&objects[start..end], &next, len, 0))
    } else {
        let size: usize = request.get("PageSize").unwrap_or("10").parse().unwrap();
        let number: usize = request.get("PageNumber").unwrap_or("1").parse().unwrap();
        let start = ((number - 1) * size).min(len);
        let end = (start + size).min(len);
        Reply::ok(instances_body(&objects[start..end], "", len, number))
    }
}

/// The DescribeRegions answer for these `(RegionId, RegionEndpoint)` pairs.
pub fn regions_body(regions: &[(&str, &str)]) -> String {
    let list: Vec<_> = regions
        .iter()
        .map(|(id, endpoint)| {
            serde_json::json!({"RegionId": id, "RegionEndpoint": endpoint,
                               "LocalName": format!("Region {id}"), "Status": "available"})
        })
        .collect();
    serde_json::json!({"RequestId": "REGIONS-1", "Regions": {"Region": list}}).to_string()
}

pub mod cli;
