//! The instance pane: a table that builds only its visible rows, or the pane's state message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{text, theme};
use crate::api::Error;
use crate::app::banner::{self, Part};
use crate::app::{App, Focus, PaneState, RegionView};
use crate::columns::{Column, sanitize};

pub fn draw_instances(frame: &mut Frame, area: Rect, app: &App) {
    let focused = app.focus == Focus::Instances && app.popup.is_none();
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title_style(theme::title(focused))
        .title(title(app, area.width));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let Some(region) = app.current_region.as_deref() else {
        if app.all.active {
            super::all_regions::draw_all(frame, inner, app, focused);
            return;
        }
        if app.regions.regions.is_empty() {
            // A failed region list is told here, where there is room for its Code, Message,
            // RequestId and hint; the narrow region pane only says that it failed.
            let lines = match (&app.regions.error, app.regions.loading) {
                (Some(e), loading) => {
                    let mut lines = error_lines(e, "DescribeRegions failed");
                    if loading.is_some() {
                        lines.insert(0, Line::styled("trying again…", theme::dim()));
                    }
                    lines
                }
                (None, Some(_)) => {
                    vec![Line::styled("waiting for the region list…", theme::dim())]
                }
                (None, None) => vec![Line::styled("no region to show", theme::dim())],
            };
            message(frame, inner, lines);
            return;
        }
        let lines = vec![
            Line::from("All regions: one table across every region is not available yet."),
            Line::styled("Pick a region with ↑↓.", theme::dim()),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    };
    let region = sanitize(region);
    let Some(view) = app.current_view() else {
        message(frame, inner, vec![Line::styled("…", theme::dim())]);
        return;
    };
    let lines = match view.state() {
        PaneState::Loading => vec![Line::styled(
            format!(
                "{} loading instances in {region}…{}",
                text::spinner(app.started, app.now),
                progress_text(app, view)
                    .iter()
                    .map(|said| format!(" · {said}"))
                    .collect::<String>()
            ),
            theme::dim(),
        )],
        PaneState::Empty if view.is_busy() => vec![Line::styled(
            format!(
                "{} no instances in {region} (refreshing)",
                text::spinner(app.started, app.now)
            ),
            theme::dim(),
        )],
        PaneState::Empty => vec![Line::from(format!("no instances in {region}"))],
        PaneState::NoPermission => vec![
            Line::styled(
                format!("no permission: ecs:DescribeInstances denied in {region}"),
                theme::error(),
            ),
            Line::from(""),
            Line::styled(
                "DescribeInstances answered an empty list and a DryRun check was refused.",
                theme::dim(),
            ),
            Line::styled(
                "Hint: grant this RAM user AliyunECSReadOnlyAccess (or ecs:Describe*).",
                theme::dim(),
            ),
        ],
        PaneState::Failed if view.index.is_empty() => {
            let mut lines = view.error().map_or_else(Vec::new, |e| {
                error_lines(e, &format!("DescribeInstances in {region} failed"))
            });
            lines.push(Line::from(""));
            lines.push(Line::styled("press r to try again", theme::dim()));
            lines
        }
        PaneState::Failed | PaneState::Loaded => {
            draw_table(frame, inner, app, view, focused);
            return;
        }
    };
    message(frame, inner, lines);
}

fn message(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// An error in the words the user needs: `Code: Message`, then RequestId and the hint.
pub(super) fn headline(e: &Error) -> String {
    banner::headline(e)
}

/// An API error as the user needs it: Code and Message, RequestId, and what to do.
pub(super) fn error_lines(e: &Error, what: &str) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            format!("⚠ {what}"),
            theme::error().add_modifier(Modifier::BOLD),
        ),
        Line::from(sanitize(&headline(e)).into_owned()),
    ];
    if let Some(id) = e.request_id() {
        lines.push(Line::styled(format!("RequestId {id}"), theme::dim()));
    }
    if let Some(hint) = e.hint() {
        lines.push(Line::styled(format!("Hint: {hint}"), theme::warn()));
    }
    lines
}

