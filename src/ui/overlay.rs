//! Where popups and dialogs go, and clearing the area under one so its border survives wide
//! characters beside it.
//!
//! A double-width character (华, 东) just left of a popup covers the popup's first column on a
//! real terminal: ratatui's diff skips the cell after a wide character, so the popup's `│` and
//! `┌` are never sent. Every box drawn over the panes clears its area through [`clear`].

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use crate::app::layout;
use unicode_width::UnicodeWidthStr as _;

/// The area between the header and the footer, where popups and dialogs go: both lines stay
/// whole above and below them.
#[must_use]
pub fn body(frame: &Frame) -> Rect {
    let area = frame.area();
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(layout::CHROME),
        ..area
    }
}

/// Clears `area` and blanks any wide character that reaches into it from the left.
pub fn clear(frame: &mut Frame, area: Rect) {
    let area = area.intersection(frame.area());
    if area.is_empty() {
        return;
    }
    let buffer = frame.buffer_mut();
    // Only the column just left can reach in: nothing is wider than two columns. A wide
    // character starting in the last column is inside the area and cleared with it; the cell
    // after it was blanked when it was drawn, and ratatui redraws that cell itself.
    if let Some(left) = area.x.checked_sub(1).filter(|x| *x >= buffer.area.x) {
        for y in area.top()..area.bottom() {
            let cell = &mut buffer[(left, y)];
            if cell.symbol().width() > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    frame.render_widget(Clear, area);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Block;

    use super::*;

    /// Draws wide text under a bordered box through the terminal's diff, as a real screen
    /// gets it, and returns the row's symbols as the backend holds them.
    fn screen(text: &str, popup: Rect, with_clear: bool) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(12, 3)).expect("terminal");
        terminal
            .draw(|f| {
                for y in 0..3 {
                    f.buffer_mut()
                        .set_string(0, y, text, ratatui::style::Style::new());
                }
                if with_clear {
                    clear(f, popup);
                } else {
                    f.render_widget(Clear, popup);
                }
                f.render_widget(Block::bordered(), popup);
            })
            .expect("draw");
        let b = terminal.backend().buffer();
        (0..3)
            .map(|y| (0..12).map(|x| b[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn a_wide_character_across_the_left_edge_does_not_hide_the_border() {
        // 华 takes columns 2-3; the box starts at column 3, under its second half.
        let popup = Rect::new(3, 0, 6, 3);
        let cleared = screen("ab华东1234567", popup, true);
        assert_eq!(cleared, ["ab ┌────┐456", "ab │    │456", "ab └────┘456"]);
        // What a plain Clear gives, which is why the helper exists.
        let plain = screen("ab华东1234567", popup, false);
        assert!(
            plain.iter().all(|row| row.starts_with("ab华 ")),
            "{plain:?}"
        );
    }

    #[test]
    fn narrow_text_and_the_right_edge_are_left_alone() {
        // 东 starts in the box's last column: cleared with the box; the text after stays.
        let popup = Rect::new(0, 0, 5, 3);
        let cleared = screen("abcd东efghij", popup, true);
        assert_eq!(cleared[1], "│   │ efghij");
    }
}
