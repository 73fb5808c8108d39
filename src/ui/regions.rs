//! The region pane: "All regions", then each region with its count and state marker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::{text, theme};
use crate::app::help::{FAILED, LOADED, NO_PERMISSION};
use crate::app::{App, Focus, PaneState, RegionView};
use crate::columns::sanitize;

pub fn draw_regions(frame: &mut Frame, area: Rect, app: &App) {
    let focused = app.focus == Focus::Regions && app.popup.is_none();
    let mut title = vec![Span::raw(" Regions ")];
    if let (None, Some(cached)) = (app.regions.updated, app.regions.cached) {
        title.push(Span::styled(
            format!("cached {} ago ", text::age(cached.age_at(app.now))),
            theme::warn(),
        ));
    }
    if app.regions.loading.is_some() {
        title.push(Span::styled(
            format!("{} ", text::spinner(app.started, app.now)),
            Style::new().fg(theme::ACCENT),
        ));
    }
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title_style(theme::title(focused))
        .title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);

    if app.regions.regions.is_empty() {
        let lines = match (&app.regions.error, app.regions.loading) {
            // With no region to show, the instance pane tells the whole error, with the room
            // for it; this pane only says that it failed.
            (Some(_), None) if app.current_region.is_none() && !app.all.active => vec![
                Line::styled("⚠ DescribeRegions failed", theme::error()),
                Line::styled("r retries · ! error log", theme::dim()),
            ],
            (Some(e), None) => super::instances::error_lines(e, "DescribeRegions failed"),
            (_, Some(_)) => vec![Line::styled(
                format!("{} loading regions…", text::spinner(app.started, app.now)),
                theme::dim(),
            )],
            (None, None) => vec![Line::styled("no regions", theme::dim())],
        };
        let lines = text::wrap_lines(lines, width, usize::from(inner.height));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }

    // Counts arrive one region at a time: until every region's is known, the total says it
    // is a part (`130+`).
    let known: Vec<usize> = app
        .regions
        .regions
        .iter()
        .filter_map(|r| app.region_count(&r.region_id))
        .collect();
    let total = (!known.is_empty()).then(|| {
        let (sum, complete) = app.inventory_total();
        if complete {
            text::count(sum)
        } else {
            format!("{}+", text::count(sum))
        }
    });
    // One right-aligned column for every count, and one for the markers, so neither moves
    // with the width of a name; names are cut before them.
    let count_width = known
        .iter()
        .map(|&n| text::count(n).len())
        .chain(total.as_ref().map(String::len))
        .max()
        .unwrap_or(0);
    let count_gap = usize::from(count_width > 0);
    let name_width = width.saturating_sub(2 + count_gap + count_width + 2);
    // With favourites configured, every region row gets a key column: `1 cn-hangzhou` says
    // that `1` jumps there, as `0 All regions` says for `0`.
    let favorites = &app.ui.favorite_regions;
    let key_width = if favorites.is_empty() { 0 } else { 2 };
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    let rows = app.regions.regions.len() + 1;
    let end = rows.min(app.region_offset + usize::from(inner.height));
    for row in app.region_offset..end {
        let selected = row == app.region_cursor;
        let cursor = if selected { "> " } else { "  " };
        let (left, right, (marker, style)) = if row == 0 {
            let marker = if app.all.active
                && app.current_region.is_none()
                && app.all_regions_progress().0 < app.all_regions_progress().1
            {
                (
                    text::spinner(app.started, app.now),
                    Style::new().fg(theme::ACCENT),
                )
            } else {
                (" ", Style::new())
            };
            (
                "0 All regions".to_owned(),
                total.clone().unwrap_or_default(),
                marker,
            )
        } else {
            let region = &app.regions.regions[row - 1];
            let view = app.inventory_view(&region.region_id);
            let text = region_text(
                &region.region_id,
                &region.local_name,
                name_width.saturating_sub(key_width),
            );
            let left = match favorite_key(favorites, &region.region_id) {
                Some(key) => format!("{key} {text}"),
                None => format!("{}{text}", " ".repeat(key_width)),
            };
            let right = app
                .region_count(&region.region_id)
                .map(text::count)
                .unwrap_or_default();
            (left, right, marker(app, view))
        };
        let line = Line::from(vec![
            Span::raw(format!(
                "{cursor}{}{}{right:>count_width$} ",
                text::pad(&text::fit(&left, name_width), name_width),
                " ".repeat(count_gap)
            )),
            Span::styled(marker, style),
        ]);
        let line = if selected {
            line.style(theme::selected(focused))
        } else {
            line
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The digit that jumps to `region_id`: its place among the first nine favourites.
fn favorite_key(favorites: &[String], region_id: &str) -> Option<char> {
    favorites
        .iter()
        .take(9)
        .position(|f| f == region_id)
        .and_then(|i| char::from_digit(u32::try_from(i + 1).ok()?, 10))
}

/// A local name cut shorter than this is left out: `华北…` still says something, `华…` does not
/// (every Chinese region starts with 华).
const MIN_LOCAL_NAME: usize = 5;

/// `id local-name` in `width` columns: the id whole (cut only when it alone is too wide), then
/// the local name, cut with `…`, or left out when too little of it would show.
fn region_text(id: &str, local: &str, width: usize) -> String {
    let id = sanitize(id);
    let local = sanitize(local);
    let room = width.saturating_sub(id.width() + 1);
    if id.width() > width {
        return cut_middle(&id, width);
    }
    if local.is_empty() || room < MIN_LOCAL_NAME {
        return id.into_owned();
    }
    format!("{id} {}", text::fit(&local, room))
}

/// Region ids differ at their end (`ap-northeast-1`, `ap-northeast-2`): one too long keeps its
/// last three characters, `ap-northe…t-1`.
fn cut_middle(id: &str, width: usize) -> String {
    const TAIL: usize = 3;
    let chars: Vec<char> = id.chars().collect();
    if width < TAIL + 3 || !id.is_ascii() {
        return text::fit(id, width);
    }
    let head: String = chars[..width - 1 - TAIL].iter().collect();
    let tail: String = chars[chars.len() - TAIL..].iter().collect();
    format!("{head}…{tail}")
}

fn marker(app: &App, view: Option<&RegionView>) -> (&'static str, Style) {
    let Some(view) = view else {
        return (" ", Style::new());
    };
    if view.is_busy() {
        return (
            text::spinner(app.started, app.now),
            Style::new().fg(theme::ACCENT),
        );
    }
    match view.state() {
        PaneState::Loaded | PaneState::Empty => {
            (LOADED, Style::new().fg(ratatui::style::Color::Green))
        }
        PaneState::Failed if view.error().is_some_and(denied) => {
            (NO_PERMISSION, theme::error().add_modifier(Modifier::BOLD))
        }
        PaneState::Failed => (FAILED, theme::warn().add_modifier(Modifier::BOLD)),
        PaneState::NoPermission => (NO_PERMISSION, theme::error().add_modifier(Modifier::BOLD)),
        PaneState::Loading => (" ", Style::new()),
    }
}

/// A refusal by RAM (an explicit Forbidden, or DryRun denied) rather than no answer: the
/// region has its own marker. A disabled AccessKey is a credentials failure, not a policy.
fn denied(e: &crate::api::Error) -> bool {
    let code = e.code();
    (code.starts_with("Forbidden") && code != "Forbidden.AccessKeyDisabled")
        || code == "NoPermission"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_favourite_region_is_keyed_by_its_place_among_the_first_nine() {
        let favorites: Vec<String> = (1..=10).map(|i| format!("r-{i}")).collect();
        assert_eq!(favorite_key(&favorites, "r-1"), Some('1'));
        assert_eq!(favorite_key(&favorites, "r-9"), Some('9'));
        assert_eq!(favorite_key(&favorites, "r-10"), None);
        assert_eq!(favorite_key(&favorites, "cn-hangzhou"), None);
    }

    #[test]
    fn a_region_id_too_long_keeps_the_end_that_tells_it_apart() {
        assert_eq!(
            region_text("ap-northeast-1", "日本（东京）", 13),
            "ap-northe…t-1"
        );
        assert_eq!(region_text("ap-northeast-2", "", 13), "ap-northe…t-2");
        assert_eq!(region_text("cn-qingdao", "华北1（青岛）", 13), "cn-qingdao");
        assert_eq!(
            region_text("cn-qingdao", "华北1（青岛）", 16),
            "cn-qingdao 华北…"
        );
        assert_eq!(
            region_text("cn-qingdao", "华北1（青岛）", 24),
            "cn-qingdao 华北1（青岛）"
        );
    }
}
