//! The emulator checks requests like the real gateway: raw HTTP requests, signed by hand,
//! some of them wrong on purpose.

use ecs_tui::api::client::{query_string, signed_params};
use ecs_tui::api::sign::{self, Method};
use ecs_tui::credentials::Credentials;
use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use serde_json::Value;

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn params(
    creds: &Credentials,
    action: &str,
    extra: &[(&str, &str)],
    ts: &str,
    nonce: &str,
) -> Vec<(String, String)> {
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    signed_params(action, "2014-05-26", &extra, creds, ts, nonce)
}

async fn start() -> Emulator {
    emulator::start(EmulatorConfig {
        regions: 3,
        instances: 9,
        ..EmulatorConfig::default()
    })
    .await
    .expect("start")
}

/// POST with every parameter in the query, as the official SDKs send.
async fn post(emu: &Emulator, params: &[(String, String)]) -> (u16, Value, String) {
    let response = reqwest::Client::new()
        .post(format!("{}/?{}", emu.url(), query_string(params)))
        .send()
        .await
        .expect("send");
    read(response).await
}

async fn read(response: reqwest::Response) -> (u16, Value, String) {
    let status = response.status().as_u16();
    let header = response
        .headers()
        .get("x-acs-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body: Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("JSON body");
    (status, body, header)
}

#[tokio::test]
async fn a_correct_request_is_answered_with_a_request_id() {
    let emu = start().await;
    let (status, body, header) = post(
        &emu,
        &params(&emu.credentials(), "DescribeRegions", &[], &now(), &nonce()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["RequestId"].as_str(), Some(header.as_str()));
    assert_eq!(body["Regions"]["Region"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_the_server_string_to_sign() {
    let emu = start().await;
    let mut creds = emu.credentials();
    creds.access_key_secret = ecs_tui::credentials::Secret::new("not-the-secret");
    let p = params(&creds, "DescribeRegions", &[], &now(), &nonce());
    let (status, body, header) = post(&emu, &p).await;
    assert_eq!(status, 400);
    assert_eq!(body["Code"], "SignatureDoesNotMatch");
    let unsigned: Vec<_> = p
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    assert_eq!(
        body["Message"].as_str().unwrap_or_default(),
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            sign::string_to_sign(Method::Post, &unsigned)
        )
    );
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["RequestId", "HostId", "Code", "Message", "Recommend"]
    );
    assert_eq!(body["RequestId"].as_str(), Some(header.as_str()));
}

#[tokio::test]
async fn a_tampered_parameter_breaks_the_signature() {
    let emu = start().await;
    let mut p = params(
        &emu.credentials(),
        "DescribeInstances",
        &[("RegionId", "cn-qingdao")],
        &now(),
        &nonce(),
    );
    for (k, v) in &mut p {
        if k == "RegionId" {
            *v = "cn-beijing".into();
        }
    }
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
    // An added parameter is tampering too.
    let mut p = params(&emu.credentials(), "DescribeRegions", &[], &now(), &nonce());
    p.push(("AcceptLanguage".into(), "en-US".into()));
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch"))
    );
}

#[tokio::test]
async fn an_expired_timestamp_is_refused() {
    let emu = start().await;
    for minutes in [-16, 16] {
        let ts = (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let (status, body, _) = post(
            &emu,
            &params(&emu.credentials(), "DescribeRegions", &[], &ts, &nonce()),
        )
        .await;
        assert_eq!(
            (status, body["Code"].as_str()),
            (400, Some("InvalidTimeStamp.Expired")),
            "{minutes} min"
        );
    }
    let ts = (chrono::Utc::now() - chrono::TimeDelta::minutes(14))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let (status, _, _) = post(
        &emu,
        &params(&emu.credentials(), "DescribeRegions", &[], &ts, &nonce()),
    )
    .await;
    assert_eq!(status, 200, "14 minutes of skew is tolerated");
}

#[tokio::test]
async fn a_reused_nonce_is_refused() {
    let emu = start().await;
    let p = params(
        &emu.credentials(),
        "DescribeRegions",
        &[],
        &now(),
        "fixed-nonce",
    );
    assert_eq!(post(&emu, &p).await.0, 200);
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureNonceUsed"))
    );
    // The same nonce with a fresh signature is still a reuse.
    let p = params(
        &emu.credentials(),
        "DescribeRegions",
        &[("AcceptLanguage", "en-US")],
        &now(),
        "fixed-nonce",
    );
    assert_eq!(post(&emu, &p).await.1["Code"], "SignatureNonceUsed");
}

#[tokio::test]
async fn unknown_keys_missing_parameters_and_bad_methods() {
    let emu = start().await;
    let (status, body, _) = post(
        &emu,
        &params(
            &Credentials::new("who", "x"),
            "DescribeRegions",
            &[],
            &now(),
            &nonce(),
        ),
    )
    .await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (404, Some("InvalidAccessKeyId.NotFound"))
    );
    assert_eq!(body["Message"], "Specified access key is not found.");

    let mut p = params(&emu.credentials(), "DescribeRegions", &[], &now(), &nonce());
    p.retain(|(k, _)| k != "Timestamp");
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("MissingParameter"))
    );

    let p = params(&emu.credentials(), "DescribeRegions", &[], &now(), &nonce());
    let response = reqwest::Client::new()
        .put(format!("{}/?{}", emu.url(), query_string(&p)))
        .send()
        .await
        .expect("send");
    assert_eq!(read(response).await.1["Code"], "UnsupportedHTTPMethod");
}

