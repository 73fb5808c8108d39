//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;

#[must_use]
pub fn status(status: &str) -> Style {
    match status {
        "Running" => Style::new().fg(Color::Green),
        "Stopped" => Style::new().fg(Color::DarkGray),
        "Starting" | "Stopping" | "Pending" => Style::new().fg(Color::Yellow),
        _ => Style::new(),
    }
}

#[must_use]
pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(ACCENT)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

/// The background of the selection in a pane without the focus.
pub const SELECTED_BG: Color = Color::DarkGray;

#[must_use]
pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().bg(SELECTED_BG)
    }
}

/// A pane's title: bold where the focus is, which shows even without colours.
#[must_use]
pub fn title(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    }
}

#[must_use]
pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

#[must_use]
pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

#[must_use]
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

#[must_use]
pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

mod palette;
pub use palette::{Look, apply, light};
