//! "All regions" in the instance pane: the failed regions above the one table, and progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{text, theme};
use crate::app::all_regions::{FAILED_LISTED, RegionProblem};
use crate::app::{App, PaneState};
use crate::columns::sanitize;

pub fn draw_all(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let banner = app.table_banner_lines();
    let [banner_area, rest] =
        Layout::vertical([Constraint::Length(banner), Constraint::Fill(1)]).areas(area);
    if banner > 0 {
        // A line cut at the pane's edge says so.
        let width = usize::from(banner_area.width);
        let lines: Vec<Line> = failed_lines(app)
            .into_iter()
            .map(|l| text::fit_line(l, width))
            .collect();
        frame.render_widget(Paragraph::new(lines), banner_area);
    }
    let view = &app.all.view;
    let (answered, total) = app.all_regions_progress();
    let line = match view.state() {
        PaneState::Loaded | PaneState::Failed => {
            // The table's own banner is for one region; this one is drawn above.
            super::instances::draw_table(frame, rest, app, view, focused);
            return;
        }
        PaneState::Empty => Line::from("no instances in any region"),
        _ if total == 0 => Line::styled(
            format!(
                "{} waiting for the region list…",
                text::spinner(app.started, app.now)
            ),
            theme::dim(),
        ),
        _ => Line::styled(
            format!(
                "{} loading instances in {} regions… ({answered} answered)",
                text::spinner(app.started, app.now),
                total
            ),
            theme::dim(),
        ),
    };
    frame.render_widget(Paragraph::new(vec![line]).wrap(Wrap { trim: false }), rest);
}

/// The failed regions: a heading, up to [`FAILED_LISTED`] with Code and RequestId, "+N more".
fn failed_lines(app: &App) -> Vec<Line<'static>> {
    let failed = app.failed_regions();
    let total = app.regions.regions.len();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                "⚠ {} of {} regions failed",
                failed.len(),
                text::count(total)
            ),
            theme::error().add_modifier(Modifier::BOLD),
        ),
        Span::styled(" · ", theme::warn()),
        Span::styled("!", theme::key()),
        Span::styled(" error log", theme::warn()),
    ])];
    for (region, problem) in failed.iter().take(FAILED_LISTED) {
        let detail = match problem {
            RegionProblem::Failed(e) => {
                let mut d = e.code().to_owned();
                if let Some(id) = e.request_id() {
                    d.push_str(&format!("  RequestId {id}"));
                }
                d
            }
            RegionProblem::NoPermission => "no permission: ecs:DescribeInstances denied".into(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<16}", sanitize(region))),
            Span::styled(sanitize(&detail).into_owned(), theme::dim()),
        ]));
    }
    if failed.len() > FAILED_LISTED {
        lines.push(Line::styled(
            format!("  +{} more", failed.len() - FAILED_LISTED),
            theme::dim(),
        ));
    }
    lines
}

/// ` · all regions · 9/12 regions` and a spinner while regions are still answering, and which
/// of these parts is spare.
#[must_use]
pub fn title_progress(app: &App) -> (Vec<Span<'static>>, Option<usize>) {
    let (answered, total) = app.all_regions_progress();
    let mut spans = vec![Span::raw(" · all regions")];
    let busy = answered < total || app.regions.loading.is_some();
    // Once every region answered, `20/20 regions` says little that the rest of the title
    // does not: it is the part to let go on a narrow pane.
    let mut spare = None;
    if total > 0 {
        if !busy {
            spare = Some(spans.len());
        }
        spans.push(Span::raw(format!(" · {answered}/{total} regions")));
    }
    if busy {
        spans.push(Span::styled(
            format!(" {}", text::spinner(app.started, app.now)),
            Style::new().fg(theme::ACCENT),
        ));
    }
    (spans, spare)
}
