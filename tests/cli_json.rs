//! `--output json` gives back the API's objects untouched: every field, byte for byte.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use client_wire_stub::cli::Sandbox;
use client_wire_stub::{Reply, Stub, instance_json, page_of, regions_body};
use serde_json::value::RawValue;

/// Objects no model knows all of: unknown fields, odd spacing, Unicode, escapes, nesting.
fn odd_objects() -> Vec<String> {
    vec![
        r#"{ "InstanceId" : "i-odd-1" ,  "InstanceName":"名字 \u00e9\"q\"", "Unknown":{"Deep":[1, 2.50, {"x":null}],"Flag":true} }"#.to_owned(),
        r#"{"InstanceId":"i-odd-2","Memory":0.5e3,"Cpu":"2","Tags":{"Tag":[{"TagKey":"k","TagValue":"v","Extra":"🙂"}]},"EipAddress":{"IpAddress":[]}}"#.to_owned(),
        "{\n  \"InstanceId\": \"i-odd-3\",\n\t\"CreationTime\": \"2017-12-10T04:04Z\",\n  \"Big\": 12345678901234567890123\n}".to_owned(),
    ]
}

fn printed_objects(stdout: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(stdout).unwrap();
    let list: Vec<Box<RawValue>> = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("stdout is not one JSON array ({e}): {text}"));
    list.iter().map(|r| r.get().to_owned()).collect()
}

#[test]
fn instances_json_is_the_api_objects_byte_for_byte() {
    // Enough objects for two pages, the odd ones on both.
    let mut objects = odd_objects();
    objects.extend((0..100).map(instance_json));
    objects.push(odd_objects()[0].replace("i-odd-1", "i-odd-4"));
    let list = objects.clone();
    let stub = Stub::start(move |r, _| page_of(&list, r));
    let sandbox = Sandbox::new();
    let out = sandbox
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(printed_objects(&out.stdout), objects);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn all_regions_json_is_every_region_in_describe_regions_order() {
    let regions = [("cn-b", ""), ("cn-a", ""), ("cn-c", "")];
    let per_region = |region: &str| -> Vec<String> {
        let mut v = odd_objects();
        for o in &mut v {
            *o = o.replace("i-odd", &format!("i-{region}"));
        }
        v
    };
    let stub = Stub::start(move |r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&regions)),
        _ => {
            let region = r.get("RegionId").unwrap();
            // The first region answers last, so output order cannot follow arrival order.
            let reply = page_of(&per_region(region), r);
            if region == "cn-b" {
                Reply::After(std::time::Duration::from_millis(100), Box::new(reply))
            } else {
                reply
            }
        }
    });
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["instances", "--all-regions", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<String> = ["cn-b", "cn-a", "cn-c"]
        .into_iter()
        .flat_map(per_region)
        .collect();
    assert_eq!(printed_objects(&out.stdout), expected);
}

#[test]
fn regions_json_is_the_raw_region_objects() {
    let region = r#"{"RegionId":"cn-hangzhou", "RegionEndpoint":"ecs-cn-hangzhou.aliyuncs.com","LocalName":"华东1（杭州）","Status":"available","New":{"a":[]}}"#;
    // A second region of its own: a region listed twice is listed once (issue 13 item 13).
    let other = region.replace("cn-hangzhou", "cn-shanghai");
    let body = format!(r#"{{"RequestId":"R","Regions":{{"Region":[{region},{other}]}}}}"#);
    let stub = Stub::start(move |_, _| Reply::ok(body.clone()));
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["regions", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(printed_objects(&out.stdout), [region, other.as_str()]);
}

#[test]
fn no_match_is_an_empty_array() {
    let stub = Stub::start(|r, _| page_of(&[], r));
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(printed_objects(&out.stdout).is_empty());
}
