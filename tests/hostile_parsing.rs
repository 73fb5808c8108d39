//! Property tests: whatever the service, a proxy or a hand-edited file sends, the parsers
//! answer with a value or a clean error, never a panic, never a quoted secret; the signer's
//! encoder round-trips and its canonical order does not depend on the input order.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use ecs_tui::api::model::parse_api_time;
use ecs_tui::api::{Instance, clock, parse, sign};
use ecs_tui::config;
use proptest::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text with everything a hostile field can hold: controls, escapes, bidi overrides, wide and
/// combining characters, quotes and backslashes.
fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            Just('\u{1b}'),
            Just('\u{202E}'),
            Just('\u{2066}'),
            Just('\u{0}'),
            Just('"'),
            Just('\\'),
            Just('名'),
            Just('\u{301}'),
            Just('\n'),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Any JSON value, nested a few levels, keys drawn partly from the fields ecs-tui reads.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("InstanceId".to_owned()),
        Just("InstanceName".to_owned()),
        Just("Status".to_owned()),
        Just("Cpu".to_owned()),
        Just("Memory".to_owned()),
        Just("Tags".to_owned()),
        Just("Tag".to_owned()),
        Just("IpAddress".to_owned()),
        Just("VpcAttributes".to_owned()),
        Just("PrivateIpAddress".to_owned()),
        Just("EipAddress".to_owned()),
        Just("CreationTime".to_owned()),
        Just("ExpiredTime".to_owned()),
        Just("Instances".to_owned()),
        Just("Instance".to_owned()),
        Just("Regions".to_owned()),
        Just("Region".to_owned()),
        Just("TotalCount".to_owned()),
        Just("NextToken".to_owned()),
        nasty_text(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        nasty_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A plausible page with any values where the instances go.
fn page_around(instances: &[Value], total: &Value) -> String {
    serde_json::json!({
        "RequestId": "R", "TotalCount": total, "NextToken": "",
        "Instances": {"Instance": instances},
    })
    .to_string()
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn any_text_as_a_body_is_a_value_or_an_error(body in nasty_text()) {
        let _ = parse::instances_page(&body);
        let _ = parse::regions(&body);
        let _ = parse_api_time(&body);
        let _ = clock::parse_http_date(&body);
    }

    #[test]
    fn any_bytes_as_a_body_are_decoded_then_parsed(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        // The client reads bodies with replacement characters for invalid UTF-8 (reqwest's
        // `text()`), so this is what the parsers see.
        let body = String::from_utf8_lossy(&bytes);
        let _ = parse::instances_page(&body);
        let _ = parse::regions(&body);
    }

    #[test]
    fn any_json_where_instances_go_never_panics(
        instances in prop::collection::vec(json_value(), 0..4),
        total in json_value(),
    ) {
        let body = page_around(&instances, &total);
        if let Ok(page) = parse::instances_page(&body) {
            // What was read is what was sent: the raw objects are kept byte for byte.
            prop_assert_eq!(page.instances.len(), instances.len());
            for (got, sent) in page.instances.iter().zip(&instances) {
                prop_assert_eq!(got.raw.get(), sent.to_string());
                prop_assert!(sent.is_object());
            }
        }
        let regions = serde_json::json!({"Regions": {"Region": instances}}).to_string();
        let _ = parse::regions(&regions);
    }

    #[test]
    fn any_json_object_is_an_instance_or_an_error(value in json_value()) {
        let raw = RawValue::from_string(value.to_string()).unwrap();
        let instance = Instance::from_raw(raw);
        prop_assert_eq!(instance.is_ok() || !value.is_object(), true, "an object is always readable");
        if let Ok(instance) = instance {
            prop_assert!(value.is_object());
            // Only string fields become names: a name is never made up from another type.
            match value.get("InstanceName") {
                Some(Value::String(name)) => prop_assert_eq!(&instance.instance_name, name),
                Some(Value::Null) | None => prop_assert_eq!(&instance.instance_name, ""),
                Some(_) => {}
            }
            let _ = instance.memory_gib();
            let _ = instance.public_address();
            let _ = instance.expires();
        }
    }

    #[test]
    fn percent_encoding_round_trips_and_uses_only_unreserved_characters(text in nasty_text()) {
        let encoded = sign::percent_encode(&text);
        let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), text.as_str());
        let mut rest = encoded.as_str();
        while let Some(c) = rest.chars().next() {
            if c == '%' {
                let hex = rest.get(1..3).unwrap_or("");
                prop_assert!(hex.len() == 2 && hex.chars().all(|h| h.is_ascii_digit() || ('A'..='F').contains(&h)), "{}", encoded);
                rest = &rest[3..];
            } else {
                prop_assert!(c.is_ascii_alphanumeric() || "-_.~".contains(c), "{}", encoded);
                rest = &rest[1..];
            }
        }
    }

}

