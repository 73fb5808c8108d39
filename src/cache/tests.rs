//! The cache's own tests: round trips, damaged files, parts, permissions, names.

use super::*;
use std::time::UNIX_EPOCH;

fn instance(id: &str) -> Instance {
    let text = format!(r#"{{"InstanceId":"{id}","Status":"Running","Zeta":1,"Alpha":[2]}}"#);
    Instance::from_raw(RawValue::from_string(text).expect("json")).expect("instance")
}

#[test]
fn round_trip_keeps_objects_byte_for_byte_and_tells_the_age() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let rows = [instance("i-1"), instance("i-2")];
    let saved = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let text = encode(rows.iter().map(|i| i.raw.as_ref()), saved);
    cache
        .save_instances("dev", "cn-hangzhou", &text)
        .expect("saved");
    let later = saved + Duration::from_secs(3 * 3600);
    let got = cache
        .load_instances("dev", "cn-hangzhou", later)
        .expect("loaded");
    assert_eq!(got.age, Duration::from_secs(3 * 3600));
    assert_eq!(got.value, rows);
    assert_eq!(got.value[0].raw.get(), rows[0].raw.get());
    assert!(cache.load_instances("dev", "cn-shanghai", later).is_none());
    assert!(cache.load_instances("prod", "cn-hangzhou", later).is_none());

    // Streamed to the file, the same text as encoded in memory.
    cache
        .save_instance_objects(
            "dev",
            "streamed",
            rows.iter().map(|i| i.raw.as_ref()),
            saved,
        )
        .expect("saved");
    let streamed = std::fs::read_to_string(cache.instances_path("dev", "streamed"));
    assert_eq!(streamed.expect("read"), text);
}

#[test]
fn corrupt_or_foreign_files_are_ignored_then_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let now = SystemTime::now();
    let path = cache.regions_path("dev");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    for junk in [
        "",
        "{not json",
        r#"{"format":"ecs-tui-cache/0","saved_at":1,"objects":[]}"#,
        r#"{"format":"ecs-tui-cache/1","saved_at":1,"objects":[1,2]}"#,
        "{\"format\":\"ecs-tui-cache/2\",\"saved_at\":1}\n1\n2\n",
        "{\"format\":\"ecs-tui-cache/2\",\"saved_at\":1}\n{\"RegionId\":\"a\"}\n{\"RegionId\n",
        r#"[1,2,3]"#,
    ] {
        std::fs::write(&path, junk).expect("write");
        assert!(cache.load_regions("dev", now).is_none(), "{junk:?}");
    }
    let region = RawValue::from_string(r#"{"RegionId":"cn-hangzhou"}"#.into()).expect("raw");
    cache
        .save_regions("dev", &encode([region.as_ref()], now))
        .expect("replaced");
    let got = cache.load_regions("dev", now).expect("loaded");
    assert_eq!(got.value[0].region_id, "cn-hangzhou");
}

#[test]
fn objects_stream_in_order_and_stop_at_a_bad_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let now = SystemTime::now();
    let mut text = encode(
        [instance("i-1").raw.as_ref(), instance("i-2").raw.as_ref()],
        now,
    );
    text.push_str("{\"InstanceId\":\"i-3\"\n{\"InstanceId\":\"i-4\"}\n");
    cache
        .save_instances("dev", "cn-hangzhou", &text)
        .expect("saved");
    let read: Vec<_> = cache
        .open_instances("dev", "cn-hangzhou", now)
        .expect("opened")
        .collect();
    let ids: Vec<_> = read
        .iter()
        .map(|r| r.as_ref().map(|i| i.instance_id.as_str()))
        .collect();
    assert_eq!(ids[..2], [Ok("i-1"), Ok("i-2")]);
    // The bad third line ends the stream: i-4 after it is not trusted.
    assert_eq!(read.len(), 3);
    let error = read[2].as_ref().expect_err("bad line");
    assert!(error.contains("instances-cn-hangzhou.json"), "{error}");
    // Read whole, the file is refused.
    assert!(cache.load_instances("dev", "cn-hangzhou", now).is_none());

    let parts = |first| -> Vec<Vec<String>> {
        let objects = cache
            .open_instances("dev", "cn-hangzhou", now)
            .expect("opened");
        objects
            .parts(first)
            .map(|p| p.into_iter().map(|i| i.instance_id).collect())
            .collect()
    };
    // Parts already complete before the bad line are given; the rest is not.
    assert_eq!(parts(1), [vec!["i-1"], vec!["i-2"]]);
    // The bad line comes before the first part is complete: nothing is given.
    assert!(parts(3).is_empty());
}

