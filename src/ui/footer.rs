//! The bottom line: the keys that work where the focus is, most useful first; and the latest
//! flash message on the line above it, so that a message never pushes a key hint out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::{Action, App, FlashLevel};
use crate::keys::{self, Binding, Scope};

pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    if app.scope() == Scope::Filter {
        super::filter_bar::draw_filter_bar(frame, area, app);
        return;
    }
    frame.render_widget(Paragraph::new(line(&hints(app.scope()), area.width)), area);
}

/// The hints for `scope`, most useful first.
fn hints(scope: Scope) -> Vec<&'static Binding> {
    let worded = |b: &&Binding| !b.footer.is_empty();
    match scope {
        Scope::Regions | Scope::Instances => {
            let own = keys::BINDINGS
                .iter()
                .filter(|b| b.scope == scope)
                .filter(worded);
            // The sort keys sort the table from either pane.
            let sort = keys::BINDINGS
                .iter()
                .filter(|b| matches!(b.action, Action::SortBy(_)))
                .find(worded);
            let global = keys::BINDINGS
                .iter()
                .filter(|b| b.scope == Scope::Global)
                .filter(worded);
            let (on_instance, rest): (Vec<_>, Vec<_>) =
                global.partition(|b| keys::acts_on_instance(b));
            // The table's keys act on its row; the region pane's are about what is shown.
            let (first, then) = if scope == Scope::Instances {
                (on_instance, rest)
            } else {
                (rest, on_instance)
            };
            let mut hints: Vec<&Binding> = Vec::new();
            for b in own.chain(sort).chain(first).chain(then) {
                if !hints.iter().any(|h| std::ptr::eq(*h, b)) {
                    hints.push(b);
                }
            }
            hints
        }
        // The describe and JSON views take `?` and `q` too, though not the other global keys.
        Scope::Detail => keys::footer(scope)
            .chain(keys::BINDINGS.iter().filter(|b| {
                b.scope == Scope::Global && matches!(b.action, Action::OpenHelp | Action::Quit)
            }))
            .collect(),
        _ => keys::footer(scope).collect(),
    }
}

/// `? help` and `q quit` stay whatever the width: they go last, with room kept for them.
fn kept(b: &Binding) -> bool {
    matches!(b.action, Action::OpenHelp | Action::Quit)
}

/// As many whole hints as fit in `width`, in order, then the kept ones.
fn line(hints: &[&Binding], width: u16) -> Line<'static> {
    let hint = |b: &Binding| {
        let key = b.label.split_whitespace().next().unwrap_or(b.label);
        (key, format!(" {}  ", b.footer))
    };
    let need = |b: &Binding| {
        let (key, rest) = hint(b);
        key.chars().count() + rest.chars().count()
    };
    let (last, others): (Vec<&Binding>, Vec<&Binding>) = hints.iter().partition(|b| kept(b));
    // The two spaces after the last hint may be cut.
    let room = usize::from(width) + 2;
    let mut used = 1 + last.iter().map(|b| need(b)).sum::<usize>();
    let mut shown = Vec::new();
    // Whole hints only, and none after one that does not fit: a cut-off one would say
    // nothing, and a later one in its place would break the order.
    for b in others {
        if used + need(b) > room {
            break;
        }
        used += need(b);
        shown.push(b);
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for b in shown.into_iter().chain(last) {
        let (key, rest) = hint(b);
        if used + key.chars().count() + rest.trim_end().chars().count() > usize::from(width) {
            break;
        }
        used += key.chars().count() + rest.chars().count();
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(rest));
    }
    Line::from(spans)
}

/// The flash message, right-aligned in `row` (the panes' bottom border, just above the
/// footer), keeping the border's corners and the first `avoid` columns (a title there).
pub fn draw_flash(frame: &mut Frame, row: Rect, app: &App, avoid: u16) {
    let Some(flash) = &app.flash else {
        return;
    };
    let style = match flash.level {
        FlashLevel::Info => theme::dim(),
        FlashLevel::Warn => theme::warn(),
    };
    // `└` and the rest of a title on the left, `─┘` on the right, a space each side.
    let room = usize::from(row.width.saturating_sub(avoid.max(1) + 2)).saturating_sub(2);
    if room < 4 {
        return;
    }
    let message = format!(" {} ", text::fit(&flash.text, room));
    let width = u16::try_from(unicode_width::UnicodeWidthStr::width(message.as_str()))
        .unwrap_or(u16::MAX)
        .min(row.width);
    let area = Rect {
        x: row.right().saturating_sub(width + 2),
        width,
        ..row
    };
    super::overlay::clear(frame, area);
    frame.render_widget(Paragraph::new(Line::styled(message, style)), area);
}
