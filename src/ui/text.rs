//! Small text helpers: ages, counts, the spinner, fitting text into columns.

use std::time::{Duration, Instant};

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner frame for `now`: a function of the clock, so a frozen clock draws a frozen frame.
#[must_use]
pub fn spinner(started: Instant, now: Instant) -> &'static str {
    let tenths = now.saturating_duration_since(started).as_millis() / 100;
    SPINNER[usize::try_from(tenths % 10).unwrap_or(0)]
}

/// `12s`, `3m`, `5h`, `2d`.
#[must_use]
pub fn age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

/// `2,431`.
#[must_use]
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` cut to `width` terminal columns, with `…` when cut.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    // Measured only as far as `width`: a 100 MB name costs what its first columns cost.
    let mut used = 0;
    for c in text.chars() {
        used += c.width().unwrap_or(0);
        if used > width {
            return cut(text, width);
        }
    }
    text.to_owned()
}

/// The start of `text` that fits in `width - 1` columns, then `…` (nothing at width 0).
fn cut(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `lines` wrapped at spaces to `width` columns (a longer word is cut where it must be), each
/// keeping its style, and at most `height` of them: when some do not fit, the last shown ends
/// with `…`, so text cut at the pane's bottom says so instead of stopping mid-word.
#[must_use]
pub fn wrap_lines(lines: Vec<Line<'static>>, width: usize, height: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for line in lines {
        let style = line
            .spans
            .first()
            .map_or(line.style, |s| line.style.patch(s.style));
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.extend(
            crate::app::banner::wrap(&text, width)
                .into_iter()
                .map(|t| Line::styled(t, style)),
        );
    }
    if out.len() > height {
        out.truncate(height);
        if let Some(last) = out.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let style = last.style;
            *last = Line::styled(fit(&format!("{text}…"), width), style);
        }
    }
    out
}

/// `line` cut to `width` terminal columns, ending with `…` (in the cut span's style) when cut.
#[must_use]
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let w = span.width();
        if used + w < width {
            used += w;
            spans.push(span);
            continue;
        }
        // The span that reaches the edge keeps what fits before `…`.
        spans.push(Span::styled(cut(&span.content, width - used), span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

/// `left` and `right` on one line of `width` columns, `left` cut to make room.
#[must_use]
pub fn spread(left: &str, right: &str, width: usize) -> String {
    let right_w = right.width();
    let left = fit(left, width.saturating_sub(right_w + 1));
    let pad = width.saturating_sub(left.width() + right_w);
    format!("{left}{}{right}", " ".repeat(pad))
}

/// `text` followed by spaces up to `width` terminal columns.
#[must_use]
pub fn pad(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(age(Duration::from_secs(12)), "12s");
        assert_eq!(age(Duration::from_secs(190)), "3m");
        assert_eq!(count(2431), "2,431");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(7), "7");
        assert_eq!(fit("华东1 hangzhou", 6), "华东1…");
        assert_eq!(spread("ab", "9 ✓", 8), "ab   9 ✓");
    }

    #[test]
    fn a_line_too_wide_ends_with_an_ellipsis() {
        let line = Line::from(vec![
            Span::raw("Console  "),
            Span::raw("https://ecs.console"),
        ]);
        let text = |l: &Line| {
            l.spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(&fit_line(line.clone(), 16)), "Console  https:…");
        assert_eq!(text(&fit_line(line.clone(), 10)), "Console  …");
        assert_eq!(text(&fit_line(line.clone(), 9)), "Console …");
        assert_eq!(
            text(&fit_line(line.clone(), 28)),
            "Console  https://ecs.console"
        );
    }
}
