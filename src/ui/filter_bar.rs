//! The `/` filter on screen: the bar typed into (on the footer line), and its part of the
//! table's title.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use super::{text, theme};
use crate::app::filter::Filter;
use crate::app::{App, RegionView};
use crate::columns::sanitize;
use crate::keys::{self, Scope};

/// The footer line while a filter is typed: `/text`, what the text means, and the keys.
pub fn draw_filter_bar(frame: &mut Frame, area: Rect, app: &App) {
    let typed = sanitize(&app.filter.text).into_owned();
    let meaning = match &app.filter.parsed {
        Filter::None if typed.trim().is_empty() => "text, !text, -f fuzzy, -t key=value",
        Filter::None => "",
        Filter::Text(_) => "any column or tag",
        Filter::Not(_) => "rows without it",
        Filter::Fuzzy(_) => "fuzzy",
        Filter::Tag(..) => "a tag: Enter asks the API",
    };
    let mut hints = Vec::new();
    for b in keys::footer(Scope::Filter) {
        hints.push(Span::styled(b.label, theme::key()));
        hints.push(Span::raw(format!(" {}  ", b.footer)));
    }
    let hints = Line::from(hints);
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(hints.width()).unwrap_or(0)),
    ])
    .areas(area);
    // The end of the text stays visible however long it gets.
    let room = usize::from(left.width).saturating_sub(3);
    let shown = tail(&typed, room);
    let line = Line::from(vec![
        Span::styled(" /", theme::key()),
        Span::raw(shown.clone()),
        Span::styled(format!("  {meaning}"), theme::dim()),
    ]);
    frame.render_widget(Paragraph::new(line), left);
    frame.render_widget(Paragraph::new(hints), right);
    let x = left
        .x
        .saturating_add(2)
        .saturating_add(u16::try_from(shown.width()).unwrap_or(0));
    frame.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
}

/// The last `width` columns of `text`, after `…` when cut.
fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// ` · /web 12/40` when a local filter is in effect (typed or kept): the filter and
/// `shown/total`.
#[must_use]
pub fn title_filter(app: &App, view: &RegionView) -> Option<Vec<Span<'static>>> {
    if !app.filter.parsed.is_local() {
        return None;
    }
    let typed = text::fit(&sanitize(app.filter.text.trim()), 24);
    Some(vec![
        Span::raw(" · "),
        Span::styled(format!("/{typed}"), Style::new().fg(theme::ACCENT)),
        Span::raw(format!(
            " {}/{}",
            text::count(view.index.len()),
            text::count(view.rows.len())
        )),
    ])
}

/// ` · tag env=prod` while the API is asked for a tag.
#[must_use]
pub fn title_tag(app: &App) -> Vec<Span<'static>> {
    app.tags
        .iter()
        .map(|(k, v)| {
            let tag = match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            };
            Span::styled(
                format!(" · tag {}", text::fit(&sanitize(&tag), 32)),
                Style::new().fg(theme::ACCENT),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn long_text_shows_its_end() {
        assert_eq!(tail("web", 10), "web");
        assert_eq!(tail("abcdefghij", 5), "…ghij");
    }
}
