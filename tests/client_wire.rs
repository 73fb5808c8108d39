//! The client on the wire: filters, common parameters, signatures and endpoints, checked on a
//! capturing loopback server.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::time::Duration;

use client_wire_stub::{
    Reply, SECRET, Stub, TOKEN, ak, client, client_with, fast_options, instances_body,
    regions_body, sts,
};
use ecs_tui::api::client::ECS_CENTRAL_HOST;
use ecs_tui::api::{ClientOptions, Error, InstanceQuery, PageRequest};

fn empty_page() -> Reply {
    Reply::ok(instances_body(&[], "", 0, 1))
}

#[tokio::test]
async fn every_filter_is_sent_to_the_api() {
    let stub = Stub::start(|_, _| empty_page());
    let query = InstanceQuery {
        status: Some("Running".into()),
        name: Some("web *名".into()),
        tags: vec![
            ("env".into(), Some("prod".into())),
            ("team".into(), None),
            ("a=b".into(), Some("c&d".into())),
        ],
        instance_ids: Some(vec!["i-a".into(), "i-b".into()]),
        zone_id: Some("cn-hangzhou-h".into()),
        vpc_id: Some("vpc-123".into()),
    };
    client(&stub)
        .describe_instances_page("cn-hangzhou", &query, &PageRequest::Token(None))
        .await
        .unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.action(), "DescribeInstances");
    assert_eq!(r.get("RegionId"), Some("cn-hangzhou"));
    assert_eq!(r.get("Status"), Some("Running"));
    assert_eq!(r.get("InstanceName"), Some("web *名"));
    // `*` and space are percent-encoded the way the signature assumes, never `+`.
    assert!(
        r.raw_query.contains("InstanceName=web%20%2A%E5%90%8D"),
        "{}",
        r.raw_query
    );
    assert_eq!(r.get("Tag.1.Key"), Some("env"));
    assert_eq!(r.get("Tag.1.Value"), Some("prod"));
    assert_eq!(r.get("Tag.2.Key"), Some("team"));
    assert_eq!(r.get("Tag.2.Value"), None, "a key alone matches any value");
    assert_eq!(r.get("Tag.3.Key"), Some("a=b"));
    assert_eq!(r.get("Tag.3.Value"), Some("c&d"));
    let ids: Vec<String> = serde_json::from_str(r.get("InstanceIds").unwrap()).unwrap();
    assert_eq!(ids, ["i-a", "i-b"]);
    assert_eq!(r.get("ZoneId"), Some("cn-hangzhou-h"));
    assert_eq!(r.get("VpcId"), Some("vpc-123"));
    assert_eq!(r.get("MaxResults"), Some("100"));
    assert!(r.signature_verifies(SECRET));
}

#[tokio::test]
async fn no_filter_sends_no_filter_parameter() {
    let stub = Stub::start(|_, _| empty_page());
    client(&stub)
        .describe_instances_page(
            "cn-hangzhou",
            &InstanceQuery::default(),
            &PageRequest::Number(2),
        )
        .await
        .unwrap();
    let r = &stub.requests()[0];
    for key in [
        "Status",
        "InstanceName",
        "InstanceIds",
        "ZoneId",
        "VpcId",
        "Tag.1.Key",
    ] {
        assert_eq!(r.get(key), None, "{key}");
    }
    assert_eq!(r.get("PageSize"), Some("100"));
    assert_eq!(r.get("PageNumber"), Some("2"));
    assert_eq!(r.get("MaxResults"), None);
}

#[tokio::test]
async fn common_parameters_and_a_signature_that_verifies() {
    let stub = Stub::start(|r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&[("cn-hangzhou", "")])),
        _ => empty_page(),
    });
    let c = client(&stub);
    c.describe_regions().await.unwrap();
    c.describe_instances_page(
        "cn-hangzhou",
        &InstanceQuery::default(),
        &PageRequest::Number(1),
    )
    .await
    .unwrap();
    c.describe_disks("cn-hangzhou", "i-1").await.unwrap();
    c.describe_security_groups("cn-hangzhou", &["sg-1".into()])
        .await
        .unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 4);
    for r in &requests {
        assert_eq!(r.method, "POST", "{r:?}");
        assert_eq!(r.body, "", "every parameter goes in the query");
        assert_eq!(r.get("Format"), Some("JSON"));
        assert_eq!(r.get("Version"), Some("2014-05-26"));
        assert_eq!(r.get("AccessKeyId"), Some(client_wire_stub::KEY_ID));
        assert_eq!(r.get("SignatureMethod"), Some("HMAC-SHA1"));
        assert_eq!(r.get("SignatureVersion"), Some("1.0"));
        assert_eq!(
            r.get("SecurityToken"),
            None,
            "long-lived keys carry no token"
        );
        let ts = r.get("Timestamp").unwrap();
        assert!(
            chrono::NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%SZ").is_ok(),
            "{ts}"
        );
        assert!(
            r.signature_verifies(SECRET),
            "{} does not verify",
            r.action()
        );
        assert!(!r.signature_verifies("another secret"));
    }
    let actions: Vec<&str> = requests.iter().map(|r| r.action()).collect();
    assert_eq!(
        actions,
        [
            "DescribeRegions",
            "DescribeInstances",
            "DescribeDisks",
            "DescribeSecurityGroups"
        ]
    );
    let nonces: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.get("SignatureNonce").unwrap())
        .collect();
    assert_eq!(nonces.len(), 4, "a nonce is never reused");
}

