//! The HTTP side: one axum handler that reads a request like the ECS gateway does (GET or POST,
//! query and form body merged), applies latency and faults, verifies it, and answers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State as AxumState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::auth::{Auth, Params};
use super::faults::{Fault, Faults, Throttle};
use super::inventory::Inventory;
use super::rejection::Rejection;
use super::{Account, actions};
use crate::api::sign::Method;

/// Largest request body read; ECS requests are a few kilobytes.
const MAX_BODY: usize = 1 << 20;

/// Everything the handler needs, shared by all connections.
pub struct State {
    pub accounts: Vec<Account>,
    /// Indexed like `accounts`.
    pub inventories: Vec<Arc<Inventory>>,
    pub auth: Auth,
    pub faults: Faults,
    pub throttle: Throttle,
    pub latency: Duration,
    pub slow_response: Duration,
    pub clock_offset: chrono::TimeDelta,
    pub body_timeout: Duration,
    pub in_flight: super::in_flight::InFlight,
}

pub fn router(state: Arc<State>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_ascii_uppercase()
}

fn json_response(status: u16, body: String, request_id: &str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", id);
    }
    response
}

fn reject(rejection: &Rejection, request_id: &str, host_id: &str) -> Response {
    json_response(
        rejection.status,
        rejection.body(request_id, host_id),
        request_id,
    )
}

/// Headers go out, then the connection dies before the body: what a reset looks like.
fn dropped() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault injected: connection dropped",
        ))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    response
}

async fn handle(AxumState(state): AxumState<Arc<State>>, request: Request) -> Response {
    let _counted = state.in_flight.enter();
    let request_id = request_id();
    let host_id = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("ecs.aliyuncs.com")
        .to_owned();
    let fault = state.faults.draw();
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    match fault {
        Some(Fault::InternalError) => {
            return reject(&Rejection::internal_error(), &request_id, &host_id);
        }
        Some(Fault::ServiceUnavailable) => {
            return reject(&Rejection::service_unavailable(), &request_id, &host_id);
        }
        Some(Fault::Dropped) => return dropped(),
        Some(Fault::Slow) => tokio::time::sleep(state.slow_response).await,
        None => {}
    }
    let mut response = match answer(&state, request, &request_id).await {
        Ok(body) => json_response(200, body, &request_id),
        Err(rejection) => reject(&rejection, &request_id, &host_id),
    };
    // hyper sends the real time unless a Date header is already there.
    if !state.clock_offset.is_zero() {
        let date = (chrono::Utc::now() + state.clock_offset).format("%a, %d %b %Y %H:%M:%S GMT");
        if let Ok(value) = HeaderValue::from_str(&date.to_string()) {
            response.headers_mut().insert(header::DATE, value);
        }
    }
    response
}

async fn answer(state: &State, request: Request, request_id: &str) -> Result<String, Rejection> {
    let Some(method) = Method::parse(request.method().as_str()) else {
        return Err(Rejection::new(
            403,
            "UnsupportedHTTPMethod",
            "This http method is not supported.",
        ));
    };
    let (parts, body) = request.into_parts();
    let mut params = Params::default();
    if let Some(query) = parts.uri.query() {
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            params.insert(k.into_owned(), v.into_owned());
        }
    }
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("application/x-www-form-urlencoded"));
    let body = read_body(body, state.body_timeout).await?;
    if form && !body.is_empty() {
        for (k, v) in url::form_urlencoded::parse(&body) {
            params.insert(k.into_owned(), v.into_owned());
        }
    }
    if let Some(format) = params.get("Format")
        && !format.eq_ignore_ascii_case("json")
    {
        return Err(Rejection::new(
            400,
            "InvalidParameter.Format",
            format!(
                "The specified parameter “Format” ({format}) is not supported by the emulator: send Format=JSON."
            ),
        ));
    }
    let now = chrono::Utc::now() + state.clock_offset;
    let caller = state.auth.verify(method, &params, now)?;
    let action = params.require("Action")?;
    let region = params.get("RegionId").unwrap_or_default();
    if !state.throttle.allow(action, region, Instant::now()) {
        return Err(Rejection::throttled());
    }
    actions::dispatch(state, &caller, &params, request_id)
}

/// The request body, whole: too large, broken off or malformed (a bad chunk), or too slow,
/// each answered for what it is.
async fn read_body(body: Body, timeout: Duration) -> Result<Bytes, Rejection> {
    use futures::StreamExt as _;
    let read = async {
        let mut stream = body.into_data_stream();
        let mut whole = Vec::new();
        while let Some(chunk) = stream.next().await {
            let Ok(chunk) = chunk else {
                return Err(Rejection::new(
                    400,
                    "InvalidParameter",
                    "The request body is malformed and cannot be read.",
                ));
            };
            if whole.len() + chunk.len() > MAX_BODY {
                return Err(Rejection::new(
                    413,
                    "InvalidParameter",
                    format!("The request body is too large: more than {MAX_BODY} bytes."),
                ));
            }
            whole.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(whole))
    };
    tokio::time::timeout(timeout, read)
        .await
        .unwrap_or_else(|_| {
            Err(Rejection::new(
                408,
                "RequestTimeout",
                "The request body did not arrive in time.",
            ))
        })
}
