//! The fetch engine against the emulator: every region at once under the client's cap (checked
//! from the server's side), the seed's sequential walk giving the same answer, and a throttled
//! fetch that still returns everything while the adaptive limit narrows.

#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_wire_stub::{Reply, Stub, client_with, fast_options, instance_json, page_of};

use ecs_tui::api::{
    ClientOptions, Instance, InstanceQuery, Paging, Plan, RetryPolicy, fetch_regions,
};
use ecs_tui::emulator::{self, Emulator, EmulatorConfig};

async fn emulator(config: EmulatorConfig) -> Emulator {
    emulator::start(EmulatorConfig { seed: 7, ..config })
        .await
        .expect("emulator starts")
}

/// Every instance object the account holds, in `--all-regions` order.
fn expected(emu: &Emulator) -> Vec<String> {
    emu.inventory(&emu.credentials().access_key_id)
        .expect("inventory")
        .instances_raw()
        .into_iter()
        .map(|r| r.get().to_owned())
        .collect()
}

async fn fetch_all(
    emu: &Emulator,
    options: ClientOptions,
    plan: Plan,
) -> (Vec<String>, ecs_tui::api::limiter::LimiterStats) {
    let client = emu.client(options).expect("client");
    let regions: Vec<String> = client
        .describe_regions()
        .await
        .expect("regions")
        .into_iter()
        .map(|r| r.region_id)
        .collect();
    let mut got = Vec::new();
    for (region, result) in fetch_regions(&client, &regions, &InstanceQuery::default(), plan).await
    {
        let instances: Vec<Instance> = result.unwrap_or_else(|e| panic!("{region} failed: {e}"));
        got.extend(instances.into_iter().map(|i| i.raw.get().to_owned()));
    }
    (got, client.limiter_stats())
}

#[tokio::test]
async fn all_regions_at_once_stay_under_the_cap_and_match_the_sequential_walk() {
    // Latency makes requests overlap, so an uncapped fan-out would show on the server.
    let emu = emulator(EmulatorConfig {
        regions: 4,
        instances: 800,
        latency: Duration::from_millis(3),
        ..EmulatorConfig::default()
    })
    .await;
    let options = ClientOptions {
        max_in_flight: 3,
        ..ClientOptions::default()
    };
    let (got, stats) = fetch_all(&emu, options.clone(), Plan::default()).await;
    assert!(
        got == expected(&emu),
        "every instance once, in region and API order"
    );
    assert!(
        emu.peak_in_flight() <= 3,
        "the server saw {} requests at once with a cap of 3",
        emu.peak_in_flight()
    );
    assert!(stats.peak_in_flight <= 3, "{stats:?}");
    assert_eq!((stats.throttled, stats.limit), (0, 3), "{stats:?}");

    let (sequential, _) = fetch_all(&emu, options.clone(), Plan::SEQUENTIAL).await;
    assert!(
        sequential == got,
        "the seed's walk finds the same inventory"
    );
    let token_at_once = Plan {
        paging: Paging::Token,
        ..Plan::default()
    };
    let (tokens, _) = fetch_all(&emu, options, token_at_once).await;
    assert!(tokens == got);
}

#[tokio::test]
async fn a_throttled_fetch_returns_everything_and_narrows_the_limit() {
    // 10 pages in one region against a quota of 4 per second: most of the 9 pages sent at once
    // after the first are throttled.
    let emu = emulator(EmulatorConfig {
        regions: 1,
        instances: 1_000,
        throttle_qps: 4.0,
        ..EmulatorConfig::default()
    })
    .await;
    let options = ClientOptions {
        retry: RetryPolicy {
            max_attempts: 40,
            base_delay: Duration::from_millis(5),
            throttle_delay: Duration::from_millis(40),
            max_delay: Duration::from_millis(200),
            deadline: Duration::from_secs(60),
        },
        ..ClientOptions::default()
    };
    let (got, stats) = fetch_all(&emu, options, Plan::default()).await;
    assert!(got == expected(&emu), "throttling loses nothing");
    assert!(stats.throttled > 0, "the quota was hit: {stats:?}");
    assert!(
        stats.min_limit < stats.cap,
        "throttling narrowed the limit: {stats:?}"
    );
    assert!(
        stats.min_limit >= 1 && stats.limit <= stats.cap,
        "{stats:?}"
    );
    assert!(emu.peak_in_flight() <= stats.cap);
}

