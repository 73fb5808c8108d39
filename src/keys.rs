//! The one key table: what each key does where, used by dispatch, the footer and the `?` help.

mod browse;
mod finding;
mod instance;
pub mod names;

use std::sync::LazyLock;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::Action;

/// Where a binding applies. A popup's scope wins over the focused pane's, which wins over
/// `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Regions,
    Instances,
    Picker,
    Help,
    /// The describe or JSON view of one instance.
    Detail,
    /// Typing a search in the describe or JSON view.
    Search,
    /// The save prompt (`ctrl-s`): which format.
    SaveAs,
    /// A message box (the console URL).
    Notice,
    /// Typing the `/` filter: characters go to the text.
    Filter,
    /// The error log popup.
    Errors,
    /// The copy menu (`C`): which value to copy.
    CopyMenu,
}

/// A key with the modifiers that matter (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

#[derive(Clone)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    /// How the keys are written in the footer and the help.
    pub label: &'static str,
    pub help: &'static str,
    pub action: Action,
    /// The footer's word for it when its scope is active; empty keeps it out of the footer.
    pub footer: &'static str,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    label: &'static str,
    help: &'static str,
    action: Action,
    footer: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        label,
        help,
        action,
        footer,
    }
}

use Scope::{
    CopyMenu, Detail, Errors, Filter, Global, Help, Instances, Notice, Picker, Regions, SaveAs,
    Search,
};

/// Every binding, in the order the help lists them.
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    (browse::ROWS.iter().cloned())
        .chain(instance::ROWS.iter().cloned())
        .chain(finding::rows())
        .collect()
});

/// The key without the noise: Shift is part of the character (`R`, `G`), and `shift-Tab` is
/// `BackTab` already.
fn normalize(event: &KeyEvent) -> Key {
    Key {
        code: event.code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
    }
}

/// The action for a key press in `scope` (the popup if one is open, else the focused pane).
/// Releases and repeats-as-release are ignored: some terminals report both.
#[must_use]
pub fn action_for(event: &KeyEvent, scope: Scope) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let pressed = normalize(event);
    // ctrl-c quits from anywhere, popups included.
    if pressed == ctrl('c') {
        return Some(Action::Quit);
    }
    let find = |s: Scope| {
        BINDINGS
            .iter()
            .find(|b| b.scope == s && b.keys.contains(&pressed))
            .map(|b| b.action.clone())
    };
    match scope {
        // A popup takes its own keys and the movement keys, nothing else.
        Picker => find(Picker).or_else(|| {
            find(Global).filter(|a| {
                matches!(
                    a,
                    Action::SelectFirst | Action::SelectLast | Action::PageUp | Action::PageDown
                )
            })
        }),
        Help => find(Help).or_else(|| find(Global).filter(is_movement)),
        Global | Regions | Instances => find(scope).or_else(|| find(Global)),
        Detail => find(Detail).or_else(|| {
            find(Global).filter(|a| {
                is_movement(a) || matches!(a, Action::Refresh | Action::OpenHelp | Action::Suspend)
            })
        }),
        // Typing: every plain character is text, even the ones that are keys elsewhere.
        Search => match (pressed.code, pressed.ctrl) {
            (KeyCode::Char(c), false) => Some(Action::SearchInput(c)),
            (KeyCode::Backspace, _) => Some(Action::SearchBackspace),
            _ => find(Search),
        },
        SaveAs | Notice | CopyMenu => find(scope),
        // Typing: the text field's own keys, every other character is text.
        Filter => find(Filter).or(match pressed {
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
            } => Some(Action::FilterInput(c)),
            _ => None,
        }),
        Errors => find(Errors).or_else(|| find(Global).filter(is_movement)),
    }
}

/// The movement keys, which popups and views borrow from the global scope.
pub(crate) fn is_movement(action: &Action) -> bool {
    matches!(
        action,
        Action::SelectPrev
            | Action::SelectNext
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageUp
            | Action::PageDown
    )
}

/// The action for a mouse event (only read with `mouse = true`): left clicks and the wheel.
#[must_use]
pub fn mouse_action(event: &MouseEvent) -> Option<Action> {
    let (column, row) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            column,
            row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            down: false,
        }),
        _ => None,
    }
}

/// The bindings the footer shows for `scope`: the pane's own first, then the global ones.
pub fn footer(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    let own = BINDINGS
        .iter()
        .filter(move |b| !b.footer.is_empty() && b.scope == scope && scope != Global);
    let global = BINDINGS.iter().filter(move |b| {
        !b.footer.is_empty()
            && b.scope == Global
            && !matches!(
                scope,
                Picker | Help | Detail | Search | SaveAs | Notice | Filter | Errors | CopyMenu
            )
    });
    own.chain(global)
}

/// Whether `binding` acts on the table's selected instance (describe, copy, ssh, ...): the
/// footer lists these first while the table has the focus.
#[must_use]
pub fn acts_on_instance(binding: &Binding) -> bool {
    instance::ROWS.iter().any(|b| b.action == binding.action)
}

/// The lines of the help: every binding that has a label, grouped as the table is.
pub fn help_lines() -> impl Iterator<Item = (&'static str, &'static str, Scope)> {
    BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.help, b.scope))
}

#[cfg(test)]
mod tests;
