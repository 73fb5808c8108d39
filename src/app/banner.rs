//! The error above stale rows, wrapped to the instance pane: shared by `update` (how many
//! table rows fit below it) and the drawing, so both count the same lines.

use std::time::Instant;

use unicode_width::UnicodeWidthStr as _;

use super::{PaneState, RegionView, layout};
use crate::api::Error;
use crate::columns::sanitize;

/// One wrapped line of the banner and which paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannerLine {
    pub part: Part,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `⚠ Code · showing the rows from 3m ago · r to retry`; starts with [`BannerLine::code`].
    Status,
    /// `Code: Message`.
    Message,
    RequestId,
    Hint,
}

/// An error in the words the user needs: `Code: Message` for an API error, else the whole
/// error (a connection error's text carries its cause).
#[must_use]
pub fn headline(e: &Error) -> String {
    match e.api() {
        Some(api) => format!("{}: {}", api.code, api.message.trim_end()),
        None => e.to_string(),
    }
}

/// `⚠ Code`: the start of the banner's first line.
#[must_use]
pub fn code(e: &Error) -> String {
    format!("⚠ {}", sanitize(e.code()))
}

/// The banner of a region whose last fetch failed while older rows are shown, wrapped to
/// `width` columns and at most `max` lines (the last one ending with `…` when cut); empty
/// when there is no such error.
#[must_use]
pub fn lines(view: &RegionView, now: Instant, width: usize, max: usize) -> Vec<BannerLine> {
    let Some(e) = view.error() else {
        return Vec::new();
    };
    if view.state() != PaneState::Failed || view.index.is_empty() {
        return Vec::new();
    }
    let age = view.updated.map_or_else(String::new, |u| {
        crate::ui::text::age(now.saturating_duration_since(u))
    });
    let mut paragraphs = vec![
        (
            Part::Status,
            format!("{} · showing the rows from {age} ago · r to retry", code(e)),
        ),
        (Part::Message, sanitize(&headline(e)).into_owned()),
    ];
    if let Some(id) = e.request_id() {
        paragraphs.push((Part::RequestId, format!("RequestId {}", sanitize(id))));
    }
    if let Some(hint) = e.hint() {
        paragraphs.push((Part::Hint, format!("Hint: {hint}")));
    }
    let mut out: Vec<BannerLine> = paragraphs
        .into_iter()
        .flat_map(|(part, text)| {
            wrap(&text, width)
                .into_iter()
                .map(move |text| BannerLine { part, text })
        })
        .collect();
    if out.len() > max {
        out.truncate(max);
        if let Some(last) = out.last_mut() {
            // `…` says there is more (in the error log); room is made for it if need be.
            let mut text = std::mem::take(&mut last.text);
            while !text.is_empty() && text.width() + 2 > width {
                text.pop();
            }
            last.text = format!("{text} …");
        }
    }
    out
}

/// Lines the banner takes in an instance pane `width` wide (borders included) in a terminal
/// `height` rows high.
#[must_use]
pub fn height(view: &RegionView, now: Instant, (width, height): (u16, u16)) -> u16 {
    let pane = width.saturating_sub(2);
    let n = lines(view, now, usize::from(pane), max_lines(height)).len();
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// At most half the pane, so some stale rows stay in sight; never fewer than two lines.
#[must_use]
pub fn max_lines(height: u16) -> usize {
    usize::from(height.saturating_sub(layout::CHROME + 2) / 2).max(2)
}

/// `text` in lines of at most `width` columns, broken at spaces where possible; a word longer
/// than a line is cut where it must be.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let need = line.width() + usize::from(!line.is_empty()) + word.width();
        if !line.is_empty() && need > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let mut kept = String::new();
            for c in line.chars() {
                if (kept.clone() + &c.to_string()).width() > width {
                    break;
                }
                kept.push(c);
            }
            if kept.is_empty() {
                break;
            }
            line = line[kept.len()..].to_owned();
            lines.push(kept);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("User not authorized to act", 10),
            ["User not", "authorized", "to act"]
        );
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("华东华东华东", 5), ["华东", "华东", "华东"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
