//! Reading a cache file: the header checked, then the objects parsed one line at a time.

use std::fs::File;
use std::io::{self, BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Cached, FORMAT};

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
    pub(super) fn open(path: &Path, now: SystemTime, parse: Parse<T>) -> Option<Self> {
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
    pub(super) fn collect_all(self) -> Option<Cached<Vec<T>>> {
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

#[derive(Deserialize)]
struct Header {
    format: String,
    saved_at: u64,
    /// How many objects follow (files written before it was added have none).
    #[serde(default)]
    count: Option<usize>,
}
