//! What a new user's trial of the browser found, drawn through `TestBackend`: popups over wide
//! text, titles and header/footer at narrow widths, markers, NO_COLOR selection, spare width.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Draws `app` twice through the terminal's diff, as a real screen receives it: the second
/// frame is drawn over the first, like a popup opened over the panes.
fn screen(before: &App, after: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(after.width, after.height)).unwrap();
    terminal.draw(|f| ecs_tui::ui::draw(f, before)).unwrap();
    terminal.draw(|f| ecs_tui::ui::draw(f, after)).unwrap();
    terminal.backend().buffer().clone()
}

fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(needle) {
            // Columns, not bytes: count the cells before the match.
            let mut x = 0u16;
            let mut seen = 0;
            while seen < byte {
                seen += buffer[(x, y)].symbol().len();
                x += 1;
            }
            return Some((x, y));
        }
    }
    None
}

#[test]
fn the_help_popup_keeps_its_left_border_over_wide_region_names() {
    // At some of these widths a 华/东 of the region pane straddles the popup's left edge.
    for width in 80..=140 {
        let panes = loaded_app(t0(), (width, 35), 40);
        let mut help = panes.clone();
        help.update(Action::OpenHelp);
        let b = screen(&panes, &help);
        let (title, y) = find(&b, "Keys · Esc").unwrap();
        let x = title - 2;
        assert_eq!(b[(x, y)].symbol(), "┌", "width {width}");
        for row in y + 1..35 {
            let symbol = b[(x, row)].symbol();
            assert!(
                symbol == "│" || symbol == "└",
                "width {width}, row {row}: {symbol:?} where the border should be"
            );
        }
    }
}
