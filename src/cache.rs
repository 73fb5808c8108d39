//! The last inventory of each profile and region on disk, shown at start-up while fresh data
//! loads. Only the API's objects and a timestamp are kept: never credentials.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::{Instance, Region};

/// Overrides the cache directory (tests, or a user who wants it elsewhere).
pub const ENV_DIR: &str = "ECS_TUI_CACHE_DIR";
/// Files of any other format (an older ecs-tui, a stray file) are ignored and replaced.
const FORMAT: &str = "ecs-tui-cache/1";

/// What was kept, and how old it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached<T> {
    pub value: T,
    pub age: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    #[must_use]
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Cache { root: root.into() }
    }

    /// `$ECS_TUI_CACHE_DIR`, else the platform cache dir (`~/.cache/ecs-tui` on Linux), with
    /// `namespace` below it (the demo keeps its own, apart from real accounts).
    #[must_use]
    pub fn from_env(namespace: Option<&str>) -> Option<Self> {
        let base = std::env::var_os(ENV_DIR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "ecs-tui").map(|d| d.cache_dir().to_owned())
            })?;
        Some(Cache::new(match namespace {
            Some(ns) => base.join(safe_name(ns)),
            None => base,
        }))
    }

    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn regions_path(&self, profile: &str) -> PathBuf {
        self.root.join(safe_name(profile)).join("regions.json")
    }

    fn instances_path(&self, profile: &str, region: &str) -> PathBuf {
        self.root
            .join(safe_name(profile))
            .join(format!("instances-{}.json", safe_name(region)))
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_regions(&self, profile: &str, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.regions_path(profile), contents)
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_instances(&self, profile: &str, region: &str, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.instances_path(profile, region), contents)
    }

    /// The kept region list, if there is a readable one.
    #[must_use]
    pub fn load_regions(&self, profile: &str, now: SystemTime) -> Option<Cached<Vec<Region>>> {
        load(&self.regions_path(profile), now, Region::from_raw)
    }

    /// The kept instances of `region`, if there is a readable file.
    #[must_use]
    pub fn load_instances(
        &self,
        profile: &str,
        region: &str,
        now: SystemTime,
    ) -> Option<Cached<Vec<Instance>>> {
        load(
            &self.instances_path(profile, region),
            now,
            Instance::from_raw,
        )
    }
}

/// A cache file's text: the format, when, and the objects exactly as the API sent them.
#[must_use]
pub fn encode<'a>(objects: impl IntoIterator<Item = &'a RawValue>, saved_at: SystemTime) -> String {
    let secs = saved_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut out = format!("{{\"format\":\"{FORMAT}\",\"saved_at\":{secs},\"objects\":[");
    for (i, raw) in objects.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(raw.get());
    }
    out.push_str("]}\n");
    out
}

#[derive(Deserialize)]
struct File {
    format: String,
    saved_at: u64,
    objects: Vec<Box<RawValue>>,
}

fn load<T>(
    path: &Path,
    now: SystemTime,
    parse: impl Fn(Box<RawValue>) -> Result<T, serde_json::Error>,
) -> Option<Cached<Vec<T>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::debug!(path = %path.display(), "cache unreadable: {e}");
            return None;
        }
    };
    let file: File = match serde_json::from_str(&text) {
        Ok(file) => file,
        Err(e) => {
            tracing::debug!(path = %path.display(), "cache ignored: {e}");
            return None;
        }
    };
    if file.format != FORMAT {
        tracing::debug!(path = %path.display(), format = file.format, "cache of another format ignored");
        return None;
    }
    let value = file
        .objects
        .into_iter()
        .map(parse)
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| tracing::debug!(path = %path.display(), "cache ignored: {e}"))
        .ok()?;
    let saved = UNIX_EPOCH + Duration::from_secs(file.saved_at);
    let age = now.duration_since(saved).unwrap_or_default();
    Some(Cached { value, age })
}

/// A name that is one plain path component, whatever the profile or region is called.
fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "%".into() } else { out }
}

/// Writes through a temporary file and a rename, so a reader never sees half a file; the
/// directories are 0700 and the file 0600.
fn write_private(root: &Path, path: &Path, contents: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    for d in [root, dir] {
        let mut builder = DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(d)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("cache");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options.open(&tmp).and_then(|mut file| {
        file.write_all(contents.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = result.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
