//! The error log popup: every failure since start-up, newest first.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::{text, theme};
use crate::app::{App, ErrorEntry};
use crate::columns::sanitize;

pub fn draw_errors(frame: &mut Frame, app: &App, scroll: usize) {
    let area = super::overlay::body(frame);
    let area = area.centered(
        Constraint::Length(area.width.saturating_sub(4).max(20)),
        Constraint::Length(area.height.saturating_sub(2).max(6)),
    );
    super::overlay::clear(frame, area);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::ACCENT))
        .title(format!(
            " Errors since start-up · {} · Esc closes ",
            text::count(app.errors.len())
        ));
    if app.errors.is_empty() {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled("no errors since start-up", theme::dim())),
            inner,
        );
        return;
    }
    // Each failure takes a few lines so nothing needs cutting: where and when on the left;
    // Code, the message (wrapped) and the RequestId on the right.
    let inner_width = usize::from(block.inner(area).width);
    let text_width = inner_width.saturating_sub(8 + 1 + 16 + 1).max(10);
    let header =
        Row::new(["TIME", "WHERE", "WHAT"]).style(Style::new().add_modifier(Modifier::BOLD));
    let rows = app.errors.iter().rev().map(|e| {
        let mut what = vec![text::fit_line(
            Line::from(vec![
                Span::styled(
                    sanitize(&e.code).into_owned(),
                    theme::error().add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!("  {}", e.action), theme::dim()),
            ]),
            text_width,
        )];
        what.extend(
            crate::app::banner::wrap(&sanitize(&e.message), text_width)
                .into_iter()
                .map(Line::from),
        );
        if let Some(id) = &e.request_id {
            // Whole, on two lines if need be: it is what support asks for.
            what.extend(
                crate::app::banner::wrap(&format!("RequestId {}", sanitize(id)), text_width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme::dim())),
            );
        }
        let height = u16::try_from(what.len() + 1).unwrap_or(u16::MAX);
        let place = Text::from(vec![
            Line::from(sanitize(&e.profile).into_owned()),
            Line::from(sanitize(e.region.as_deref().unwrap_or("(all)")).into_owned()),
        ]);
        Row::new([
            Cell::from(time(app, e)),
            Cell::from(place),
            Cell::from(Text::from(what)),
        ])
        .height(height)
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(16),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .column_spacing(1)
    .row_highlight_style(theme::selected(true));
    let mut state = TableState::default().with_selected(Some(scroll));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The wall-clock time when known (`HH:MM:SS`), else how long ago.
fn time(app: &App, e: &ErrorEntry) -> String {
    let since_start = e.at.saturating_duration_since(app.started);
    match app.wall_origin {
        Some(origin) => {
            let at = origin + chrono::Duration::from_std(since_start).unwrap_or_default();
            at.format("%H:%M:%S").to_string()
        }
        None => format!(
            "{} ago",
            text::age(app.now.saturating_duration_since(e.at).max(Duration::ZERO))
        ),
    }
}
