//! Exit statuses, the one-line errors on stderr, and the table and CSV outputs.
#![allow(clippy::unwrap_used)]

mod client_wire_stub;

use client_wire_stub::cli::Sandbox;
use client_wire_stub::{Reply, SECRET, Stub, TOKEN, instance_json, page_of, regions_body};
use unicode_width::UnicodeWidthStr as _;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn inventory(n: usize) -> Vec<String> {
    (0..n).map(instance_json).collect()
}

#[test]
fn success_is_exit_0() {
    let list = inventory(3);
    let stub = Stub::start(move |r, _| page_of(&list, r));
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty());
    assert!(text(&out.stdout).contains("i-000002"));
}

#[test]
fn an_api_error_is_exit_1_with_one_line_saying_what_to_do() {
    let stub = Stub::start(|_, _| {
        Reply::error(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
            "5D3E1C2A-0000-4B3A-9A2D-0123456789AB",
        )
    });
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {}",
        text(&out.stdout)
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in [
        "InvalidAccessKeyId.NotFound: Specified access key is not found.",
        "(RequestId 5D3E1C2A-0000-4B3A-9A2D-0123456789AB)",
        "cn-hangzhou",
        "Hint: ",
        // The sandbox signs with the environment's keys: the hint names that variable.
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
    ] {
        assert!(stderr.contains(part), "{part:?} missing from {stderr}");
    }
}

#[test]
fn a_failed_region_is_named_while_the_others_are_printed() {
    let regions = [("cn-a", ""), ("cn-bad", ""), ("cn-c", "")];
    let stub = Stub::start(move |r, _| match (r.action(), r.get("RegionId")) {
        ("DescribeRegions", _) => Reply::ok(regions_body(&regions)),
        (_, Some("cn-bad")) => {
            Reply::error(403, "Forbidden.RAM", "User not authorized.", "REQ-BAD")
        }
        (_, Some(region)) => {
            let id = format!("i-in-{region}");
            page_of(
                &[format!(r#"{{"InstanceId":"{id}","RegionId":"{region}"}}"#)],
                r,
            )
        }
        _ => Reply::Json(400, "{}".into()),
    });
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .args(["instances", "--all-regions", "-o", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("i-in-cn-a") && stdout.contains("i-in-cn-c"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    let named: Vec<&str> = stderr.lines().filter(|l| l.contains("cn-bad")).collect();
    assert_eq!(named.len(), 1, "{stderr}");
    assert!(
        named[0].contains("Forbidden.RAM") && named[0].contains("REQ-BAD"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("cn-a") && !stderr.contains("cn-c"),
        "{stderr}"
    );
}

#[test]
fn bad_usage_is_exit_2_before_any_call() {
    let stub = Stub::start(|r, _| page_of(&[], r));
    let sandbox = Sandbox::new();
    for args in [
        &["instances", "--region", "cn-hangzhou", "--tag", "=x"][..],
        &["instances", "--region", "cn-hangzhou", "--all-regions"],
        &["instances", "--region", "cn-hangzhou", "--output", "yaml"],
        &["instances", "--region", "not/a region"],
    ] {
        let out = sandbox.ecs_tui(&stub).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(stub.count(), 0, "usage errors make no API call");
}

#[test]
fn a_region_from_the_environment_does_not_conflict_with_all_regions() {
    let stub = Stub::start(|r, _| match r.action() {
        "DescribeRegions" => Reply::ok(regions_body(&[("cn-a", "")])),
        _ => page_of(&[], r),
    });
    let out = Sandbox::new()
        .ecs_tui(&stub)
        .env("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")
        .args(["instances", "--all-regions"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn csv_and_table_have_a_header_row() {
    let list = inventory(2);
    let stub = Stub::start(move |r, _| page_of(&list, r));
    let sandbox = Sandbox::new();
    for format in ["csv", "table"] {
        let out = sandbox
            .ecs_tui(&stub)
            .args(["instances", "--region", "cn-hangzhou", "--output", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{format}: {stdout}");
        assert!(lines[0].starts_with("ID"), "{format}: {stdout}");
        assert!(
            lines[0].contains("NAME") && lines[0].contains("STATUS"),
            "{stdout}"
        );
        assert!(lines[1].starts_with("i-000000") && lines[2].starts_with("i-000001"));
    }
    let out = sandbox
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou", "-o", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(headers.len(), first.len());
    let column = |name: &str| &first[headers.iter().position(|h| h == name).unwrap()];
    assert_eq!(column("MEM(GiB)"), "8");
    assert_eq!(column("PRIVATE IP"), "10.0.0.0");
}

#[test]
fn the_table_fits_80_columns() {
    let mut list = inventory(3);
    list.push(
        r#"{"InstanceId":"i-long","InstanceName":"an-instance-name-far-longer-than-any-column-should-be-名字","Status":"Running"}"#
            .to_owned(),
    );
    let stub = Stub::start(move |r, _| page_of(&list, r));
    let sandbox = Sandbox::new();
    let out = sandbox
        .ecs_tui(&stub)
        .env("COLUMNS", "80")
        .args(["instances", "--region", "cn-hangzhou"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in stdout.lines() {
        assert!(line.width() <= 80, "{} wide: {line}", line.width());
    }
    let header = stdout.lines().next().unwrap();
    for column in ["ID", "NAME", "STATUS"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(
        stdout.contains("i-long") && stdout.contains('…'),
        "{stdout}"
    );
    // Without a width (a pipe), nothing is dropped or cut.
    let out = sandbox
        .ecs_tui(&stub)
        .args(["instances", "--region", "cn-hangzhou"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().next().unwrap().contains("EXPIRES"),
        "{stdout}"
    );
    assert!(stdout.contains("-名字"), "{stdout}");
}

#[test]
fn secrets_stay_out_of_stderr_and_logs() {
    // SignatureDoesNotMatch quotes the server's string to sign, which holds the STS token.
    let stub = Stub::start(|r, _| {
        let unsigned: Vec<(String, String)> = r
            .params
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        let sts = ecs_tui::api::sign::string_to_sign(ecs_tui::api::sign::Method::Post, &unsigned);
        Reply::error(
            400,
            "SignatureDoesNotMatch",
            &format!("server string to sign is:{sts}"),
            "R",
        )
    });
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("ecs-tui.log");
    let out = sandbox
        .ecs_tui(&stub)
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)
        .arg("--log-file")
        .arg(&log)
        .args([
            "--log-level",
            "trace",
            "instances",
            "--region",
            "cn-hangzhou",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("SignatureDoesNotMatch"),
        "the failure is logged: {logged}"
    );
    for (name, shown) in [
        ("stdout", text(&out.stdout)),
        ("stderr", text(&out.stderr)),
        ("log", logged),
    ] {
        for needle in [SECRET, TOKEN, "CAIS", "Te5t", "Signature="] {
            assert!(!shown.contains(needle), "{needle:?} in {name}: {shown}");
        }
    }
}
