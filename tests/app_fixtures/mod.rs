//! Shared fixtures for the browser's tests: profiles, regions, instances, errors, a fixed clock.
#![allow(dead_code, clippy::unwrap_used)]

mod screen;

use std::time::{Duration, Instant};

use ecs_tui::api::{ApiError, Error, Instance, Region};
use ecs_tui::app::{Action, App, Command, ProfileInfo};
use serde_json::value::RawValue;

#[allow(unused_imports)] // in the tests that draw nothing
pub use screen::*;

pub fn profiles() -> Vec<ProfileInfo> {
    vec![
        ProfileInfo {
            name: "dev".into(),
            source: "/home/me/.config/ecs-tui/config.toml".into(),
            mode: "AK".into(),
            region_id: Some("cn-hangzhou".into()),
            masked_key_id: "LTAI****x7Qa".into(),
            problem: None,
        },
        ProfileInfo {
            name: "prod".into(),
            source: "environment".into(),
            mode: "StsToken".into(),
            region_id: Some("cn-shanghai".into()),
            masked_key_id: "STS.****9kLm".into(),
            problem: None,
        },
    ]
}

pub fn region(id: &str, local: &str) -> Region {
    let raw = serde_json::json!({"RegionId": id, "LocalName": local, "RegionEndpoint": ""});
    Region::from_raw(RawValue::from_string(raw.to_string()).unwrap()).unwrap()
}

pub fn regions() -> Vec<Region> {
    vec![
        region("cn-hangzhou", "华东1（杭州）"),
        region("cn-shanghai", "华东2（上海）"),
        region("cn-beijing", "华北2（北京）"),
        region("ap-southeast-1", "Singapore"),
    ]
}

pub fn instance(n: usize, region: &str, status: &str) -> Instance {
    let raw = serde_json::json!({
        "InstanceId": format!("i-bp1{n:017}"),
        "InstanceName": format!("web-{n:02}"),
        "Status": status,
        "InstanceType": "ecs.g7.large",
        "Cpu": 2,
        "Memory": 8192,
        "RegionId": region,
        "ZoneId": format!("{region}-h"),
        "VpcAttributes": {"PrivateIpAddress": {"IpAddress": [format!("10.0.{}.{}", n / 250, n % 250 + 1)]}},
        "PublicIpAddress": {"IpAddress": if n.is_multiple_of(3) { vec![format!("47.96.0.{}", n % 250 + 1)] } else { vec![] }},
        "EipAddress": {"IpAddress": ""},
        "CreationTime": "2024-03-01T08:30Z",
        "InstanceChargeType": if n.is_multiple_of(4) { "PrePaid" } else { "PostPaid" },
        "ExpiredTime": if n.is_multiple_of(4) { "2026-03-01T16:00Z" } else { "2099-12-31T15:59Z" },
    });
    Instance::from_raw(RawValue::from_string(raw.to_string()).unwrap()).unwrap()
}

/// `count` instances, most Running, some Stopped, one Starting.
pub fn instances(count: usize, region: &str) -> Vec<Instance> {
    (0..count)
        .map(|n| {
            let status = match n % 7 {
                3 | 5 => "Stopped",
                6 if n == 6 => "Starting",
                _ => "Running",
            };
            instance(n, region, status)
        })
        .collect()
}

pub fn forbidden() -> Error {
    Error::Api(Box::new(ApiError {
        http_status: 403,
        code: "Forbidden.RAM".into(),
        message: "User not authorized to operate on the specified resource.".into(),
        request_id: "7A1B2C3D-0000-4E5F-8A9B-123456789ABC".into(),
        host_id: "ecs.cn-beijing.aliyuncs.com".into(),
        recommend: String::new(),
        key_origin: None,
    }))
}

/// The fixed start of every test's clock.
pub fn t0() -> Instant {
    static T0: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *T0.get_or_init(|| Instant::now() + Duration::from_secs(3600))
}

pub fn app_at(t: Instant, size: (u16, u16)) -> App {
    App::new(profiles(), 0, None, t, size)
}

pub fn fetch_generation(commands: &[Command], want_region: &str) -> u64 {
    commands
        .iter()
        .find_map(|c| match c {
            Command::FetchInstances {
                region, generation, ..
            } if region == want_region => Some(*generation),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no FetchInstances for {want_region} in {commands:?}"))
}

pub fn regions_generation(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|c| match c {
            Command::FetchRegions { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no FetchRegions in {commands:?}"))
}

pub fn instances_loaded(region: &str, generation: u64, rows: Vec<Instance>) -> Action {
    Action::InstancesLoaded {
        profile: "dev".into(),
        region: region.into(),
        generation,
        result: Ok(rows.into()),
    }
}

pub fn instances_failed(region: &str, generation: u64, error: Error) -> Action {
    Action::InstancesLoaded {
        profile: "dev".into(),
        region: region.into(),
        generation,
        result: Err(error),
    }
}

/// An app that has started, got its regions, and loaded `count` instances in cn-hangzhou.
pub fn loaded_app(t: Instant, size: (u16, u16), count: usize) -> App {
    let mut app = app_at(t, size);
    let start = app.start();
    let regions_gen = regions_generation(&start);
    let hz = fetch_generation(&start, "cn-hangzhou");
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_gen,
        result: Ok(regions()),
    });
    app.update(instances_loaded(
        "cn-hangzhou",
        hz,
        instances(count, "cn-hangzhou"),
    ));
    app
}

/// `loaded_app` with no rows, refreshed, and `rows` as cn-hangzhou's answer.
pub fn app_with_rows(size: (u16, u16), rows: Vec<Instance>) -> App {
    let mut app = loaded_app(t0(), size, 0);
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(instances_loaded("cn-hangzhou", generation, rows));
    app
}

/// The state `secs` after `t0()`, once a tick has passed (flashes expire, ages move on).
pub fn later(mut app: App, secs: u64) -> App {
    app.set_now(t0() + Duration::from_secs(secs));
    app.update(Action::Tick);
    app
}

/// The ID of the table's selected row.
pub fn selected_id(app: &App) -> String {
    app.current_view()
        .and_then(|v| v.selected_instance())
        .map(|i| i.instance_id.clone())
        .expect("an instance is selected")
}

/// `count` instances made cheaply (clones with their own IDs), for inventories too big to
/// build through JSON in a debug test.
pub fn many(count: usize, region: &str) -> Vec<Instance> {
    let proto = instances(7, region);
    (0..count)
        .map(|n| {
            let mut i = proto[n % 7].clone();
            i.instance_id = format!("i-bp1{n:017}");
            i.instance_name = format!("web-{n:02}");
            i
        })
        .collect()
}
