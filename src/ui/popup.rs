//! Popups over the panes: the profile picker and the help generated from the key table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::theme;
use crate::app::App;
use crate::app::help::{self, HelpLine};
use crate::columns::sanitize;

fn popup_area(frame: &Frame, width: u16, height: u16) -> Rect {
    let area = super::overlay::body(frame);
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

pub fn draw_profiles(frame: &mut Frame, app: &App, cursor: usize) {
    let rows = u16::try_from(app.profiles.len()).unwrap_or(u16::MAX);
    let area = popup_area(frame, 100, rows.saturating_add(4));
    super::overlay::clear(frame, area);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::ACCENT))
        .title(" Profiles · Enter switches · Esc closes ");
    let header = Row::new(["", "NAME", "MODE", "REGION", "SOURCE"])
        .style(Style::new().add_modifier(Modifier::BOLD));
    let rows = app.profiles.iter().enumerate().map(|(i, p)| {
        let current = if i == app.profile { "●" } else { " " };
        let source = match &p.problem {
            Some(problem) => format!("{} ({problem})", p.source),
            None => p.source.clone(),
        };
        Row::new([
            Cell::from(current),
            Cell::from(sanitize(&p.name).into_owned()),
            Cell::from(p.mode.clone()),
            Cell::from(
                p.region_id
                    .as_deref()
                    .map(sanitize)
                    .unwrap_or_default()
                    .into_owned(),
            ),
            Cell::from(sanitize(&source).into_owned()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(16),
            Constraint::Length(9),
            Constraint::Length(16),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(theme::selected(true));
    let mut state = TableState::default().with_selected(Some(cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

pub fn draw_help(frame: &mut Frame, scroll: usize) {
    let lines: Vec<Line> = help::lines()
        .into_iter()
        .map(|line| match line {
            HelpLine::Heading(heading) => Line::styled(heading, theme::dim()),
            HelpLine::Entry(label, help) => Line::from(vec![
                Span::styled(format!("  {label:<18}"), theme::key()),
                Span::raw(help),
            ]),
        })
        .collect();
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = popup_area(frame, help::WIDTH, height);
    super::overlay::clear(frame, area);
    // Narrower than the help, a line cut at the border says so.
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| super::text::fit_line(l, inner))
        .collect();
    let last = help::max_scroll(frame.area().height);
    let scroll = scroll.min(last);
    // Where the box is in the help, when it does not show all of it.
    let more = match (scroll > 0, scroll < last) {
        (true, true) => " ↑↓ more ",
        (false, true) => " ↓ more ",
        (true, false) => " ↑ more ",
        (false, false) => "",
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::ACCENT))
        .title(" Keys · Esc closes ")
        .title_bottom(Line::styled(more, theme::key()).right_aligned());
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
