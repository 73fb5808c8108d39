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
    let profile = app.profile_info();
    let name = profile.map_or_else(String::new, |p| sanitize(&p.name).into_owned());
    let region = app.current_region.as_deref().map_or_else(
        || {
            if app.regions.regions.is_empty() {
                "…"
            } else {
                "all"
            }
            .to_owned()
        },
        |r| sanitize(r).into_owned(),
    );
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let full = vec![
        Span::styled(" ecs-tui ", bold),
        Span::raw(" profile "),
        Span::styled(name.clone(), bold.fg(theme::ACCENT)),
        Span::raw(profile.map_or_else(String::new, |p| {
            format!(" ({} · {})", p.mode, p.masked_key_id)
        })),
        Span::raw("  region "),
        Span::styled(region.clone(), bold),
        Span::raw("  "),
        Span::styled("RO", theme::warn().add_modifier(Modifier::BOLD)),
    ];
    // Narrower terminals get the same facts in fewer words.
    let medium = vec![
        Span::styled(" ecs-tui ", bold),
        Span::raw(" "),
        Span::styled(name.clone(), bold.fg(theme::ACCENT)),
        Span::raw(profile.map_or_else(String::new, |p| {
            format!(" ({} · {})", p.mode, p.masked_key_id)
        })),
        Span::raw("  "),
        Span::styled(region.clone(), bold),
        Span::raw("  "),
        Span::styled("RO", theme::warn().add_modifier(Modifier::BOLD)),
    ];
    let compact = vec![
        Span::raw(" "),
        Span::styled(name, bold.fg(theme::ACCENT)),
        Span::raw(" "),
        Span::styled(region, bold),
        Span::raw(" "),
        Span::styled("RO", theme::warn().add_modifier(Modifier::BOLD)),
    ];

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
    let fits = |spans: &Vec<Span>| {
        Line::from(spans.clone()).width() + right.width() + 2 <= usize::from(area.width)
    };
    let left = if fits(&full) {
        full
    } else if fits(&medium) {
        medium
    } else {
        compact
    };
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.width()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), r);
}
