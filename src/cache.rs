//! The last inventory of each profile and region on disk, shown at start-up while fresh data
//! loads. Only the API's objects and a timestamp are kept: never credentials.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, BufRead as _, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::{Instance, Region};

/// Overrides the cache directory (tests, or a user who wants it elsewhere).
pub const ENV_DIR: &str = "ECS_TUI_CACHE_DIR";
/// Files of any other format (an older ecs-tui, a stray file) are ignored and replaced.
/// Version 2 holds one object per line, so the first screenful can be shown before the rest
/// of a big inventory is read.
const FORMAT: &str = "ecs-tui-cache/2";

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

    // `account` names whose answers these are: the worker passes
    // `Profile::account_key` (`NAME@FINGERPRINT`), so another endpoint or other keys under
    // the same profile name have files of their own.
    fn regions_path(&self, account: &str) -> PathBuf {
        self.root.join(safe_name(account)).join("regions.json")
    }

    fn instances_path(&self, account: &str, region: &str) -> PathBuf {
        self.root
            .join(safe_name(account))
            .join(format!("instances-{}.json", safe_name(region)))
    }

    /// Where the browser remembers where it was (see `crate::state`): beside the cache,
    /// with the same privacy.
    #[must_use]
    pub fn state_path(&self) -> PathBuf {
        self.root.join("state.json")
    }

    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_state(&self, contents: &str) -> io::Result<()> {
        write_private(&self.root, &self.state_path(), contents)
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

    /// Writes `objects` as the kept instances of `region`, straight to the file: an answer of
    /// 100,000 instances is ~200 MB of text, which is never held in memory whole.
    ///
    /// # Errors
    /// The directory or file cannot be written.
    pub fn save_instance_objects<'a, I>(
        &self,
        profile: &str,
        region: &str,
        objects: I,
        saved_at: SystemTime,
    ) -> io::Result<()>
    where
        I: IntoIterator<Item = &'a RawValue>,
        I::IntoIter: ExactSizeIterator,
    {
        let path = self.instances_path(profile, region);
        write_private_with(&self.root, &path, |out| {
            let mut out = io::BufWriter::with_capacity(1 << 16, out);
            encode_to(&mut out, objects, saved_at)?;
            out.flush()
        })
    }

    /// The kept region list, if there is a readable one.
    #[must_use]
    pub fn load_regions(&self, profile: &str, now: SystemTime) -> Option<Cached<Vec<Region>>> {
        Objects::open(&self.regions_path(profile), now, Region::from_raw)?.collect_all()
    }

    /// The kept instances of `region`, if there is a readable file.
    #[must_use]
    pub fn load_instances(
        &self,
        profile: &str,
        region: &str,
        now: SystemTime,
    ) -> Option<Cached<Vec<Instance>>> {
        self.open_instances(profile, region, now)?.collect_all()
    }

    /// How many instances each of `regions` had when last kept, read from the files'
    /// headers only (a region with no file, or a file without a count, is left out).
    #[must_use]
    pub fn counts(
        &self,
        profile: &str,
        regions: &[String],
        now: SystemTime,
    ) -> Vec<(String, usize)> {
        regions
            .iter()
            .filter_map(|region| {
                let objects = self.open_instances(profile, region, now)?;
                Some((region.clone(), objects.header_count?))
            })
            .collect()
    }

    /// The kept instances of `region`, read one at a time: the caller can show the first
    /// screenful of a 100,000-instance file without reading the rest first.
    #[must_use]
    pub fn open_instances(
        &self,
        profile: &str,
        region: &str,
        now: SystemTime,
    ) -> Option<Objects<Instance>> {
        Objects::open(
            &self.instances_path(profile, region),
            now,
            Instance::from_raw,
        )
    }
}

type Parse<T> = fn(Box<RawValue>) -> Result<T, serde_json::Error>;

/// The objects of one cache file, parsed as they are read.
pub struct Objects<T> {
    /// How old the file's contents are.
    pub age: Duration,
    /// How many objects the header says follow.
    pub header_count: Option<usize>,
    lines: io::Lines<BufReader<File>>,
    parse: Parse<T>,
    path: PathBuf,
    failed: bool,
}

