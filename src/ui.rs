//! Drawing: one frame from the App, no decisions of its own.

mod detail;
mod footer;
mod header;
mod instances;
pub mod json;
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
use ratatui::layout::{Constraint, Layout};

use crate::app::{App, Popup, layout};

pub use widths::{fit, fit_columns};

pub fn draw(frame: &mut Frame, app: &App) {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let [regions, instances] = Layout::horizontal([
        Constraint::Length(layout::region_pane_width(frame.area().width)),
        Constraint::Fill(1),
    ])
    .areas(body);
    header::draw_header(frame, header, app);
    regions::draw_regions(frame, regions, app);
    instances::draw_instances(frame, instances, app);
    detail::draw_detail(frame, body, app);
    footer::draw_footer(frame, footer, app);
    match app.popup {
        Some(Popup::Profiles { cursor }) => popup::draw_profiles(frame, app, cursor),
        Some(Popup::Help { scroll }) => popup::draw_help(frame, scroll),
        Some(Popup::Errors { scroll }) => errlog::draw_errors(frame, app, scroll),
        None => {}
    }
    detail::draw_dialog(frame, app);
    theme::apply(frame.buffer_mut(), theme::Look::of(app));
}
