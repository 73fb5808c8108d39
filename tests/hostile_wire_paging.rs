//! An endpoint whose pages lie: a `TotalCount` far beyond what it serves (up to `u64::MAX`),
//! a `NextToken` cycling A, B, A, a body without the action's list, a region listed twice.
//! Each region fails with a named error or ends with a warning; the process never panics,
//! never sizes memory from the server's number, never pages for ever.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::sync::{Arc, Mutex};

use client_wire_stub::cli::Sandbox;
use client_wire_stub::{Reply, Stub, client, instance_json, regions_body};
use ecs_tui::api::fetch::MAX_PAGES;
use ecs_tui::api::progress::{self, Event};
use ecs_tui::api::{Error, InstanceQuery, Paging, fetch_instances};

/// A PageNumber page: `rows` instances numbered from `first`, under a claimed `total`.
fn page(first: usize, rows: usize, total: u64, number: &str) -> Reply {
    let objects: Vec<String> = (first..first + rows).map(instance_json).collect();
    Reply::ok(format!(
        r#"{{"RequestId":"REQ-{number}","TotalCount":{total},"PageNumber":{number},"PageSize":100,"Instances":{{"Instance":[{}]}}}}"#,
        objects.join(",")
    ))
}

/// The first page full, every later one empty, all under the claimed `total`.
fn lying_total(total: u64) -> Stub {
    Stub::start(move |r, _| match r.get("PageNumber").unwrap_or("1") {
        "1" => page(0, 100, total, "1"),
        n => page(0, 0, total, n),
    })
}

/// Runs a fetch of cn-hangzhou, with the warnings it told.
async fn fetch(stub: &Stub, paging: Paging) -> (Result<Vec<String>, Error>, Vec<String>) {
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&warnings);
    let observer: progress::Observer = Arc::new(move |e| {
        if let Event::Warning { region, message } = e {
            sink.lock().unwrap().push(format!("{region}: {message}"));
        }
    });
    let result = progress::observed(
        observer,
        fetch_instances(
            &client(stub),
            "cn-hangzhou",
            &InstanceQuery::default(),
            paging,
        ),
    )
    .await
    .map(|all| all.into_iter().map(|i| i.instance_id).collect());
    let warnings = warnings.lock().unwrap().clone();
    (result, warnings)
}

#[tokio::test]
async fn a_total_count_of_u64_max_fails_the_region_by_name_without_a_panic() {
    let stub = lying_total(u64::MAX);
    let (result, _) = fetch(&stub, Paging::default()).await;
    let e = result.unwrap_err();
    assert_eq!(e.code(), "BadResponse");
    assert_eq!(
        e.to_string(),
        "DescribeInstances at 127.0.0.1: unreadable response (HTTP 200, RequestId REQ-1): \
         TotalCount said 18446744073709551615, more than the 1000000 instances ecs-tui reads \
         from one region"
    );
    assert_eq!(stub.count(), 1, "no page planned from the lie");
}

