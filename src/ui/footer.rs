//! The bottom line: the keys that work where the focus is, and the latest flash message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::{Action, App, FlashLevel};
use crate::keys;

pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    if app.scope() == keys::Scope::Filter {
        super::filter_bar::draw_filter_bar(frame, area, app);
        return;
    }
    // The describe and JSON views take `?` and `q` too, though not the other global keys.
    let also = keys::BINDINGS.iter().filter(|b| {
        app.scope() == keys::Scope::Detail
            && b.scope == keys::Scope::Global
            && matches!(b.action, Action::OpenHelp | Action::Quit)
    });
    let hints: Vec<(&str, String, bool)> = keys::footer(app.scope())
        .chain(also)
        .map(|b| {
            let key = b.label.split_whitespace().next().unwrap_or(b.label);
            // `? help` and `q quit` stay whatever the width: room is kept for them, and the
            // other hints give way from the end of the list.
            let kept = matches!(b.action, Action::OpenHelp | Action::Quit);
            (key, format!(" {}  ", b.footer), kept)
        })
        .collect();
    let need = |(key, rest, _): &(&str, String, bool)| key.chars().count() + rest.chars().count();
    let mut reserved: usize = hints.iter().filter(|h| h.2).map(need).sum();
    let flash = app.flash.as_ref().map(|f| {
        let style = match f.level {
            FlashLevel::Info => theme::dim(),
            FlashLevel::Warn => theme::warn(),
        };
        // The message wins over the other key hints, up to most of the line.
        let width = usize::from(area.width);
        let room = (width * 2 / 3).min(width.saturating_sub(reserved + 1));
        Span::styled(format!("{} ", text::fit(&f.text, room)), style)
    });
    let flash_width = flash.as_ref().map_or(0, Span::width);
    // Whole key hints only: a cut-off one would say nothing.
    let room = usize::from(area.width).saturating_sub(flash_width);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let mut dropping = false;
    for hint in &hints {
        let need = need(hint);
        let (key, rest, kept) = hint;
        if *kept {
            reserved -= need;
        } else if dropping || used + need + reserved > room + 1 {
            // The two spaces after a hint may be cut, but one must stay before the message.
            dropping = true;
            continue;
        }
        if used + need > room + 1 {
            break;
        }
        used += need;
        spans.push(Span::styled(*key, theme::key()));
        spans.push(Span::raw(rest.clone()));
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
