//! Throttling and injected faults appear at the configured rates, and the client's retries
//! get through them.

use std::time::Duration;

use ecs_tui::api::{
    ClientOptions, Error, InstanceQuery, Paging, RetryPolicy, TransportKind, fetch_instances,
};
use ecs_tui::emulator::{self, EmulatorConfig, Fault};

fn options(max_attempts: u32, timeout: Duration) -> ClientOptions {
    ClientOptions {
        request_timeout: timeout,
        read_timeout: timeout,
        retry: RetryPolicy {
            max_attempts,
            base_delay: Duration::from_millis(1),
            throttle_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            deadline: Duration::from_secs(60),
        },
        ..ClientOptions::default()
    }
}

#[tokio::test]
async fn calls_beyond_the_quota_are_throttled_per_action_and_region() {
    // A tiny rate: the bucket holds one request and refills after many minutes, so the count
    // does not depend on how fast this machine is (the rate itself is unit-tested).
    let emu = emulator::start(EmulatorConfig {
        regions: 2,
        instances: 10,
        throttle_qps: 0.001,
        ..EmulatorConfig::default()
    })
    .await
    .expect("start");
    let c = emu
        .client(options(1, Duration::from_secs(10)))
        .expect("client");
    let q = InstanceQuery::default();
    let mut outcomes = Vec::new();
    for _ in 0..4 {
        outcomes.push(
            match fetch_instances(&c, "cn-qingdao", &q, Paging::Token).await {
                Ok(_) => "ok".to_owned(),
                Err(Error::Api(e)) => format!("{} {}", e.http_status, e.code),
                Err(e) => panic!("unexpected {e}"),
            },
        );
    }
    assert_eq!(
        outcomes,
        [
            "ok",
            "400 Throttling.User",
            "400 Throttling.User",
            "400 Throttling.User"
        ]
    );
    assert!(
        fetch_instances(&c, "cn-beijing", &q, Paging::Token)
            .await
            .is_ok(),
        "another region has its own bucket"
    );
    assert!(
        c.describe_regions().await.is_ok(),
        "another action has its own bucket"
    );
    let Err(Error::Api(e)) = c.describe_regions().await else {
        panic!("second DescribeRegions not throttled");
    };
    assert_eq!(e.message, "Request was denied due to user flow control.");
}

#[tokio::test]
async fn faults_appear_at_the_configured_rate_in_every_kind() {
    // A slow fault holds its answer for an hour: it is a timeout on any machine, and the
    // client's timeout is generous, so a merely slow normal answer is not taken for a fault.
    // The requests go at once, so the slow ones cost one timeout in all; which request meets
    // which fault then depends on arrival order, but the draws (seeded) do not, and the
    // client's tally is compared with the server's own.
    let emu = emulator::start(EmulatorConfig {
        regions: 2,
        instances: 4,
        fault_rate: 0.3,
        seed: 11,
        slow_response: Duration::from_secs(3600),
        ..EmulatorConfig::default()
    })
    .await
    .expect("start");
    let c = emu
        .client(ClientOptions {
            max_in_flight: 100,
            ..options(1, Duration::from_secs(5))
        })
        .expect("client");
    let results = futures::future::join_all((0..100).map(|_| c.describe_regions())).await;
    let (mut ok, mut internal, mut unavailable, mut broken, mut timeout) = (0, 0, 0, 0, 0);
    for result in results {
        match result {
            Ok(_) => ok += 1,
            Err(Error::Api(e)) if e.http_status == 500 && e.code == "InternalError" => {
                internal += 1
            }
            Err(Error::Api(e)) if e.http_status == 503 && e.code == "ServiceUnavailable" => {
                unavailable += 1
            }
            Err(Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }) => timeout += 1,
            Err(Error::Transport { .. }) => broken += 1,
            Err(e) => panic!("unexpected failure {e}"),
        }
    }
    assert_eq!(emu.requests(), 100, "one attempt each");
    let failed = internal + unavailable + broken + timeout;
    assert_eq!(ok + failed, 100);
    assert!(
        (15..=45).contains(&failed),
        "30% of 100 requested, {failed} failed"
    );
    for (kind, seen) in [
        (Fault::InternalError, internal),
        (Fault::ServiceUnavailable, unavailable),
        (Fault::Dropped, broken),
        (Fault::Slow, timeout),
    ] {
        assert!(seen > 0, "no {kind:?} fault in {failed} failures");
        assert_eq!(
            seen,
            emu.faults_injected(kind),
            "{kind:?}: the client saw what was sent"
        );
    }
}

#[tokio::test]
async fn retries_get_a_whole_inventory_through_faults() {
    let emu = emulator::start(EmulatorConfig {
        regions: 1,
        instances: 250,
        fault_rate: 0.3,
        seed: 3,
        // Slow faults never answer; a slow normal answer is only waited for longer.
        slow_response: Duration::from_secs(3600),
        ..EmulatorConfig::default()
    })
    .await
    .expect("start");
    let c = emu
        .client(options(10, Duration::from_secs(2)))
        .expect("client");
    let inventory = emu
        .inventory(&emu.credentials().access_key_id)
        .expect("inventory");
    let expected: Vec<&str> = inventory.regions()[0]
        .instances
        .iter()
        .map(|i| i.json.get())
        .collect();
    for paging in [Paging::Token, Paging::Number { concurrency: 2 }] {
        let got = fetch_instances(&c, "cn-qingdao", &InstanceQuery::default(), paging)
            .await
            .expect("retries hide the faults");
        let got: Vec<&str> = got.iter().map(|i| i.raw.get()).collect();
        assert_eq!(got, expected, "{paging:?}");
    }
}
