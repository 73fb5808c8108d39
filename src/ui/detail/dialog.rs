//! The small boxes over everything: the save prompt, the console URL and the copy menu.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{Action, App, CopyField, Dialog, UrlBox};
use crate::columns::sanitize;
use crate::keys::{self, Scope};
use crate::ui::{overlay, text, theme};

fn centered(frame: &Frame, width: u16, height: u16) -> Rect {
    // Between the header and the footer, as every popup.
    let area = overlay::body(frame);
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

fn boxed(frame: &mut Frame, area: Rect, title: String, lines: Vec<Line>, wrap: bool) {
    overlay::clear(frame, area);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::ACCENT))
        .title(title);
    let paragraph = Paragraph::new(lines).block(block);
    let paragraph = if wrap {
        paragraph.wrap(Wrap { trim: false })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, area);
}

pub fn draw_dialog(frame: &mut Frame, app: &App) {
    if app.popup.is_some() {
        return;
    }
    match &app.dialog {
        None => {}
        Some(Dialog::SaveAs) => draw_save_as(frame, app),
        Some(Dialog::Url(url)) => draw_url(frame, url),
        Some(Dialog::CopyMenu) => draw_copy_menu(frame, app),
    }
}

fn draw_save_as(frame: &mut Frame, app: &App) {
    let rows = app.current_view().map_or(0, |v| v.index.len());
    let lines = vec![
        Line::from(format!("Save the {} rows shown as:", text::count(rows))),
        Line::from(""),
        Line::from(vec![
            Span::styled("  c ", theme::key()),
            Span::raw("CSV  (the table's columns)"),
        ]),
        Line::from(vec![
            Span::styled("  j ", theme::key()),
            Span::raw("JSON (the objects as the API sent them)"),
        ]),
        Line::from(""),
        Line::styled(
            "Esc cancels. The file goes to the current directory.",
            theme::dim(),
        ),
    ];
    boxed(frame, centered(frame, 60, 8), " Save ".into(), lines, false);
}

/// The URL whole (wrapped when the screen is narrower), then what the clipboard and the
/// browser did with it, as the run loop reported.
fn draw_url(frame: &mut Frame, url: &UrlBox) {
    let notes = [&url.clipboard, &url.browser];
    let longest = notes
        .iter()
        .map(|n| n.chars().count())
        .chain([url.url.chars().count()])
        .max()
        .unwrap_or(0);
    let width = u16::try_from(longest + 4).unwrap_or(u16::MAX).max(50);
    let inner = usize::from(width.min(frame.area().width).saturating_sub(2)).max(1);
    // Each line takes as many rows as it wraps to.
    let rows = |s: &str| s.chars().count().div_ceil(inner).max(1);
    let height = rows(&url.url) + 1 + rows(&url.clipboard) + rows(&url.browser) + 1 + 2;
    let style = |note: &str| {
        if note.starts_with('⚠') {
            theme::error()
        } else {
            Style::new()
        }
    };
    let lines = vec![
        Line::from(url.url.clone()),
        Line::from(""),
        Line::styled(url.clipboard.clone(), style(&url.clipboard)),
        Line::styled(url.browser.clone(), style(&url.browser)),
        Line::styled("Esc closes.", theme::dim()),
    ];
    let height = u16::try_from(height).unwrap_or(u16::MAX);
    boxed(
        frame,
        centered(frame, width, height),
        " Console URL ".into(),
        lines,
        true,
    );
}

/// One line per choice of the key table's copy-menu scope: its key, what, and the value it
/// would copy (dim, and not offered, when the instance has none).
fn draw_copy_menu(frame: &mut Frame, app: &App) {
    let Some(instance) = app.acted_instance() else {
        return;
    };
    let width = frame.area().width.min(76);
    let room = usize::from(width.saturating_sub(2 + 2 + 3 + 13));
    let mut lines: Vec<Line> = keys::BINDINGS
        .iter()
        .filter(|b| b.scope == Scope::CopyMenu)
        .filter_map(|b| match b.action {
            Action::CopyField(field) => Some((b.label, field)),
            _ => None,
        })
        .map(|(key, field)| {
            let (value, offered) = match app.copy_value(field) {
                Some(Ok((_, value))) => (shown(field, &value), true),
                Some(Err(why)) => (why, false),
                None => (String::new(), false),
            };
            let dim_unless = |style: Style| if offered { style } else { theme::dim() };
            Line::from(vec![
                Span::styled(format!("  {key:<2} "), dim_unless(theme::key())),
                Span::styled(format!("{:<13}", field.label()), dim_unless(Style::new())),
                Span::styled(text::fit(&value, room), theme::dim()),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled("  Esc cancels.", theme::dim()));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let title = format!(" Copy · {} ", sanitize(&instance.instance_id));
    boxed(frame, centered(frame, width, height), title, lines, false);
}

/// The value as the menu shows it: the JSON by its size, the rest as is.
fn shown(field: CopyField, value: &str) -> String {
    match field {
        CopyField::Json => format!("{} lines", value.lines().count()),
        _ => sanitize(value).into_owned(),
    }
}
