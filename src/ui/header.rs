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
        Span::styled(name.clone(), bold.fg(theme::ACCENT)),
        Span::raw(" "),
        Span::styled(region.clone(), bold),
        Span::raw(" "),
        Span::styled("RO", theme::warn().add_modifier(Modifier::BOLD)),
    ];
    // The browser is always read-only, so the badge is the first to go on the left.
    let bare = vec![
        Span::raw(" "),
        Span::styled(name, bold.fg(theme::ACCENT)),
        Span::raw(" "),
        Span::styled(region, bold),
    ];

    let spinner = app.is_loading().then(|| {
        Span::styled(
            format!("{} ", text::spinner(app.started, app.now)),
            Style::new().fg(theme::ACCENT),
        )
    });
    let age = app
        .updated()
        .map(|updated| text::age(app.now.saturating_duration_since(updated)));
    let help = [Span::styled("?", theme::key()), Span::raw("help ")];
    let right = |age_words: Option<&str>, with_help: bool| {
        let mut spans: Vec<Span> = spinner.iter().cloned().collect();
        if let (Some(age), Some(words)) = (&age, age_words) {
            spans.push(Span::raw(words.replace("{}", age)));
        }
        if with_help {
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            spans.extend(help.iter().cloned());
        }
        Line::from(spans)
    };
    // Richest first; the first pair that fits with a gap between is drawn, so the two
    // sides never run into each other: the wording shortens, then the RO badge, the age and
    // the help hint go, and last the name and region are cut with `…`.
    let ladder = [
        (&full, right(Some("updated {} ago"), true)),
        (&medium, right(Some("updated {} ago"), true)),
        (&compact, right(Some("updated {} ago"), true)),
        (&bare, right(Some("updated {} ago"), true)),
        (&bare, right(Some("{} ago"), true)),
        (&bare, right(None, true)),
        (&bare, right(None, false)),
    ];
    let width = usize::from(area.width);
    let chosen = ladder.into_iter().find(|(left, right)| {
        // Two spaces at least, so the sides read as two.
        let gap = if right.width() > 0 { 2 } else { 0 };
        Line::from((*left).clone()).width() + gap + right.width() <= width
    });
    let (left, right) = chosen.map_or_else(
        || {
            let all: String = bare.iter().map(|s| s.content.as_ref()).collect();
            (
                Line::styled(text::fit(&all, width), bold.fg(theme::ACCENT)),
                Line::default(),
            )
        },
        |(left, right)| (Line::from(left.clone()), right),
    );
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.width()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), r);
}
