//! JSON that is safe to print on a terminal: serde_json escapes C0 controls, this also
//! escapes C1 controls (U+0080–U+009F: U+009B is an 8-bit CSI) and the bidi controls
//! `sanitize` replaces, so a name from a config file cannot act on the terminal. The values
//! are unchanged: a JSON reader gets the same strings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Whether `c` must be written as `\uXXXX` (beyond what serde_json already escapes).
fn needs_escape(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
        || crate::columns::is_bidi_control(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| needs_escape(*c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // The pretty layout is PrettyFormatter's: every other method forwards to it.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON with every control escaped, and a final line break.
///
/// # Errors
/// Write failures.
pub fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_value_is_kept() {
        let text = "a\u{1b}[2J\u{9b}31m\u{202E}b\u{2066}c\u{2028}é名";
        let mut out = Vec::new();
        write_pretty(&mut out, &serde_json::json!({ "name": text })).expect("writes");
        let json = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            json,
            "{\n  \"name\": \"a\\u001b[2J\\u009b31m\\u202eb\\u2066c\\u2028é名\"\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(back["name"], text);
    }
}
