//! The light palette, `NO_COLOR` and the profile's accent, applied to the finished frame: the
//! panes draw with the dark palette's roles, and this maps each colour once per frame, so no
//! drawing code needs to know which look is in use.

use std::str::FromStr as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::ACCENT;
use crate::app::App;
use crate::config::Theme;

/// How the frame should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub theme: Theme,
    pub no_color: bool,
    /// The profile's accent (`[profiles.NAME] accent`), replacing the default accent; the
    /// header line takes it as its background.
    pub accent: Option<Color>,
}

impl Look {
    #[must_use]
    pub fn of(app: &App) -> Look {
        let accent = app
            .settings
            .accents
            .get(app.profile_name())
            .and_then(|a| Color::from_str(a).ok());
        Look {
            theme: app.ui.theme,
            no_color: app.settings.no_color,
            accent,
        }
    }
}

/// The dark palette's colours as they read on a light background.
#[must_use]
pub fn light(colour: Color, background: bool) -> Color {
    match (colour, background) {
        (Color::DarkGray, true) => Color::Indexed(252),
        (Color::Yellow, true) => Color::Indexed(229),
        (_, true) => colour,
        (Color::Cyan | Color::LightCyan, false) => Color::Indexed(25),
        (Color::Green | Color::LightGreen, false) => Color::Indexed(28),
        (Color::Yellow | Color::LightYellow, false) => Color::Indexed(130),
        (Color::Red | Color::LightRed, false) => Color::Indexed(160),
        (Color::Magenta | Color::LightMagenta, false) => Color::Indexed(127),
        (Color::Blue | Color::LightBlue, false) => Color::Indexed(19),
        (Color::DarkGray, false) => Color::Indexed(243),
        (Color::Gray | Color::White, false) => Color::Black,
        (other, false) => other,
    }
}

/// Recolours the drawn frame for `look`.
pub fn apply(buffer: &mut Buffer, look: Look) {
    let width = usize::from(buffer.area.width);
    let header = buffer.area.y == 0;
    for (n, cell) in buffer.content.iter_mut().enumerate() {
        if look.no_color {
            // Only modifiers. The unfocused selection's grey becomes bold and underlined:
            // underlined so the whole row shows, its blanks too (bold shows on letters only).
            // Any other background (a search match) turns into bold.
            if cell.bg == super::SELECTED_BG {
                cell.modifier.insert(Modifier::BOLD | Modifier::UNDERLINED);
            } else if cell.bg != Color::Reset {
                cell.modifier.insert(Modifier::BOLD);
            }
            cell.fg = Color::Reset;
            cell.bg = Color::Reset;
            continue;
        }
        let on_header = header && n < width;
        if let Some(accent) = look.accent {
            if on_header {
                cell.bg = accent;
                cell.fg = Color::Black;
                continue;
            }
            if cell.fg == ACCENT {
                cell.fg = accent;
                continue;
            }
        }
        if look.theme == Theme::Light {
            cell.fg = light(cell.fg, false);
            cell.bg = light(cell.bg, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn buffer() -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 4, 2));
        b.set_string(0, 0, "ab", Style::new().fg(ACCENT));
        b.set_string(0, 1, "c", Style::new().fg(Color::Green));
        b.set_string(1, 1, "d", Style::new().bg(Color::DarkGray));
        b.set_string(2, 1, "e", Style::new().fg(ACCENT));
        b
    }

    #[test]
    fn dark_without_accent_changes_nothing() {
        let mut b = buffer();
        apply(
            &mut b,
            Look {
                theme: Theme::Dark,
                no_color: false,
                accent: None,
            },
        );
        assert_eq!(b, buffer());
    }

    #[test]
    fn no_color_keeps_only_modifiers() {
        let mut b = buffer();
        apply(
            &mut b,
            Look {
                theme: Theme::Light,
                no_color: true,
                accent: Some(Color::Red),
            },
        );
        assert!(
            b.content
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
        );
        assert!(
            b[(1, 1)].modifier.contains(Modifier::BOLD),
            "the background became bold"
        );
    }

    #[test]
    fn light_darkens_foregrounds_and_lightens_the_selection() {
        let mut b = buffer();
        apply(
            &mut b,
            Look {
                theme: Theme::Light,
                no_color: false,
                accent: None,
            },
        );
        assert_eq!(b[(0, 1)].fg, Color::Indexed(28));
        assert_eq!(b[(1, 1)].bg, Color::Indexed(252));
        assert_eq!(b[(2, 1)].fg, Color::Indexed(25));
    }

    #[test]
    fn an_accent_takes_the_header_and_the_accent_colour() {
        let mut b = buffer();
        apply(
            &mut b,
            Look {
                theme: Theme::Dark,
                no_color: false,
                accent: Some(Color::Red),
            },
        );
        assert_eq!((b[(3, 0)].bg, b[(3, 0)].fg), (Color::Red, Color::Black));
        assert_eq!(b[(2, 1)].fg, Color::Red);
        assert_eq!(b[(0, 1)].fg, Color::Green);
    }
}
