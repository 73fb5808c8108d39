//! Reading a cache file: the header checked, then the objects parsed one line at a time.

use std::fs::File;
use std::io::{self, BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Cached, FORMAT};

type Parse<T> = fn(Box<RawValue>) -> Result<T, serde_json::Error>;

/// The longest line read: one object as the API sent it, which the client never takes in a
/// body over 64 MB. A file without line breaks (a device, a damaged file) stops here instead
/// of filling memory.
pub const MAX_LINE: u64 = 64 * 1024 * 1024;
/// The most objects read from one file: the most rows a region may have.
pub const MAX_OBJECTS: usize = 1_000_000;

/// The objects of one cache file, parsed as they are read.
pub struct Objects<T> {
    /// How old the file's contents are.
    pub age: Duration,
    /// How many objects the header says follow.
    pub header_count: Option<usize>,
    lines: BufReader<File>,
    parse: Parse<T>,
    path: PathBuf,
    failed: bool,
    read: usize,
}

/// The next line of `reader` without its line break, or `None` at the end; a line longer
/// than [`MAX_LINE`] or not UTF-8 is an error.
fn next_line(reader: &mut BufReader<File>) -> Option<io::Result<String>> {
    let mut bytes = Vec::new();
    match reader
        .by_ref()
        .take(MAX_LINE + 1)
        .read_until(b'\n', &mut bytes)
    {
        Ok(0) => return None,
        Ok(_) => {}
        Err(e) => return Some(Err(e)),
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    } else if bytes.len() as u64 > MAX_LINE {
        return Some(Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a line longer than {} MB", MAX_LINE / (1024 * 1024)),
        )));
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    Some(String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)))
}

impl<T> Objects<T> {
    /// The file's header read and checked; `None` when there is no usable file.
    pub(super) fn open(path: &Path, now: SystemTime, parse: Parse<T>) -> Option<Self> {
        // Only a regular file: a FIFO put in its place would block the reader for ever.
        let file = match crate::config::read::open_regular(path) {
            Ok(file) => file,
            Err(crate::config::read::ReadError::NotFound) => return None,
            Err(e) => {
                tracing::debug!(path = %path.display(), "cache unreadable: {e}");
                return None;
            }
        };
        let mut lines = BufReader::new(file);
        let header = match next_line(&mut lines) {
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
        // A time past what the clock can hold is no time at all (`+` would panic).
        let saved = UNIX_EPOCH.checked_add(Duration::from_secs(header.saved_at));
        Some(Objects {
            age: saved.map_or(Duration::ZERO, |saved| {
                now.duration_since(saved).unwrap_or_default()
            }),
            header_count: header.count,
            lines,
            parse,
            path: path.to_owned(),
            failed: false,
            read: 0,
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
        let line = match next_line(&mut self.lines)? {
            Ok(line) => line,
            Err(e) => return Some(Err(self.failure(&e))),
        };
        self.read += 1;
        if self.read > MAX_OBJECTS {
            return Some(Err(
                self.failure(&format_args!("more than {MAX_OBJECTS} objects"))
            ));
        }
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