#[tokio::test]
async fn pages_are_told_as_they_arrive_the_first_with_its_rows() {
    // 250 instances, three pages. The server holds page 2 until the client has told of a
    // second page, which can then only be page 3: progress counts a page when it arrives.
    // Joining in order (the old way) told nothing until page 2 came, so it waited for the
    // client's timeout and failed; a throttled page 2 held `page 2/100` in the browser.
    let objects: Vec<String> = (0..250).map(instance_json).collect();
    let (told, second_told) = tokio::sync::watch::channel(false);
    let stub = Stub::start(move |r, _| {
        if r.get("PageNumber") == Some("2") {
            let mut second_told = second_told.clone();
            let after_third = Box::pin(async move {
                let _ = second_told.wait_for(|told| *told).await;
            });
            return Reply::When(after_third, Box::new(page_of(&objects, r)));
        }
        page_of(&objects, r)
    });
    let mut options = fast_options(&stub.url());
    options.retry.max_attempts = 1;
    let client = client_with(client_wire_stub::ak(), options);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    let observer: ecs_tui::api::progress::Observer = std::sync::Arc::new(move |e| {
        use ecs_tui::api::progress::Event;
        let line = match e {
            Event::Page {
                done,
                total,
                instances,
                rows,
                ..
            } => {
                if *done == 2 {
                    told.send_replace(true);
                }
                format!(
                    "page {done}/{total:?} {instances} rows:{:?}",
                    rows.map(<[Instance]>::len)
                )
            }
            Event::RegionDone { region, ok } => format!("done {region} {ok}"),
            Event::Retrying { .. } | Event::Warning { .. } => return,
        };
        sink.lock().expect("lock").push(line);
    });
    let fetched = ecs_tui::api::progress::observed(
        observer,
        ecs_tui::api::fetch_instances(
            &client,
            "cn-hangzhou",
            &InstanceQuery::default(),
            Paging::default(),
        ),
    )
    .await
    .expect("fetched");
    assert_eq!(fetched.len(), 250);
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            "page 1/Some(3) 100 rows:Some(100)".to_owned(),
            "page 2/Some(3) 150 rows:None".to_owned(),
            "page 3/Some(3) 250 rows:None".to_owned(),
            "done cn-hangzhou true".to_owned(),
        ]
    );
    // And the answer itself stays in API order.
    let ids: Vec<&str> = fetched.iter().map(|i| i.instance_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[tokio::test]
async fn the_fetch_fills_the_cap_exactly() {
    // The server holds every answer until `CAP` requests are waiting at once, then answers
    // freely: a fetch that reached the cap passes, whatever the machine's speed; a narrower
    // one (say, one region at a time) would wait for the client's timeout and fail; a wider
    // one shows as a peak above the cap.
    const CAP: usize = 3;
    let objects: Vec<String> = (0..250).map(instance_json).collect();
    let waiting = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (open, opened) = tokio::sync::watch::channel(false);
    let (w, p) = (Arc::clone(&waiting), Arc::clone(&peak));
    let stub = Stub::start(move |r, _| {
        if r.action() == "DescribeRegions" {
            return Reply::ok(client_wire_stub::regions_body(&[
                ("cn-hangzhou", ""),
                ("cn-beijing", ""),
                ("cn-shanghai", ""),
                ("cn-shenzhen", ""),
            ]));
        }
        let now = w.fetch_add(1, Ordering::SeqCst) + 1;
        p.fetch_max(now, Ordering::SeqCst);
        if now >= CAP {
            open.send_replace(true);
        }
        let mut opened = opened.clone();
        // Counted out before the answer is written (the client's next request can only
        // follow its answer, so the count never exceeds what the client has in flight), or
        // when the request is dropped unanswered.
        let counted = Waiting(Arc::clone(&w));
        let ready = Box::pin(async move {
            let _ = opened.wait_for(|open| *open).await;
            drop(counted);
        });
        Reply::When(ready, Box::new(page_of(&objects, r)))
    });
    let mut options = fast_options(&stub.url());
    options.max_in_flight = CAP;
    // One attempt each, waited for long: a client below the cap fails here by its timeout,
    // and no retry can pile up on the server.
    options.read_timeout = Duration::from_secs(30);
    options.request_timeout = Duration::from_secs(30);
    options.retry.max_attempts = 1;
    let client = client_with(client_wire_stub::ak(), options);
    let regions: Vec<String> = client
        .describe_regions()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.region_id)
        .collect();
    let results = fetch_regions(
        &client,
        &regions,
        &InstanceQuery::default(),
        Plan::default(),
    )
    .await;
    for (region, result) in results {
        assert_eq!(
            result.unwrap_or_else(|e| panic!("{region}: {e}")).len(),
            250
        );
    }
    assert_eq!(peak.load(Ordering::SeqCst), CAP, "the server's peak");
    assert_eq!(client.limiter_stats().peak_in_flight, CAP);
}

/// One request waiting on the server, counted until dropped.
struct Waiting(Arc<AtomicUsize>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