#[tokio::test]
async fn a_total_count_beyond_the_limit_is_refused_after_one_page() {
    // 50,000,000 once aborted on a 27.6 GB reservation.
    let stub = lying_total(50_000_000);
    let (result, _) = fetch(&stub, Paging::default()).await;
    let e = result.unwrap_err();
    assert!(
        e.to_string()
            .contains("TotalCount said 50000000, more than"),
        "{e}"
    );
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn pages_that_end_before_the_promised_total_stop_the_region_with_a_warning() {
    // 5,000 pages promised, one served: once every page was asked for at once.
    let stub = lying_total(500_000);
    let (result, warnings) = fetch(&stub, Paging::default()).await;
    assert_eq!(result.unwrap().len(), 100, "the rows that came are kept");
    assert_eq!(
        warnings,
        ["cn-hangzhou: TotalCount said 500000, pages ended at 100"]
    );
    // Page 1, then at most one window of pages asked for ahead of the empty page 2.
    let asked = stub.count();
    assert!(
        (2..=1 + ecs_tui::api::fetch::WINDOW).contains(&asked),
        "{asked} requests for one page of instances"
    );
}

#[tokio::test]
async fn an_honest_total_count_with_a_short_last_page_says_nothing() {
    let stub = Stub::start(|r, _| match r.get("PageNumber").unwrap_or("1") {
        "1" => page(0, 100, 250, "1"),
        "2" => page(100, 100, 250, "2"),
        n => page(200, 50, 250, n),
    });
    let (result, warnings) = fetch(&stub, Paging::default()).await;
    assert_eq!(result.unwrap().len(), 250);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(stub.count(), 3);
}

#[tokio::test]
async fn a_next_token_cycling_a_b_a_is_caught() {
    let stub = Stub::start(|r, _| {
        let next = match r.get("NextToken") {
            None | Some("B") => "A",
            Some(_) => "B",
        };
        Reply::ok(format!(
            r#"{{"RequestId":"T","NextToken":"{next}","Instances":{{"Instance":[]}}}}"#
        ))
    });
    let (result, _) = fetch(&stub, Paging::Token).await;
    let e = result.unwrap_err();
    assert_eq!(e.code(), "BadResponse");
    assert!(
        e.to_string()
            .ends_with("NextToken did not advance: page 3 repeated an earlier token"),
        "{e}"
    );
    assert_eq!(stub.count(), 3, "first page, A, B, then A again: stop");
}

#[tokio::test]
async fn next_tokens_without_end_stop_at_the_page_limit() {
    let stub = Stub::start(|_, n| {
        Reply::ok(format!(
            r#"{{"RequestId":"T","NextToken":"tok-{n}","Instances":{{"Instance":[]}}}}"#
        ))
    });
    let (result, _) = fetch(&stub, Paging::Token).await;
    let e = result.unwrap_err();
    assert!(
        e.to_string().ends_with(
            "more than 10000 pages in one region: ecs-tui stops there (the pages did not end)"
        ),
        "{e}"
    );
    assert_eq!(stub.count(), MAX_PAGES as usize + 1);
}

#[tokio::test]
async fn a_body_without_the_actions_list_is_unreadable_not_empty() {
    for body in ["{}", "[]", r#"{"RequestId":"R"}"#] {
        let stub = Stub::start(move |_, _| Reply::ok(body));
        let (result, _) = fetch(&stub, Paging::default()).await;
        let e = result.unwrap_err();
        assert_eq!(e.code(), "BadResponse", "{body}: {e}");
        let e = client(&stub).describe_regions().await.unwrap_err();
        assert_eq!(e.code(), "BadResponse", "{body}: {e}");
    }
}

#[tokio::test]
async fn a_region_listed_twice_is_listed_once() {
    let stub = Stub::start(|_, _| {
        Reply::ok(regions_body(&[
            ("cn-hangzhou", ""),
            ("cn-beijing", ""),
            ("cn-hangzhou", ""),
        ]))
    });
    let ids: Vec<String> = client(&stub)
        .describe_regions()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.region_id)
        .collect();
    assert_eq!(ids, ["cn-hangzhou", "cn-beijing"]);
}

/// The CLI against `script`: exit code, stdout, stderr.
fn run(stub: &Stub, args: &[&str]) -> (Option<i32>, String, String) {
    let sandbox = Sandbox::new();
    let out = sandbox.ecs_tui(stub).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_names_a_lying_total_count_and_exits_1() {
    let stub = Stub::start(|r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&[("cn-hangzhou", "")])),
        _ => page(0, 100, u64::MAX, "1"),
    });
    let (code, stdout, stderr) = run(&stub, &["instances", "--region", "cn-hangzhou"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("TotalCount said 18446744073709551615, more than the 1000000 instances"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn all_regions_prints_each_instance_once_when_a_region_is_listed_twice() {
    let stub = Stub::start(|r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&[("cn-hangzhou", ""), ("cn-hangzhou", "")])),
        _ => page(0, 2, 2, "1"),
    });
    let (code, stdout, stderr) = run(&stub, &["instances", "--all-regions", "-o", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["InstanceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["i-000000", "i-000001"]);
    let describe_instances = stub
        .requests()
        .iter()
        .filter(|r| r.action() == "DescribeInstances")
        .count();
    assert_eq!(describe_instances, 1, "the region is fetched once");
}

#[test]
fn the_cli_prints_the_rows_and_warns_when_pages_end_early() {
    let stub = Stub::start(|r, _| match (r.action(), r.get("PageNumber")) {
        ("DescribeRegions", _) => Reply::ok(regions_body(&[("cn-hangzhou", "")])),
        (_, None | Some("1")) => page(0, 100, 500_000, "1"),
        (_, Some(n)) => page(0, 0, 500_000, n),
    });
    for args in [
        &["instances", "--region", "cn-hangzhou", "-o", "json"][..],
        &["instances", "--all-regions", "-o", "json"][..],
    ] {
        let (code, stdout, stderr) = run(&stub, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
        assert_eq!(rows.len(), 100, "{args:?}");
        assert_eq!(
            stderr,
            "ecs-tui: warning: region cn-hangzhou: TotalCount said 500000, pages ended at 100\n",
            "{args:?}"
        );
    }
}