fn title(app: &App, width: u16) -> Line<'static> {
    let mut spans = vec![Span::raw(" Instances")];
    let mut breakdown = Vec::new();
    let mut tail = Vec::new();
    let mut spare_parts = Vec::new();
    if let Some(region) = &app.current_region {
        spans.push(Span::raw(format!(" · {}", sanitize(region))));
    } else if app.all.active {
        let (progress, spare) = super::all_regions::title_progress(app);
        spare_parts.extend(spare.map(|i| spans.len() + i));
        spans.extend(progress);
    }
    spans.extend(super::filter_bar::title_tag(app));
    if let Some(sort) = app.sort {
        // The header marks the sorted column; when it is not on screen, the title says it.
        let key = sort.key.column();
        let inner = width.saturating_sub(2);
        if !super::widths::fit(&app.table_columns(), inner)
            .iter()
            .any(|(c, _)| *c == key)
        {
            tail.push(Span::raw(format!(
                " · by {}{}",
                sort.key.word(),
                sort.marker()
            )));
        }
    }
    if let Some(view) = app.current_view() {
        if matches!(view.state(), PaneState::Loaded | PaneState::Failed) && view.updated.is_some() {
            match super::filter_bar::title_filter(app, view) {
                // The status counts are of every row: beside "12/30,000" they read as counts
                // of the matches, so they give way to the filter.
                Some(filter) => spans.extend(filter),
                None => {
                    spans.push(Span::raw(format!(" · {}", text::count(view.rows.len()))));
                    breakdown = view
                        .counts
                        .iter()
                        .map(|(status, n)| format!("{} {}", sanitize(status), text::count(*n)))
                        .collect();
                }
            }
        }
        if view.is_busy() {
            tail.push(Span::styled(
                format!(" {}", text::spinner(app.started, app.now)),
                Style::new().fg(theme::ACCENT),
            ));
        }
        for said in progress_text(app, view) {
            tail.push(Span::styled(format!(" · {said}"), theme::dim()));
        }
        if let Some(age) = view.cached_age(app.now) {
            tail.push(Span::styled(
                format!(" · cached {} ago", text::age(age)),
                theme::warn(),
            ));
        }
        // Cached rows already say how old they are.
        if let (PaneState::Failed, Some(updated), None) = (view.state(), view.updated, view.cached)
        {
            tail.push(Span::styled(
                format!(
                    " · stale {}",
                    text::age(app.now.saturating_duration_since(updated))
                ),
                theme::warn(),
            ));
        }
    }
    // Between the corners of the border.
    super::title::Title {
        head: spans,
        breakdown,
        tail,
        spare: spare_parts,
    }
    .fit(usize::from(width.saturating_sub(2)))
}

/// What the fetch in flight has told (`page 37/100`, a retry), while it runs.
fn progress_text(app: &App, view: &RegionView) -> Vec<String> {
    match (&view.progress, view.loading) {
        (Some(progress), Some(_)) => progress.describe(app.now),
        _ => Vec::new(),
    }
}

pub(super) fn draw_table(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &RegionView,
    focused: bool,
) {
    let banner = banner::lines(
        view,
        app.now,
        usize::from(area.width),
        banner::max_lines(app.height),
    );
    let [banner_area, table_area] = Layout::vertical([
        Constraint::Length(u16::try_from(banner.len()).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
    ])
    .areas(area);
    if let Some(e) = view.error() {
        let code = banner::code(e);
        let lines: Vec<Line> = banner
            .into_iter()
            .enumerate()
            .map(|(n, line)| match line.part {
                // The code stands out; the rest of the status line is a warning.
                Part::Status => match line.text.strip_prefix(&code) {
                    Some(rest) if n == 0 => Line::from(vec![
                        Span::styled(code.clone(), theme::error().add_modifier(Modifier::BOLD)),
                        Span::styled(rest.to_owned(), theme::warn()),
                    ]),
                    _ => Line::styled(line.text, theme::warn()),
                },
                Part::Message => Line::from(line.text),
                Part::RequestId | Part::Hint => Line::styled(line.text, theme::dim()),
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), banner_area);
    }

    // Only the rows on screen are built, whatever the inventory's size.
    let height = usize::from(table_area.height.saturating_sub(1));
    let offset =
        crate::app::view::scroll_offset(view.offset, view.selected, view.index.len(), height);
    let end = view.index.len().min(offset + height);
    let visible = view.index[offset..end]
        .iter()
        .map(|&i| view.rows[i].as_ref());
    let mut columns = super::widths::fit(&app.table_columns(), table_area.width);
    super::widths::widen(&mut columns, table_area.width, &view.longest);
    let header = Row::new(columns.iter().map(|(c, _)| {
        let marker = app
            .sort
            .filter(|s| s.key.column() == *c)
            .map_or("", |s| s.marker());
        Cell::from(format!("{}{marker}", c.header()))
    }))
    .style(Style::new().add_modifier(Modifier::BOLD));
    let rows = visible.map(|instance| {
        Row::new(columns.iter().map(|(c, w)| {
            // A value wider than its column ends with `…`, never silently cut.
            let value = text::fit(&c.value(instance), usize::from(*w));
            match c {
                Column::Status => Cell::from(value).style(theme::status(&instance.status)),
                _ => Cell::from(value),
            }
        }))
    });
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|(_, w)| Constraint::Length(*w))
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme::selected(focused));
    let mut state = TableState::default().with_selected(Some(view.selected.saturating_sub(offset)));
    frame.render_stateful_widget(table, table_area, &mut state);
    if view.index.is_empty() && !view.rows.is_empty() {
        let [_, below] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(table_area);
        message(
            frame,
            below,
            vec![Line::styled(
                "no instance matches the filter (Esc clears it)",
                theme::dim(),
            )],
        );
    }
}