#[tokio::test]
async fn get_and_form_bodies_work_and_the_python_sdk_empty_signature_type_is_accepted() {
    let emu = start().await;
    let creds = emu.credentials();
    // GET, signed for GET.
    let mut p: Vec<(String, String)> = params(&creds, "DescribeRegions", &[], &now(), &nonce());
    p.retain(|(k, _)| k != "Signature");
    let sig = sign::signature(Method::Get, &p, creds.access_key_secret.expose());
    p.push(("Signature".into(), sig));
    let response = reqwest::get(format!("{}/?{}", emu.url(), query_string(&p)))
        .await
        .expect("get");
    assert_eq!(read(response).await.0, 200);

    // POST with the parameters in a form body, some in the query: merged before checking.
    let p = params(
        &creds,
        "DescribeInstances",
        &[("RegionId", "cn-qingdao"), ("PageSize", "2")],
        &now(),
        &nonce(),
    );
    let (query, form): (Vec<_>, Vec<_>) = p
        .into_iter()
        .partition(|(k, _)| k == "Action" || k == "Signature");
    let response = reqwest::Client::new()
        .post(format!("{}/?{}", emu.url(), query_string(&query)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(query_string(&form))
        .send()
        .await
        .expect("post");
    let (status, body, _) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["Instances"]["Instance"].as_array().map(Vec::len),
        Some(2)
    );

    // aliyun-python-sdk-core signs an empty SignatureType=; spaces may arrive as `+`.
    let p = params(
        &creds,
        "DescribeInstances",
        &[
            ("RegionId", "cn-qingdao"),
            ("SignatureType", ""),
            ("InstanceName", "no such name"),
        ],
        &now(),
        &nonce(),
    );
    let query = query_string(&p).replace("%20", "+");
    let response = reqwest::Client::new()
        .post(format!("{}/?{query}", emu.url()))
        .send()
        .await
        .expect("post");
    let (status, body, _) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["TotalCount"], 0);
}

#[tokio::test]
async fn dry_run_and_format() {
    let emu = start().await;
    let p = params(
        &emu.credentials(),
        "DescribeInstances",
        &[("RegionId", "cn-qingdao"), ("DryRun", "true")],
        &now(),
        &nonce(),
    );
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("DryRunOperation"))
    );
    let mut p = params(&emu.credentials(), "DescribeRegions", &[], &now(), &nonce());
    p.retain(|(k, _)| k != "Format" && k != "Signature");
    p.push(("Format".into(), "XML".into()));
    let sig = sign::signature(
        Method::Post,
        &p,
        emu.credentials().access_key_secret.expose(),
    );
    p.push(("Signature".into(), sig));
    let (status, body, _) = post(&emu, &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidParameter.Format"))
    );
}

#[tokio::test]
async fn the_emulator_only_listens_on_loopback() {
    let config = EmulatorConfig {
        listen: "0.0.0.0:0".parse().expect("addr"),
        ..EmulatorConfig::default()
    };
    let err = emulator::start(config).await.expect_err("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn dropping_the_emulator_stops_it() {
    let emu = start().await;
    let url = emu.url();
    drop(emu);
    tokio::task::yield_now().await;
    let p = params(
        &Credentials::new("k", "s"),
        "DescribeRegions",
        &[],
        &now(),
        &nonce(),
    );
    let result = reqwest::Client::new()
        .post(format!("{url}/?{}", query_string(&p)))
        .send()
        .await;
    assert!(result.is_err(), "still answering after drop");
}
