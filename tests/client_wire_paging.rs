//! Every page of DescribeInstances, by NextToken and by PageNumber, in API order.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use client_wire_stub::{Stub, client, instance_json, page_of};
use ecs_tui::api::{InstanceQuery, Paging, fetch_instances};

const SIZES: [usize; 5] = [0, 1, 100, 101, 250];

fn paging_modes() -> [Paging; 3] {
    [
        Paging::Token,
        Paging::Number { concurrency: 1 },
        Paging::Number { concurrency: 8 },
    ]
}

#[tokio::test]
async fn both_pagings_return_every_instance_in_api_order() {
    for size in SIZES {
        let objects: Vec<String> = (0..size).map(instance_json).collect();
        let expected: Vec<String> = (0..size).map(|n| format!("i-{n:06}")).collect();
        for paging in paging_modes() {
            let list = objects.clone();
            let stub = Stub::start(move |r, _| page_of(&list, r));
            let got = fetch_instances(
                &client(&stub),
                "cn-hangzhou",
                &InstanceQuery::default(),
                paging,
            )
            .await
            .unwrap();
            let ids: Vec<&str> = got.iter().map(|i| i.instance_id.as_str()).collect();
            assert_eq!(ids, expected, "{size} instances, {paging:?}");
            // The raw objects are the ones served, byte for byte.
            for (instance, sent) in got.iter().zip(&objects) {
                assert_eq!(instance.raw.get(), sent.as_str());
            }
            let requests = stub.requests();
            assert_eq!(
                requests.len(),
                size.div_ceil(100).max(1),
                "{size} instances, {paging:?}: one request per page"
            );
            for r in &requests {
                assert_eq!(r.get("RegionId"), Some("cn-hangzhou"));
                match paging {
                    Paging::Token => {
                        assert_eq!(r.get("MaxResults"), Some("100"));
                        assert_eq!(r.get("PageNumber"), None);
                    }
                    Paging::Number { .. } => {
                        assert_eq!(r.get("PageSize"), Some("100"));
                        assert_eq!(r.get("MaxResults"), None);
                    }
                }
            }
            if paging == Paging::Token {
                let tokens: Vec<Option<&str>> =
                    requests.iter().map(|r| r.get("NextToken")).collect();
                assert_eq!(tokens[0], None, "the first page has no token");
                for (i, token) in tokens.iter().enumerate().skip(1) {
                    assert_eq!(*token, Some(format!("tok-{}", i * 100).as_str()));
                }
            }
        }
    }
}

#[tokio::test]
async fn a_failed_page_fails_the_region() {
    let objects: Vec<String> = (0..250).map(instance_json).collect();
    for paging in paging_modes() {
        let list = objects.clone();
        let stub = Stub::start(move |r, _| {
            let second = r.get("PageNumber") == Some("2") || r.get("NextToken") == Some("tok-100");
            if second {
                client_wire_stub::Reply::error(403, "Forbidden.RAM", "denied", "R-2")
            } else {
                page_of(&list, r)
            }
        });
        let e = fetch_instances(
            &client(&stub),
            "cn-hangzhou",
            &InstanceQuery::default(),
            paging,
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "Forbidden.RAM", "{paging:?}");
    }
}

#[tokio::test]
async fn a_token_that_does_not_advance_is_an_error_not_a_loop() {
    let stub = Stub::start(|_, _| {
        client_wire_stub::Reply::ok(client_wire_stub::instances_body(
            &[instance_json(1)],
            "same",
            1,
            1,
        ))
    });
    let e = fetch_instances(
        &client(&stub),
        "cn-hangzhou",
        &InstanceQuery::default(),
        Paging::Token,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "BadResponse", "{e}");
    assert_eq!(stub.count(), 2);
}

#[test]
fn the_default_paging_is_the_measured_faster_one() {
    // See docs/PERFORMANCE.md: concurrent page numbers beat the sequential token walk.
    assert!(matches!(Paging::default(), Paging::Number { concurrency } if concurrency > 1));
}
