//! A cache file's text: written as it is encoded, so a big answer is never held twice.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::value::RawValue;

use super::FORMAT;

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
pub(super) fn encode_to<'a, I>(
    out: &mut impl Write,
    objects: I,
    saved_at: SystemTime,
) -> io::Result<()>
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