impl<T> Objects<T> {
    /// The file's header read and checked; `None` when there is no usable file.
    fn open(path: &Path, now: SystemTime, parse: Parse<T>) -> Option<Self> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::debug!(path = %path.display(), "cache unreadable: {e}");
                return None;
            }
        };
        let mut lines = BufReader::new(file).lines();
        let header = match lines.next() {
            Some(Ok(line)) => serde_json::from_str::<Header>(&line)
                .map_err(|e| tracing::debug!(path = %path.display(), "cache ignored: {e}"))
                .ok()?,
            Some(Err(e)) => {
                tracing::debug!(path = %path.display(), "cache ignored: {e}");
                return None;
            }
            None => return None,
        };
        if header.format != FORMAT {
            tracing::debug!(path = %path.display(), format = header.format, "cache of another format ignored");
            return None;
        }
        let saved = UNIX_EPOCH + Duration::from_secs(header.saved_at);
        Some(Objects {
            age: now.duration_since(saved).unwrap_or_default(),
            header_count: header.count,
            lines,
            parse,
            path: path.to_owned(),
            failed: false,
        })
    }

    /// Every object, or `None` if any line is unreadable (a file we did not write whole).
    fn collect_all(self) -> Option<Cached<Vec<T>>> {
        let age = self.age;
        let value = self
            .collect::<Result<Vec<T>, String>>()
            .map_err(|e| tracing::debug!("cache ignored: {e}"))
            .ok()?;
        Some(Cached { value, age })
    }
}

impl<T> Objects<T> {
    /// The objects in parts: `first` of them, then twice as many as the part before, so a
    /// screenful shows at once and the receiver takes a 100,000-object file in ~8 parts.
    /// A file with no objects gives one empty part (the region was empty). A bad line ends
    /// the parts; if it comes before the first part is complete, there are none (the file is
    /// ignored, as when read whole).
    #[must_use]
    pub fn parts(self, first: usize) -> Parts<T> {
        Parts {
            objects: self,
            size: first.max(1),
            given: false,
            done: false,
        }
    }
}

/// See [`Objects::parts`].
pub struct Parts<T> {
    objects: Objects<T>,
    size: usize,
    given: bool,
    done: bool,
}

impl<T> Iterator for Parts<T> {
    type Item = Vec<T>;

    fn next(&mut self) -> Option<Vec<T>> {
        if self.done {
            return None;
        }
        let mut part = Vec::with_capacity(self.size);
        while part.len() < self.size {
            match self.objects.next() {
                Some(Ok(object)) => part.push(object),
                Some(Err(e)) => {
                    tracing::warn!("cache read stopped: {e}");
                    self.done = true;
                    if !self.given {
                        return None;
                    }
                    break;
                }
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        if part.is_empty() && self.given {
            return None;
        }
        self.given = true;
        self.size = self.size.saturating_mul(2);
        Some(part)
    }
}

impl<T> Iterator for Objects<T> {
    /// An object, or why the file cannot be read further (reading stops there).
    type Item = Result<T, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let line = match self.lines.next()? {
            Ok(line) => line,
            Err(e) => return Some(Err(self.failure(&e))),
        };
        let parsed = RawValue::from_string(line).and_then(self.parse);
        Some(parsed.map_err(|e| self.failure(&e)))
    }
}

impl<T> Objects<T> {
    fn failure(&mut self, e: &dyn std::fmt::Display) -> String {
        // Nothing after a bad line is trusted.
        self.failed = true;
        format!("{}: {e}", self.path.display())
    }
}

/// A cache file's text: a header line (the format, when), then each object exactly as the
/// API sent it, one per line.
#[must_use]
pub fn encode<'a, I>(objects: I, saved_at: SystemTime) -> String
where
    I: IntoIterator<Item = &'a RawValue>,
    I::IntoIter: ExactSizeIterator,
{
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and only whole `&str`s are written.
    let _ = encode_to(&mut out, objects, saved_at);
    String::from_utf8(out).unwrap_or_default()
}

/// [`encode`], written to `out` as it goes.
fn encode_to<'a, I>(out: &mut impl Write, objects: I, saved_at: SystemTime) -> io::Result<()>
where
    I: IntoIterator<Item = &'a RawValue>,
    I::IntoIter: ExactSizeIterator,
{
    let secs = saved_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let objects = objects.into_iter();
    // The count in the header lets the region pane show every cached region's count at
    // start-up without reading the files' objects.
    let count = objects.len();
    writeln!(
        out,
        "{{\"format\":\"{FORMAT}\",\"saved_at\":{secs},\"count\":{count}}}"
    )?;
    for raw in objects {
        let text = raw.get();
        if text.contains(['\n', '\r']) {
            // A JSON string cannot hold a raw line break, so these are whitespace between
            // tokens: spaces keep the object the same and on one line.
            out.write_all(text.replace(['\n', '\r'], " ").as_bytes())?;
        } else {
            out.write_all(text.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct Header {
    format: String,
    saved_at: u64,
    /// How many objects follow (files written before it was added have none).
    #[serde(default)]
    count: Option<usize>,
}

/// A name that is one plain path component, whatever the profile or region is called.
fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'@' {
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
    write_private_with(root, path, |file| file.write_all(contents.as_bytes()))
}

/// [`write_private`], with the contents written by `write`.
fn write_private_with(
    root: &Path,
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
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
        write(&mut file)?;
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
}
