//! The bottom line: the keys that work where the focus is, and the latest flash message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::{App, FlashLevel};
use crate::keys;

pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    if app.scope() == keys::Scope::Filter {
        super::filter_bar::draw_filter_bar(frame, area, app);
        return;
    }
    let flash = app.flash.as_ref().map(|f| {
        let style = match f.level {
            FlashLevel::Info => theme::dim(),
            FlashLevel::Warn => theme::warn(),
        };
        // The message wins over the key list, up to most of the line.
        let room = usize::from(area.width) * 2 / 3;
        Span::styled(format!("{} ", text::fit(&f.text, room)), style)
    });
    let flash_width = flash.as_ref().map_or(0, Span::width);
    // Whole key hints only: a cut-off one would say nothing.
    let room = usize::from(area.width).saturating_sub(flash_width);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for b in keys::footer(app.scope()) {
        let key = b.label.split_whitespace().next().unwrap_or(b.label);
        let rest = format!(" {}  ", b.footer);
        let need = key.chars().count() + rest.chars().count();
        // The two spaces after a hint may be cut, but one must stay before the message.
        if used + need > room + 1 {
            break;
        }
        used += need;
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(rest));
    }
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(flash_width).unwrap_or(0)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), l);
    if let Some(flash) = flash {
        frame.render_widget(Paragraph::new(Line::from(flash)), r);
    }
}