#[tokio::test]
async fn sts_credentials_send_a_signed_security_token() {
    let stub = Stub::start(|_, _| Reply::ok(regions_body(&[])));
    client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap();
    let r = &stub.requests()[0];
    assert_eq!(r.get("SecurityToken"), Some(TOKEN));
    assert!(r.get("AccessKeyId").unwrap().starts_with("STS."));
    assert!(r.signature_verifies(SECRET), "the token is signed too");
}

#[tokio::test]
async fn each_attempt_gets_a_fresh_nonce_timestamp_and_signature() {
    // The first answer comes after more than a second, so a reused Timestamp would show.
    let stub = Stub::start(|_, n| match n {
        0 => Reply::After(
            Duration::from_millis(1100),
            Box::new(Reply::error(503, "ServiceUnavailable", "busy", "R0")),
        ),
        1 => Reply::error(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
            "R1",
        ),
        _ => Reply::ok(regions_body(&[])),
    });
    client_with(sts(), fast_options(&stub.url()))
        .describe_regions()
        .await
        .unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 3);
    let nonces: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.get("SignatureNonce").unwrap())
        .collect();
    assert_eq!(nonces.len(), 3);
    let signatures: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.get("Signature").unwrap())
        .collect();
    assert_eq!(signatures.len(), 3);
    let ts: Vec<&str> = requests
        .iter()
        .map(|r| r.get("Timestamp").unwrap())
        .collect();
    assert!(ts[1] > ts[0], "retry reused the Timestamp: {ts:?}");
    for r in &requests {
        assert!(r.signature_verifies(SECRET));
        assert_eq!(r.get("SecurityToken"), Some(TOKEN));
    }
}

#[tokio::test]
async fn the_endpoint_override_wins_for_every_call() {
    let stub = Stub::start(|r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&[
            ("cn-qingdao", "ecs.cn-qingdao.aliyuncs.com"),
            ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
        ])),
        _ => empty_page(),
    });
    let c = client(&stub);
    let regions = c.describe_regions().await.unwrap();
    assert_eq!(regions.len(), 2);
    for region in ["cn-qingdao", "cn-hangzhou", "eu-west-1"] {
        assert_eq!(
            c.url_for_region(region).unwrap().as_str(),
            format!("{}/", stub.url())
        );
        c.describe_instances_page(region, &InstanceQuery::default(), &PageRequest::Token(None))
            .await
            .unwrap();
    }
    c.can_describe_instances("cn-qingdao").await.unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 5, "every call reached the override");
    assert_eq!(requests[4].get("DryRun"), Some("true"));
}

#[test]
fn region_calls_use_the_learned_endpoint_else_the_regional_one() {
    let c = client_with(
        ak(),
        ClientOptions {
            endpoint: None,
            ..ClientOptions::default()
        },
    );
    assert_eq!(
        c.url_for_host(ECS_CENTRAL_HOST).unwrap().as_str(),
        "https://ecs.aliyuncs.com/",
        "DescribeRegions goes to the central endpoint"
    );
    assert_eq!(
        c.url_for_region("cn-hangzhou").unwrap().as_str(),
        "https://ecs.cn-hangzhou.aliyuncs.com/"
    );
    c.learn_region_endpoints([
        ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
        ("cn-wuhan", "ecs.aliyuncs.com"),
        ("cn-evil", "evil.example/x?"),
        ("cn-empty", ""),
    ]);
    assert_eq!(
        c.url_for_region("cn-hangzhou").unwrap().as_str(),
        "https://ecs-cn-hangzhou.aliyuncs.com/"
    );
    assert_eq!(
        c.url_for_region("cn-wuhan").unwrap().as_str(),
        "https://ecs.aliyuncs.com/"
    );
    for fallback in ["cn-evil", "cn-empty", "eu-west-1"] {
        assert_eq!(
            c.url_for_region(fallback).unwrap().as_str(),
            format!("https://ecs.{fallback}.aliyuncs.com/")
        );
    }
    assert!(matches!(
        c.url_for_region("x.evil.example/"),
        Err(Error::Endpoint { .. })
    ));
}

#[test]
fn plain_http_only_to_loopback() {
    let with = |endpoint: &str| {
        ecs_tui::api::Client::new(
            std::sync::Arc::new(ecs_tui::credentials::StaticProvider(ak())),
            ClientOptions {
                endpoint: Some(endpoint.into()),
                ..ClientOptions::default()
            },
        )
    };
    for ok in [
        "https://ecs.example.com",
        "http://127.0.0.1:8080",
        "http://localhost:1/",
        "http://[::1]:9",
    ] {
        assert!(with(ok).is_ok(), "{ok}");
    }
    for bad in [
        "http://ecs.aliyuncs.com",
        "http://192.168.1.1:80",
        "ftp://127.0.0.1",
    ] {
        let e = with(bad).unwrap_err();
        assert!(matches!(e, Error::Endpoint { .. }), "{bad}: {e}");
        // What to do is in the message itself, said once.
        assert!(e.to_string().contains("use https://"), "{bad}: {e}");
        assert_eq!(e.with_hint(), e.to_string());
    }
}