proptest! {
    #![proptest_config(cases(48))]
    #[test]
    fn the_canonical_query_is_sorted_complete_and_order_independent(
        mut pairs in prop::collection::vec((nasty_text(), nasty_text()), 0..8),
        seed in any::<u64>(),
    ) {
        // Distinct names, as a request has.
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        let query = sign::canonicalized_query(&pairs);
        let mut shuffled = pairs.clone();
        let len = shuffled.len().max(1);
        for i in 0..shuffled.len() {
            shuffled.swap(i, usize::try_from(seed.rotate_left(u32::try_from(i).unwrap()) % len as u64).unwrap());
        }
        prop_assert_eq!(&sign::canonicalized_query(&shuffled), &query);
        let expected: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "Signature").collect();
        let parts: Vec<(String, String)> = if query.is_empty() {
            Vec::new()
        } else {
            query
                .split('&')
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap();
                    let d = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned();
                    (d(k), d(v))
                })
                .collect()
        };
        if expected.is_empty() {
            // An empty name and value still make a lone `=`.
            prop_assert!(parts.is_empty());
        } else {
            prop_assert_eq!(&parts, &expected, "every pair once, sorted by raw name");
        }
    }
}

const SECRET: &str = "HostileSecretVal-9f3e";

fn debug(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}")
}

