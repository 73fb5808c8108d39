//! The describe and JSON views over the panes, their search, and (in `dialog`) the small
//! dialogs.

mod dialog;

pub use dialog::draw_dialog;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::{json, text, theme};
use crate::app::detail::{DetailLine, LineKind, json_lines};
use crate::app::{App, Detail, DetailKind, Part};
use crate::columns::sanitize;

/// A name cut shorter than this says too little to be worth showing.
const MIN_NAME: usize = 6;

pub fn draw_detail(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(detail), Some(instance)) = (&app.detail, app.detail_instance()) else {
        return;
    };
    super::overlay::clear(frame, area);
    let lines: Vec<Vec<(String, Style)>> = match detail.kind {
        DetailKind::Describe => detail
            .describe_lines(instance, usize::from(area.width.saturating_sub(2)))
            .iter()
            .map(describe_spans)
            .collect(),
        DetailKind::Json => json_lines(instance)
            .iter()
            .map(|l| json::highlight(l))
            .collect(),
    };
    let lines_total = lines.len();
    let viewport = usize::from(area.height.saturating_sub(2));
    let scroll = detail.scroll.min(lines.len().saturating_sub(viewport));
    let search = &detail.search;
    let current = search.current.and_then(|c| search.matches.get(c)).copied();
    let shown: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(scroll)
        .take(viewport)
        .map(|(n, spans)| mark(spans, &search.query, current == Some(n)))
        // A line wider than the view says it is cut (the console URL, long JSON strings).
        .map(|line| text::fit_line(line, usize::from(area.width.saturating_sub(2))))
        .collect();

    let what = match detail.kind {
        DetailKind::Describe => "Describe",
        DetailKind::Json => "JSON",
    };
    let total = lines_total;
    let position = format!(
        " {}-{}/{total} ",
        scroll + 1,
        (scroll + viewport).min(total)
    );
    // The title gives way (the name cut with `…`, then whole parts) before it runs into the
    // position on the right.
    let room = usize::from(area.width.saturating_sub(2)).saturating_sub(position.len() + 1);
    let id = sanitize(&instance.instance_id);
    // The ID before the view's kind when both do not fit: the kind shows in the keys.
    let head = format!(" {what} · {id}");
    let head = if head.width() + 1 > room {
        format!(" {id}")
    } else {
        head
    };
    let mut title = vec![Span::styled(
        head,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    // Room for ` · `, the spinner and a closing space besides the name.
    let name_room = room.saturating_sub(title[0].width() + 3 + 2 + 1);
    if !instance.instance_name.is_empty() && name_room >= MIN_NAME {
        title.push(Span::raw(format!(
            " · {}",
            text::fit(&sanitize(&instance.instance_name), name_room)
        )));
    }
    if detail.kind == DetailKind::Describe && loading(detail) {
        title.push(Span::styled(
            format!(" {}", text::spinner(app.started, app.now)),
            Style::new().fg(theme::ACCENT),
        ));
    }
    let title = super::title::Title {
        head: title,
        breakdown: Vec::new(),
        tail: Vec::new(),
        spare: Vec::new(),
    }
    .fit(room);
    let block = Block::bordered()
        .border_style(theme::border(app.popup.is_none() && app.dialog.is_none()))
        .title(title)
        .title_top(Line::styled(position, theme::dim()).right_aligned())
        .title_bottom(search_line(detail));
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

/// Columns the open view's bottom border holds at its left (its search line), for the flash
/// to leave alone; 0 without a view.
pub fn bottom_title_width(app: &App) -> u16 {
    app.detail.as_ref().map_or(0, |d| {
        u16::try_from(search_line(d).width() + 1).unwrap_or(u16::MAX)
    })
}

fn loading(detail: &Detail) -> bool {
    matches!(detail.disks, Part::Loading) || matches!(detail.groups, Part::Loading)
}

/// The search being typed, or the last one's result, in the bottom border.
fn search_line(detail: &Detail) -> Line<'static> {
    let s = &detail.search;
    if let Some(input) = &s.input {
        return Line::from(vec![
            Span::styled(" /", theme::key()),
            Span::raw(sanitize(input).into_owned()),
            Span::styled("▏", theme::key()),
            Span::styled(" Enter search · Esc cancel ", theme::dim()),
        ]);
    }
    if s.query.is_empty() {
        return Line::from(Span::styled(" / search ", theme::dim()));
    }
    let found = match (s.current, s.matches.len()) {
        (_, 0) => "no match".to_owned(),
        (Some(c), n) => format!("{}/{n}", c + 1),
        (None, n) => format!("{n} matches"),
    };
    Line::from(vec![
        Span::styled(format!(" /{} ", sanitize(&s.query)), theme::key()),
        Span::raw(format!("{found} ")),
        Span::styled("· n N · Esc clears ", theme::dim()),
    ])
}

fn describe_spans(line: &DetailLine) -> Vec<(String, Style)> {
    match line.kind {
        LineKind::Heading if line.text.starts_with(' ') => {
            vec![(line.text.clone(), Style::new().add_modifier(Modifier::BOLD))]
        }
        LineKind::Heading => vec![(
            line.text.clone(),
            Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD),
        )],
        LineKind::Field => {
            let label: String = line.text.chars().take(line.label).collect();
            let value: String = line.text.chars().skip(line.label).collect();
            let value_style = if label.trim() == "Status" {
                theme::status(&value)
            } else {
                Style::new()
            };
            vec![(label, theme::dim()), (value, value_style)]
        }
        LineKind::Row | LineKind::Blank => vec![(line.text.clone(), Style::new())],
        LineKind::Pending => vec![(
            line.text.clone(),
            theme::dim().add_modifier(Modifier::ITALIC),
        )],
        LineKind::Problem => vec![(line.text.clone(), theme::error())],
    }
}

