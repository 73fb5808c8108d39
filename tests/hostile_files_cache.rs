//! The cache directory: ecs-tui never changes the mode of a directory it did not create,
//! refuses one that others can write, and sweeps what killed writers and old accounts leave.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use std::fs::{File, Permissions};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::time::{Duration, SystemTime};

use ecs_tui::cache::{Cache, STALE_ACCOUNT, STALE_TEMP, process_alive};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn touch(path: &Path, age: Duration) {
    std::fs::write(path, "x").unwrap();
    let file = File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

const REGIONS: &str =
    "{\"format\":\"ecs-tui-cache/2\",\"saved_at\":1,\"count\":1}\n{\"RegionId\":\"planted\"}\n";

#[test]
fn an_existing_directory_keeps_its_mode_and_new_ones_are_0700() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o755)).unwrap();
    let cache = Cache::new(dir.path());
    cache.save_state("{}").unwrap();
    cache.save_regions("dev@abc", REGIONS).unwrap();
    assert_eq!(mode(dir.path()), 0o755, "not ecs-tui's to change");
    assert_eq!(mode(&dir.path().join("dev@abc")), 0o700);
    assert_eq!(mode(&cache.state_path()), 0o600);

    let fresh = dir.path().join("new/cache");
    Cache::new(&fresh).save_state("{}").unwrap();
    assert_eq!(mode(&fresh), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
}

#[test]
fn a_directory_others_can_write_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // A planted region list, as someone else could leave in /tmp.
    std::fs::create_dir(dir.path().join("dev@abc")).unwrap();
    std::fs::write(dir.path().join("dev@abc/regions.json"), REGIONS).unwrap();
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o1777)).unwrap();
    let cache = Cache::new(dir.path());

    let error = cache.save_state("{}").unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "{}: other users can write this directory (mode 1777), so ecs-tui keeps no cache \
             there; point ECS_TUI_CACHE_DIR at a directory of your own (a new one is created 0700)",
            dir.path().display()
        )
    );
    assert_eq!(mode(dir.path()), 0o1777, "the sticky bit stays");
    assert!(!cache.state_path().exists());
    assert!(cache.load_regions("dev@abc", SystemTime::now()).is_none());
    assert!(!cache.trusted());

    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o700)).unwrap();
    let regions = cache.load_regions("dev@abc", SystemTime::now()).unwrap();
    assert_eq!(
        regions.value[0].region_id, "planted",
        "readable once private"
    );
}

#[test]
fn temporary_files_of_dead_writers_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    cache.save_regions("dev@abc", REGIONS).unwrap();
    let account = dir.path().join("dev@abc");
    // A writer that has exited: its PID is no longer running.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    assert!(!process_alive(dead));
    let live = std::process::id(); // this test process: alive
    let dead_tmp = account.join(format!(".instances-cn-hangzhou.json.{dead}.tmp"));
    let dead_state = dir.path().join(format!(".state.json.{dead}.tmp"));
    let live_tmp = account.join(".instances-cn-beijing.json.1.tmp");
    let old_tmp = account.join(".instances-cn-qingdao.json.1.tmp");
    touch(&dead_tmp, Duration::ZERO);
    touch(&dead_state, Duration::ZERO);
    touch(&live_tmp, Duration::ZERO);
    touch(&old_tmp, STALE_TEMP + Duration::from_secs(60));
    let alive = |pid: u32| pid == 1 || pid == live || process_alive(pid);

    let swept = cache.sweep(SystemTime::now(), &alive);
    assert_eq!(swept.temp_files, 3, "{swept:?}");
    assert!(!dead_tmp.exists() && !dead_state.exists() && !old_tmp.exists());
    assert!(
        live_tmp.exists(),
        "a live writer's file stays while it is fresh"
    );
    assert!(
        account.join("regions.json").exists(),
        "the cache itself stays"
    );
}

#[test]
fn accounts_not_written_for_a_month_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let old = dir.path().join("demo@0123456789ab");
    let recent = dir.path().join("dev@abc");
    let users = dir.path().join("someone@host");
    for d in [&old, &recent, &users] {
        std::fs::create_dir(d).unwrap();
    }
    let month = STALE_ACCOUNT + Duration::from_secs(3600);
    touch(&old.join("regions.json"), month);
    touch(&old.join("instances-cn-hangzhou.json"), month);
    touch(&recent.join("regions.json"), month);
    touch(&recent.join("instances-cn-hangzhou.json"), Duration::ZERO);
    touch(&users.join("notes.txt"), month);

    let swept = cache.sweep(SystemTime::now(), &process_alive);
    assert_eq!(swept.accounts, 1, "{swept:?}");
    assert!(!old.exists());
    assert!(recent.join("regions.json").exists());
    assert!(
        users.join("notes.txt").exists(),
        "not a cache directory: kept"
    );
}
