//! The help's content (the key table by scope, then the region pane's markers), shared by
//! `update` (how far it scrolls) and the drawing.

use crate::keys::{self, Scope};

/// Width of the help box.
pub const WIDTH: u16 = 72;

// The region pane's markers, each one column wide in every terminal (no emoji, no East Asian
// ambiguous width such as ⊘, which CJK locales draw two columns wide).
pub const LOADED: &str = "✓";
pub const FAILED: &str = "⚠";
pub const NO_PERMISSION: &str = "✗";

const SECTIONS: [(Scope, &str); 11] = [
    (Scope::Global, "everywhere"),
    (Scope::Regions, "in the region pane"),
    (Scope::Instances, "in the instance table"),
    (Scope::Picker, "in the profile picker"),
    (Scope::Help, "in this help"),
    (Scope::Detail, "in the describe and JSON views"),
    (Scope::Search, "while typing a search"),
    (Scope::SaveAs, "when saving the view"),
    (Scope::CopyMenu, "in the copy menu (C)"),
    (Scope::Filter, "while typing a filter"),
    (Scope::Errors, "in the error log"),
];

const MARKERS: [(&str, &str); 4] = [
    (LOADED, "loaded (the count is the region's instances)"),
    ("⠋", "loading"),
    (FAILED, "failed: network or API error (r tries again)"),
    (
        NO_PERMISSION,
        "no permission: ecs:DescribeInstances denied (RAM)",
    ),
];

/// One line of the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// A key (or marker) and what it does (or means).
    Entry(&'static str, &'static str),
}

#[must_use]
pub fn lines() -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (scope, heading) in SECTIONS {
        lines.push(HelpLine::Heading(heading));
        lines.extend(
            keys::help_lines()
                .filter(|(_, _, s)| *s == scope)
                .map(|(label, help, _)| HelpLine::Entry(label, help)),
        );
    }
    lines.push(HelpLine::Heading("markers in the region pane"));
    lines.extend(MARKERS.map(|(m, meaning)| HelpLine::Entry(m, meaning)));
    lines
}

/// Lines of the help in sight on a terminal `height` rows high (inside the box's border,
/// between the header and the footer).
#[must_use]
pub fn viewport(height: u16) -> usize {
    (lines().len() + 2)
        .min(usize::from(height.saturating_sub(super::layout::CHROME)))
        .saturating_sub(2)
}

/// The furthest the help scrolls: its last line at the bottom of the box.
#[must_use]
pub fn max_scroll(height: u16) -> usize {
    lines().len().saturating_sub(viewport(height))
}