/// The style of text that matches the search; the current match is reversed as well so it
/// stands out even without colours.
fn match_style(current: bool) -> Style {
    let style = Style::new()
        .bg(Color::Yellow)
        .fg(Color::Black)
        .add_modifier(Modifier::UNDERLINED);
    if current {
        style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        style
    }
}

/// `spans` as a line, with every case-insensitive occurrence of `query` marked.
fn mark(spans: Vec<(String, Style)>, query: &str, current: bool) -> Line<'static> {
    let needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return Line::from(
            spans
                .into_iter()
                .map(|(t, s)| Span::styled(t, s))
                .collect::<Vec<_>>(),
        );
    }
    // Work per char over the whole line, so a match may cross span boundaries.
    let chars: Vec<(char, Style)> = spans
        .iter()
        .flat_map(|(t, s)| t.chars().map(move |c| (c, *s)))
        .collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|(c, _)| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut hit = vec![false; chars.len()];
    if needle.len() <= lower.len() {
        for start in 0..=lower.len() - needle.len() {
            if lower[start..start + needle.len()] == needle[..] {
                hit[start..start + needle.len()].fill(true);
            }
        }
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_style: Option<Style> = None;
    for ((c, style), marked) in chars.into_iter().zip(hit) {
        let style = if marked {
            style.patch(match_style(current))
        } else {
            style
        };
        if run_style != Some(style) {
            if let Some(s) = run_style {
                out.push(Span::styled(std::mem::take(&mut run), s));
            }
            run_style = Some(style);
        }
        run.push(c);
    }
    if let Some(s) = run_style {
        out.push(Span::styled(run, s));
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(line: &Line) -> Vec<(String, bool)> {
        line.spans
            .iter()
            .map(|s| (s.content.to_string(), s.style.bg == Some(Color::Yellow)))
            .collect()
    }

    #[test]
    fn matches_are_marked_ignoring_case_across_spans() {
        let spans = vec![
            ("  VPC   ".to_owned(), Style::new()),
            ("vpc-bp1".to_owned(), Style::new().fg(Color::Green)),
        ];
        let line = mark(spans, "VpC", false);
        assert_eq!(
            text_of(&line),
            vec![
                ("  ".into(), false),
                ("VPC".into(), true),
                ("   ".into(), false),
                ("vpc".into(), true),
                ("-bp1".into(), false),
            ]
        );
        // The span's own colour stays under the mark where the mark sets none.
        assert!(
            line.spans[3]
                .style
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
    }

    #[test]
    fn no_query_no_marks() {
        let line = mark(vec![("abc".into(), Style::new())], "", true);
        assert_eq!(text_of(&line), vec![("abc".into(), false)]);
    }
}