#[test]
fn parts_double_and_an_empty_file_gives_one_empty_part() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let now = SystemTime::now();
    let rows: Vec<Instance> = (0..10).map(|n| instance(&format!("i-{n}"))).collect();
    let text = encode(rows.iter().map(|i| i.raw.as_ref()), now);
    cache.save_instances("dev", "big", &text).expect("saved");
    let objects = cache.open_instances("dev", "big", now).expect("opened");
    let parts: Vec<Vec<Instance>> = objects.parts(2).collect();
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    assert_eq!(sizes, [2, 4, 4]);
    assert_eq!(parts.concat(), rows);

    cache
        .save_instances("dev", "empty", &encode([], now))
        .expect("saved");
    let objects = cache.open_instances("dev", "empty", now).expect("opened");
    assert_eq!(
        objects.parts(2).collect::<Vec<_>>(),
        [Vec::<Instance>::new()]
    );
}

#[test]
fn line_breaks_inside_an_object_keep_it_on_its_line() {
    let pretty = "{\n  \"InstanceId\": \"i-1\",\r\n  \"InstanceName\": \"a\\nb\"\n}";
    let raw = RawValue::from_string(pretty.into()).expect("raw");
    let text = encode([raw.as_ref()], SystemTime::now());
    assert_eq!(text.lines().count(), 2, "{text}");
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    cache.save_instances("dev", "r", &text).expect("saved");
    let got = cache
        .load_instances("dev", "r", SystemTime::now())
        .expect("loaded");
    assert_eq!(got.value[0].instance_id, "i-1");
    // The escaped line break in the name is data and stays.
    assert_eq!(got.value[0].instance_name, "a\nb");
}

#[cfg(unix)]
#[test]
fn files_are_0600_in_0700_directories() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("cache");
    let cache = Cache::new(&root);
    cache
        .save_instances("prod", "cn-hangzhou", &encode([], SystemTime::now()))
        .expect("saved");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    let file = cache.instances_path("prod", "cn-hangzhou");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().expect("dir")), 0o700);
    assert_eq!(mode(&root), 0o700);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().expect("dir"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn odd_names_stay_inside_the_cache() {
    let cache = Cache::new("/c");
    assert_eq!(
        cache.instances_path("../../etc", "a/b"),
        PathBuf::from("/c/%2E%2E%2F%2E%2E%2Fetc/instances-a%2Fb.json")
    );
    assert_eq!(safe_name(""), "%");
}

#[test]
fn a_time_beyond_the_clock_is_no_age_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let path = cache.regions_path("dev");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let text = format!(
        "{{\"format\":\"{FORMAT}\",\"saved_at\":{},\"count\":1}}\n{{\"RegionId\":\"a\"}}\n",
        u64::MAX
    );
    std::fs::write(&path, text).expect("write");
    let got = cache.load_regions("dev", SystemTime::now()).expect("read");
    assert_eq!(got.age, Duration::ZERO);
    assert_eq!(got.value[0].region_id, "a");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_place_of_a_file_is_ignored_without_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let path = cache.regions_path("dev");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    assert!(cache.load_regions("dev", SystemTime::now()).is_none());
    std::fs::remove_file(&path).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
    assert!(cache.load_regions("dev", SystemTime::now()).is_none());
}

#[test]
fn a_line_longer_than_the_cap_ends_the_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let mut text = encode([instance("i-1").raw.as_ref()], SystemTime::now());
    // One object whose line never ends within the cap: `{"InstanceId":"xxxx…`.
    text.push_str("{\"InstanceId\":\"");
    let cap = usize::try_from(objects::MAX_LINE).expect("fits");
    text.push_str(&"x".repeat(cap));
    cache.save_instances("dev", "r", &text).expect("saved");
    let read: Vec<_> = cache
        .open_instances("dev", "r", SystemTime::now())
        .expect("opened")
        .collect();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].as_ref().map(|i| i.instance_id.as_str()), Ok("i-1"));
    let error = read[1].as_ref().expect_err("cut");
    assert!(error.contains("a line longer than 64 MB"), "{error}");
}
