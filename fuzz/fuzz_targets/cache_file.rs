//! Any bytes as a cache file: read whole, in parts or one object at a time, never a panic;
//! the three agree (the parts are the whole, and a file refused whole gives no first part
//! unless it was complete); the objects read, written back, read back the same.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ecs_tui::cache::{Cache, encode};
use libfuzzer_sys::fuzz_target;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("ecs-tui-fuzz-cache-{}", std::process::id()));
        std::fs::create_dir_all(root.join("dev")).expect("mkdir");
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let cache = Cache::new(root());
    std::fs::write(root().join("dev/instances-r.json"), data).expect("write");
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let whole = cache.load_instances("dev", "r", now);
    let one_by_one: Option<Vec<_>> = cache.open_instances("dev", "r", now).map(|o| o.collect());
    let parts: Option<Vec<Vec<_>>> = cache
        .open_instances("dev", "r", now)
        .map(|o| o.parts(3).collect());
    // No usable header: nothing either way. A bad line later: refused whole only.
    assert!(whole.is_none() || one_by_one.is_some());
    if let (Some(whole), Some(parts)) = (&whole, &parts) {
        assert_eq!(&parts.concat(), &whole.value, "parts are the whole");
        // Written back and read back: the same objects, byte for byte.
        let text = encode(
            whole.value.iter().map(|i| i.raw.as_ref()),
            SystemTime::now(),
        );
        cache.save_instances("dev", "again", &text).expect("saved");
        let again = cache
            .load_instances("dev", "again", now)
            .expect("our own file");
        assert_eq!(again.value, whole.value);
        for (a, b) in again.value.iter().zip(&whole.value) {
            assert_eq!(a.raw.get(), b.raw.get());
        }
    }
    if let (None, Some(items)) = (&whole, &one_by_one) {
        // Refused whole: some line was bad, and it ended the reading.
        assert!(matches!(items.last(), Some(Err(_))), "a bad last item");
        assert_eq!(items.iter().filter(|r| r.is_err()).count(), 1);
    }
});
