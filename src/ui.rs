//! Drawing: one frame from the App, no decisions of its own.

mod detail;
mod footer;
mod header;
mod instances;
pub mod json;
pub mod picture;
mod popup;
mod regions;
pub mod text;
pub mod theme;

mod all_regions;
mod errlog;
mod filter_bar;
mod overlay;
mod title;
mod widths;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Popup, layout};

pub use widths::{MAX_COLUMN_WIDTH, cap_cell, fit, fit_columns};

pub fn draw(frame: &mut Frame, app: &App) {
    if app.too_small() {
        draw_too_small(frame);
        theme::apply(frame.buffer_mut(), theme::Look::of(app));
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let [regions, instances] = Layout::horizontal([
        Constraint::Length(app.region_pane_width()),
        Constraint::Fill(1),
    ])
    .areas(body);
    header::draw_header(frame, header, app);
    if app.regions_shown() {
        regions::draw_regions(frame, regions, app);
    }
    instances::draw_instances(frame, instances, app);
    detail::draw_detail(frame, body, app);
    footer::draw_footer(frame, footer, app);
    if app.popup.is_some() || app.dialog.is_some() {
        // A box over the panes would leave strips of them beside it (a column of the table
        // between two borders reads as stray characters): the panes go while it is open.
        overlay::clear(frame, body);
    }
    // The flash sits on the panes' bottom border; over a popup's border it showed as a
    // stray piece beside it. It waits, and shows again when the popup closes. (A dialog
    // keeps it: the console URL's says there where the URL went.)
    if app.popup.is_none() {
        let border = Rect {
            y: body.bottom().saturating_sub(1),
            height: 1,
            ..body
        };
        footer::draw_flash(frame, border, app, detail::bottom_title_width(app));
    }
    match app.popup {
        Some(Popup::Profiles { cursor }) => popup::draw_profiles(frame, app, cursor),
        Some(Popup::Help { scroll }) => popup::draw_help(frame, scroll),
        Some(Popup::Errors { scroll }) => errlog::draw_errors(frame, app, scroll),
        None => {}
    }
    detail::draw_dialog(frame, app);
    theme::apply(frame.buffer_mut(), theme::Look::of(app));
}

/// Instead of panes too small to read: what the size must be.
fn draw_too_small(frame: &mut Frame) {
    let area = frame.area();
    let text = format!(
        "terminal too small (need {}x{})",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let lines =
        u16::try_from(text.len().div_ceil(usize::from(area.width.max(1))) + 1).unwrap_or(u16::MAX);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(lines),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme::warn()))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}
