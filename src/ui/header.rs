//! The top line: who and where, read-only badge, freshness, spinner.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::App;
use crate::columns::sanitize;

pub fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let mut left = vec![
        Span::styled(" ecs-tui ", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(" profile "),
    ];
    if let Some(p) = app.profile_info() {
        left.push(Span::styled(
            sanitize(&p.name).into_owned(),
            Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD),
        ));
        left.push(Span::raw(format!(" ({} · {})", p.mode, p.masked_key_id)));
    }
    left.push(Span::raw("  region "));
    left.push(Span::styled(
        app.current_region
            .as_deref()
            .map_or_else(|| "all".to_owned(), |r| sanitize(r).into_owned()),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    left.push(Span::raw("  "));
    left.push(Span::styled(
        "RO",
        theme::warn().add_modifier(Modifier::BOLD),
    ));

    let mut right = Vec::new();
    if app.is_loading() {
        right.push(Span::styled(
            format!("{} ", text::spinner(app.started, app.now)),
            Style::new().fg(theme::ACCENT),
        ));
    }
    if let Some(updated) = app.updated() {
        right.push(Span::raw(format!(
            "updated {} ago",
            text::age(app.now.saturating_duration_since(updated))
        )));
    }
    right.push(Span::raw("  "));
    right.push(Span::styled("?", theme::key()));
    right.push(Span::raw("help "));
    let right = Line::from(right);
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.width()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), r);
}