/// Lines a hand-edited config may hold, good and bad.
fn config_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[profiles.dev]".to_owned()),
        Just("[profiles.\"we ird\"]".to_owned()),
        Just("[profiles]".to_owned()),
        Just("[ui]".to_owned()),
        Just(format!("access_key_secret = \"{SECRET}\"")),
        Just(format!("sts_token = \"{SECRET}\"")),
        Just("access_key_id = \"LTAI5tOk\"".to_owned()),
        Just("mode = \"StsToken\"".to_owned()),
        Just("mode = \"Bogus\"".to_owned()),
        Just("region_id = 7".to_owned()),
        Just("expired_seconds = \"soon\"".to_owned()),
        Just("expired_seconds = -1".to_owned()),
        Just("default_profile = \"nope\"".to_owned()),
        Just("refresh_interval = \"0s\"".to_owned()),
        Just("columns = [1, 2]".to_owned()),
        Just("acess_key_id = \"typo\"".to_owned()),
        Just("x = { y = [ [ [ ] ] ] }".to_owned()),
        Just("= =".to_owned()),
        nasty_text(),
    ]
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn any_config_is_a_config_or_an_error_naming_the_file_and_never_the_secret(
        lines in prop::collection::vec(config_line(), 0..12),
    ) {
        let text = lines.join("\n");
        let path = Path::new("/home/me/.config/ecs-tui/config.toml");
        match config::parse(&text, path) {
            Ok(parsed) => {
                prop_assert!(!debug(&parsed).contains(SECRET));
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("/home/me/.config/ecs-tui/config.toml"), "{}", message);
                prop_assert!(!message.contains(SECRET), "{}", message);
                prop_assert!(!debug(&e).contains(SECRET));
            }
        }
    }

    #[test]
    fn any_aliyun_cli_config_is_read_or_refused_naming_the_file(
        value in json_value(),
        junk in nasty_text(),
    ) {
        let path = Path::new("/home/me/.aliyun/config.json");
        let with_secret = serde_json::json!({"current": "p", "profiles": [
            {"name": "p", "mode": "AK", "access_key_id": "LTAI5t", "access_key_secret": SECRET,
             "expired_seconds": value.clone(), "region_id": value.clone()},
            value,
        ]})
        .to_string();
        for text in [with_secret.clone(), format!("{with_secret}{junk}"), junk.clone()] {
            match config::aliyun_cli::parse(&text, path) {
                Ok(parsed) => prop_assert!(!debug(&parsed).contains(SECRET)),
                Err(message) => {
                    prop_assert!(message.starts_with("/home/me/.aliyun/config.json:"), "{}", message);
                    prop_assert!(!message.contains(SECRET), "{}", message);
                }
            }
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for depth in [200, 10_000, 100_000] {
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = format!(r#"{{"Instances":{{"Instance":[{{"InstanceName":{deep}}}]}}}}"#);
        // Refused past serde_json's depth limit; below it, a nested value where a name belongs
        // is read as no name. Either way: no panic, no overflow, no junk shown.
        if let Ok(page) = parse::instances_page(&body) {
            assert!(
                page.instances.iter().all(|i| i.instance_name.is_empty()),
                "depth {depth}"
            );
        }
        let object = format!(
            r#"{{"Tags":{}}}"#,
            "{\"Tag\":".repeat(depth) + &"}".repeat(depth)
        );
        assert!(
            parse::instances_page(&format!(r#"{{"Instances":{{"Instance":[{object}]}}}}"#))
                .is_err()
        );
        let config = format!("x = {}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(
            config::parse(&config, Path::new("c.toml")).is_err(),
            "depth {depth}"
        );
        assert!(config::aliyun_cli::parse(&deep, Path::new("c.json")).is_err());
    }
}

#[test]
fn a_field_named_twice_is_refused_not_guessed() {
    // Found by the `instance_object` fuzz target: JSON allows a repeated name, and which of
    // the two values the service meant cannot be known.
    let body = r#"{"Instances":{"Instance":[{"InstanceId":"i-1","Cpu":4,"Cpu":8}]}}"#;
    let e = parse::instances_page(body).unwrap_err();
    assert!(e.to_string().starts_with("duplicate field `Cpu`"), "{e}");
    // Names ecs-tui does not read may repeat.
    let body = r#"{"Instances":{"Instance":[{"InstanceId":"i-1","X":1,"X":2}]}}"#;
    assert_eq!(
        parse::instances_page(body).unwrap().instances[0].instance_id,
        "i-1"
    );
}

#[test]
fn a_number_beyond_a_double_in_a_read_field_is_refused() {
    // Also found by `instance_object`.
    let body = r#"{"Instances":{"Instance":[{"InstanceId":"i-1","HostName":4e+99999}]}}"#;
    let e = parse::instances_page(body).unwrap_err();
    assert!(e.to_string().starts_with("number out of range"), "{e}");
}

#[test]
fn huge_fields_are_kept_whole() {
    let name = "n".repeat(4 << 20);
    let body = page_around(
        &[serde_json::json!({"InstanceId": "i-1", "InstanceName": name})],
        &Value::from(1),
    );
    let page = parse::instances_page(&body).unwrap();
    assert_eq!(page.instances[0].instance_name.len(), 4 << 20);
}

#[test]
fn wrong_types_in_known_fields_leave_the_rest_readable() {
    // Every field ecs-tui reads, some with the wrong type: the page parses, the well-typed
    // fields keep their values and the wrong ones read as empty (not a parse that gives up).
    let body = page_around(
        &[serde_json::json!({
            "InstanceId": "i-1", "InstanceName": 5, "Cpu": "two", "Memory": -1,
            "Tags": "none", "VpcAttributes": [], "CreationTime": {"x": 1},
            "PublicIpAddress": {"IpAddress": "1.2.3.4"},
            "Status": "Running", "ZoneId": "cn-hangzhou-k", "InstanceType": "ecs.g7.large",
            "EipAddress": {"IpAddress": "47.1.2.3"},
            "SecurityGroupIds": {"SecurityGroupId": ["sg-1"]},
        })],
        &Value::from(1),
    );
    let page = parse::instances_page(&body).expect("wrong types in an instance are not fatal");
    assert_eq!(page.total_count, 1);
    assert_eq!(page.request_id, "R");
    let [i] = page.instances.as_slice() else {
        panic!("{:?}", page.instances)
    };
    assert_eq!(i.instance_id, "i-1");
    assert_eq!(i.status, "Running");
    assert_eq!(i.zone_id, "cn-hangzhou-k");
    assert_eq!(i.instance_type, "ecs.g7.large");
    assert_eq!(i.eip.as_deref(), Some("47.1.2.3"));
    assert_eq!(i.security_group_ids, ["sg-1"]);
    // The wrong ones: a number read as its text, the rest empty.
    assert_eq!(i.instance_name, "5");
    assert_eq!((i.cpu, i.memory_mib), (0, 0));
    assert!(i.tags.is_empty() && i.private_ips.is_empty());
    assert_eq!(i.creation_time, None);
    assert_eq!(i.public_ips, ["1.2.3.4"]);
}
