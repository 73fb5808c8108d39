//! The one key table: what each key does where, used by dispatch, the footer and the `?` help.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::Action;
use crate::app::sort::SortKey;
use crate::export::ExportFormat;

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
    Detail, Errors, Filter, Global, Help, Instances, Notice, Picker, Regions, SaveAs, Search,
};

/// Every binding, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    // Moving: the same keys in every list.
    bind(
        Global,
        &[code(KeyCode::Up), key('k')],
        "↑↓ jk",
        "move up / down",
        Action::SelectPrev,
        "",
    ),
    bind(
        Global,
        &[code(KeyCode::Down), key('j')],
        "",
        "",
        Action::SelectNext,
        "",
    ),
    bind(
        Global,
        &[key('g'), code(KeyCode::Home)],
        "g G Home End",
        "first / last",
        Action::SelectFirst,
        "",
    ),
    bind(
        Global,
        &[key('G'), code(KeyCode::End)],
        "",
        "",
        Action::SelectLast,
        "",
    ),
    bind(
        Global,
        &[code(KeyCode::PageUp), ctrl('b')],
        "PgUp PgDn ^b ^f",
        "page up / down",
        Action::PageUp,
        "",
    ),
    bind(
        Global,
        &[code(KeyCode::PageDown), ctrl('f')],
        "",
        "",
        Action::PageDown,
        "",
    ),
    // Panes.
    bind(
        Regions,
        &[code(KeyCode::Enter)],
        "Enter",
        "show the region's instances",
        Action::Enter,
        "instances",
    ),
    bind(
        Global,
        &[code(KeyCode::Tab)],
        "Tab S-Tab h l ←→",
        "switch between regions and instances",
        Action::FocusNext,
        "focus",
    ),
    bind(
        Global,
        &[code(KeyCode::BackTab)],
        "",
        "",
        Action::FocusPrev,
        "",
    ),
    bind(
        Global,
        &[code(KeyCode::Left), key('h')],
        "",
        "",
        Action::FocusRegions,
        "",
    ),
    bind(
        Global,
        &[code(KeyCode::Right), key('l')],
        "",
        "",
        Action::FocusInstances,
        "",
    ),
    bind(
        Instances,
        &[code(KeyCode::Esc)],
        "Esc",
        "clear the filter, else back to the regions",
        Action::Back,
        "back",
    ),
    bind(
        Global,
        &[key('0')],
        "0",
        "all regions: every region in one table",
        Action::SelectAllRegions,
        "",
    ),
    // Data.
    bind(
        Global,
        &[key('r'), ctrl('r')],
        "r",
        "refresh what is shown (keeps the selection)",
        Action::Refresh,
        "refresh",
    ),
    bind(
        Global,
        &[key('R')],
        "R",
        "refresh every region",
        Action::RefreshAll,
        "refresh all",
    ),
    bind(
        Global,
        &[key('p'), ctrl('p')],
        "p",
        "switch profile",
        Action::OpenProfiles,
        "profile",
    ),
    // Popups.
    bind(
        Picker,
        &[code(KeyCode::Up), key('k')],
        "↑↓ jk",
        "move",
        Action::SelectPrev,
        "move",
    ),
    bind(
        Picker,
        &[code(KeyCode::Down), key('j')],
        "",
        "",
        Action::SelectNext,
        "",
    ),
    bind(
        Picker,
        &[code(KeyCode::Enter)],
        "Enter",
        "use this profile",
        Action::Enter,
        "switch",
    ),
    bind(
        Picker,
        &[code(KeyCode::Esc), key('q'), key('p')],
        "Esc",
        "close",
        Action::Back,
        "close",
    ),
    bind(
        Help,
        &[code(KeyCode::Esc), key('q'), key('?')],
        "Esc",
        "close the help",
        Action::Back,
        "close",
    ),
    bind(Global, &[key('?')], "?", "help", Action::OpenHelp, "help"),
    bind(
        Global,
        &[ctrl('z')],
        "^z",
        "suspend (fg to come back)",
        Action::Suspend,
        "",
    ),
    bind(
        Global,
        &[key('q'), ctrl('c')],
        "q",
        "quit",
        Action::Quit,
        "quit",
    ),
    // One instance (issue 6): these act on the table's selected row from either pane.
    bind(
        Instances,
        &[code(KeyCode::Enter)],
        "Enter",
        "describe the instance",
        Action::Describe,
        "",
    ),
    bind(
        Global,
        &[key('d')],
        "d",
        "describe the selected instance",
        Action::Describe,
        "describe",
    ),
    bind(
        Global,
        &[key('y')],
        "y",
        "the instance's raw JSON, as the API sent it",
        Action::ShowJson,
        "json",
    ),
    bind(
        Global,
        &[key('c')],
        "c",
        "copy the instance ID (OSC 52, also over SSH/tmux)",
        Action::CopyId,
        "copy",
    ),
    bind(
        Global,
        &[key('s')],
        "s",
        "ssh to the instance (ssh_command in the config)",
        Action::Ssh,
        "",
    ),
    bind(
        Global,
        &[key('o')],
        "o",
        "the instance's console URL (shown and copied)",
        Action::OpenConsole,
        "",
    ),
    bind(
        Global,
        &[ctrl('s')],
        "^s",
        "save the rows on screen as CSV or JSON",
        Action::SaveView,
        "",
    ),
    bind(
        Detail,
        &[code(KeyCode::Esc)],
        "Esc",
        "back to the table (clears a search first)",
        Action::Back,
        "back",
    ),
    bind(
        Detail,
        &[key('/')],
        "/",
        "search",
        Action::SearchStart,
        "search",
    ),
    bind(
        Detail,
        &[key('n')],
        "n N",
        "next / previous match",
        Action::SearchNext,
        "next",
    ),
    bind(Detail, &[key('N')], "", "", Action::SearchPrev, ""),
    bind(
        Detail,
        &[key('d')],
        "d",
        "describe",
        Action::Describe,
        "describe",
    ),
    bind(
        Detail,
        &[key('y')],
        "y",
        "raw JSON",
        Action::ShowJson,
        "json",
    ),
    bind(
        Detail,
        &[key('c')],
        "c",
        "copy the instance ID",
        Action::CopyId,
        "copy",
    ),
    bind(Detail, &[key('s')], "s", "ssh", Action::Ssh, "ssh"),
    bind(
        Detail,
        &[key('o')],
        "o",
        "console URL",
        Action::OpenConsole,
        "console",
    ),
    bind(
        Search,
        &[code(KeyCode::Enter)],
        "Enter",
        "search for the text typed",
        Action::SearchSubmit,
        "search",
    ),
    bind(
        Search,
        &[code(KeyCode::Esc)],
        "Esc",
        "cancel",
        Action::Back,
        "cancel",
    ),
    bind(
        SaveAs,
        &[key('c')],
        "c",
        "CSV: the table's columns",
        Action::SaveAs(ExportFormat::Csv),
        "CSV",
    ),
    bind(
        SaveAs,
        &[key('j')],
        "j",
        "JSON: the objects as the API sent them",
        Action::SaveAs(ExportFormat::Json),
        "JSON",
    ),
    bind(
        SaveAs,
        &[code(KeyCode::Esc), key('q')],
        "Esc",
        "cancel",
        Action::Back,
        "cancel",
    ),
    bind(
        Notice,
        &[code(KeyCode::Esc), code(KeyCode::Enter), key('q'), key('o')],
        "Esc",
        "close",
        Action::Back,
        "close",
    ),
    // Finding (issue 6).
    bind(
        Regions,
        &[key('/')],
        "/",
        "filter the instances (see the instance table)",
        Action::OpenFilter,
        "filter",
    ),
    bind(
        Regions,
        &[code(KeyCode::Esc)],
        "Esc",
        "clear the filter",
        Action::Back,
        "",
    ),
    bind(
        Instances,
        &[key('/')],
        "/",
        "filter: text, !text (not), -f fuzzy name, -t k=v",
        Action::OpenFilter,
        "filter",
    ),
    bind(
        Instances,
        &[key('N')],
        "N/S/T/Z/A/P",
        "sort name/status/type/zone/age/region; again flips",
        Action::SortBy(SortKey::Name),
        "sort",
    ),
    bind(
        Instances,
        &[key('S')],
        "",
        "",
        Action::SortBy(SortKey::Status),
        "",
    ),
    bind(
        Instances,
        &[key('T')],
        "",
        "",
        Action::SortBy(SortKey::Type),
        "",
    ),
    bind(
        Instances,
        &[key('Z')],
        "",
        "",
        Action::SortBy(SortKey::Zone),
        "",
    ),
    bind(
        Instances,
        &[key('A')],
        "",
        "",
        Action::SortBy(SortKey::Age),
        "",
    ),
    bind(
        Instances,
        &[key('P')],
        "",
        "",
        Action::SortBy(SortKey::Region),
        "",
    ),
    bind(
        Global,
        &[key('1')],
        "1-9",
        "favourite regions (favorite_regions in the config)",
        Action::SelectFavorite(1),
        "",
    ),
    bind(Global, &[key('2')], "", "", Action::SelectFavorite(2), ""),
    bind(Global, &[key('3')], "", "", Action::SelectFavorite(3), ""),
    bind(Global, &[key('4')], "", "", Action::SelectFavorite(4), ""),
    bind(Global, &[key('5')], "", "", Action::SelectFavorite(5), ""),
    bind(Global, &[key('6')], "", "", Action::SelectFavorite(6), ""),
    bind(Global, &[key('7')], "", "", Action::SelectFavorite(7), ""),
    bind(Global, &[key('8')], "", "", Action::SelectFavorite(8), ""),
    bind(Global, &[key('9')], "", "", Action::SelectFavorite(9), ""),
    bind(
        Global,
        &[key('!')],
        "!",
        "error log: every failure since start-up",
        Action::OpenErrors,
        "errors",
    ),
    bind(
        Filter,
        &[code(KeyCode::Enter)],
        "Enter",
        "keep the filter and go to the table",
        Action::ApplyFilter,
        "keep",
    ),
    bind(
        Filter,
        &[code(KeyCode::Esc)],
        "Esc",
        "clear the filter",
        Action::ClearFilter,
        "clear",
    ),
    bind(
        Filter,
        &[code(KeyCode::Backspace)],
        "Backspace",
        "delete the last character",
        Action::FilterDelete,
        "",
    ),
    bind(
        Filter,
        &[ctrl('u')],
        "^u",
        "delete the whole text",
        Action::FilterClearInput,
        "",
    ),
    bind(
        Errors,
        &[code(KeyCode::Esc), key('q'), key('!')],
        "Esc",
        "close the error log",
        Action::Back,
        "close",
    ),
];

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
        Help => find(Help).or_else(|| {
            find(Global).filter(|a| {
                matches!(
                    a,
                    Action::SelectPrev
                        | Action::SelectNext
                        | Action::SelectFirst
                        | Action::SelectLast
                        | Action::PageUp
                        | Action::PageDown
                )
            })
        }),
        Global | Regions | Instances => find(scope).or_else(|| find(Global)),
        Detail => find(Detail).or_else(|| {
            find(Global).filter(|a| {
                matches!(
                    a,
                    Action::SelectPrev
                        | Action::SelectNext
                        | Action::SelectFirst
                        | Action::SelectLast
                        | Action::PageUp
                        | Action::PageDown
                        | Action::Refresh
                        | Action::OpenHelp
                        | Action::Suspend
                        | Action::Quit
                )
            })
        }),
        // Typing: every plain character is text, even the ones that are keys elsewhere.
        Search => match (pressed.code, pressed.ctrl) {
            (KeyCode::Char(c), false) => Some(Action::SearchInput(c)),
            (KeyCode::Backspace, _) => Some(Action::SearchBackspace),
            _ => find(Search),
        },
        SaveAs | Notice => find(scope),
        // Typing: the text field's own keys, every other character is text.
        Filter => find(Filter).or(match pressed {
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
            } => Some(Action::FilterInput(c)),
            _ => None,
        }),
        Errors => find(Errors).or_else(|| {
            find(Global).filter(|a| {
                matches!(
                    a,
                    Action::SelectPrev
                        | Action::SelectNext
                        | Action::SelectFirst
                        | Action::SelectLast
                        | Action::PageUp
                        | Action::PageDown
                )
            })
        }),
    }
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
                Picker | Help | Detail | Search | SaveAs | Notice | Filter | Errors
            )
    });
    own.chain(global)
}

/// The lines of the help: every binding that has a label, grouped as the table is.
pub fn help_lines() -> impl Iterator<Item = (&'static str, &'static str, Scope)> {
    BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.help, b.scope))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn presses_map_to_actions() {
        let cases = [
            (
                press(KeyCode::Char('j'), KeyModifiers::NONE),
                Action::SelectNext,
            ),
            (press(KeyCode::Down, KeyModifiers::NONE), Action::SelectNext),
            (
                press(KeyCode::Char('r'), KeyModifiers::NONE),
                Action::Refresh,
            ),
            (
                press(KeyCode::Char('r'), KeyModifiers::CONTROL),
                Action::Refresh,
            ),
            (
                press(KeyCode::Char('R'), KeyModifiers::SHIFT),
                Action::RefreshAll,
            ),
            (
                press(KeyCode::Char('R'), KeyModifiers::NONE),
                Action::RefreshAll,
            ),
            (
                press(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Action::SelectLast,
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Action::FocusPrev,
            ),
            (
                press(KeyCode::Char('p'), KeyModifiers::CONTROL),
                Action::OpenProfiles,
            ),
            (
                press(KeyCode::Char('f'), KeyModifiers::CONTROL),
                Action::PageDown,
            ),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::Quit,
            ),
            (
                press(KeyCode::Char('z'), KeyModifiers::CONTROL),
                Action::Suspend,
            ),
            (press(KeyCode::Char('q'), KeyModifiers::NONE), Action::Quit),
        ];
        for (event, want) in cases {
            assert_eq!(action_for(&event, Scope::Regions), Some(want), "{event:?}");
        }
    }

    #[test]
    fn releases_and_repeats_are_ignored() {
        let mut release = press(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(&release, Scope::Regions), None);
        let repeat = KeyEvent {
            kind: KeyEventKind::Repeat,
            state: KeyEventState::NONE,
            ..press(KeyCode::Char('j'), KeyModifiers::NONE)
        };
        assert_eq!(action_for(&repeat, Scope::Instances), None);
    }

    #[test]
    fn enter_depends_on_the_pane_and_popups_take_their_keys() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&enter, Scope::Regions), Some(Action::Enter));
        assert_eq!(action_for(&enter, Scope::Picker), Some(Action::Enter));
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(&q, Scope::Picker), Some(Action::Back));
        assert_eq!(action_for(&q, Scope::Help), Some(Action::Back));
        let r = press(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(
            action_for(&r, Scope::Picker),
            None,
            "no refresh under a popup"
        );
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(&esc, Scope::Instances), Some(Action::Back));
    }

    #[test]
    fn instance_keys_work_from_both_panes_and_in_the_view() {
        let d = press(KeyCode::Char('d'), KeyModifiers::NONE);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        let save = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(action_for(&d, Scope::Regions), Some(Action::Describe));
        assert_eq!(action_for(&enter, Scope::Instances), Some(Action::Describe));
        assert_eq!(action_for(&save, Scope::Instances), Some(Action::SaveView));
        assert_eq!(action_for(&s, Scope::Instances), Some(Action::Ssh));
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(action_for(&y, Scope::Detail), Some(Action::ShowJson));
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for(&j, Scope::Detail), Some(Action::SelectNext));
        let big_n = press(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&big_n, Scope::Detail), Some(Action::SearchPrev));
        let tab = press(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(
            action_for(&tab, Scope::Detail),
            None,
            "no pane focus in the view"
        );
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(&esc, Scope::Detail), Some(Action::Back));
    }

    #[test]
    fn typing_a_search_takes_every_character() {
        for c in ['q', 'r', 'j', '/', 'N', ' '] {
            let key = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                action_for(&key, Scope::Search),
                Some(Action::SearchInput(c))
            );
        }
        let bs = press(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(
            action_for(&bs, Scope::Search),
            Some(Action::SearchBackspace)
        );
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            action_for(&enter, Scope::Search),
            Some(Action::SearchSubmit)
        );
        let quit = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&quit, Scope::Search), Some(Action::Quit));
    }

    #[test]
    fn the_save_prompt_asks_c_or_j() {
        let c = press(KeyCode::Char('c'), KeyModifiers::NONE);
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        let r = press(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(
            action_for(&c, Scope::SaveAs),
            Some(Action::SaveAs(ExportFormat::Csv))
        );
        assert_eq!(
            action_for(&j, Scope::SaveAs),
            Some(Action::SaveAs(ExportFormat::Json))
        );
        assert_eq!(action_for(&r, Scope::SaveAs), None);
    }

    #[test]
    fn r_is_only_ever_refresh() {
        for b in BINDINGS {
            if b.keys.contains(&key('r')) {
                assert_eq!(b.action, Action::Refresh);
            }
        }
    }

    #[test]
    fn footer_and_help_come_from_the_table() {
        let footer: Vec<&str> = footer(Scope::Regions).map(|b| b.label).collect();
        assert!(footer.contains(&"Enter"));
        assert!(footer.contains(&"r"));
        assert!(footer.contains(&"q"));
        assert!(help_lines().any(|(label, _, _)| label == "R"));
    }

    #[test]
    fn finding_keys_and_typing_a_filter() {
        let p = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        let shifted = |c| press(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(&shifted('N'), Scope::Instances),
            Some(Action::SortBy(SortKey::Name))
        );
        assert_eq!(
            action_for(&shifted('P'), Scope::Instances),
            Some(Action::SortBy(SortKey::Region))
        );
        assert_eq!(
            action_for(&p('/'), Scope::Regions),
            Some(Action::OpenFilter)
        );
        assert_eq!(
            action_for(&p('/'), Scope::Instances),
            Some(Action::OpenFilter)
        );
        assert_eq!(
            action_for(&p('3'), Scope::Regions),
            Some(Action::SelectFavorite(3))
        );
        assert_eq!(
            action_for(&p('0'), Scope::Instances),
            Some(Action::SelectAllRegions)
        );
        assert_eq!(
            action_for(&shifted('!'), Scope::Instances),
            Some(Action::OpenErrors)
        );
        // Typing: every character is text, even those bound elsewhere.
        for c in ['q', 'r', '/', 'N', '0', '!', ' ', '='] {
            assert_eq!(
                action_for(&p(c), Scope::Filter),
                Some(Action::FilterInput(c))
            );
        }
        assert_eq!(
            action_for(&shifted('W'), Scope::Filter),
            Some(Action::FilterInput('W'))
        );
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&enter, Scope::Filter), Some(Action::ApplyFilter));
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(&esc, Scope::Filter), Some(Action::ClearFilter));
        let backspace = press(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(
            action_for(&backspace, Scope::Filter),
            Some(Action::FilterDelete)
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ctrl_c, Scope::Filter), Some(Action::Quit));
        // The error log: its own keys and movement, nothing else.
        assert_eq!(action_for(&esc, Scope::Errors), Some(Action::Back));
        assert_eq!(action_for(&p('j'), Scope::Errors), Some(Action::SelectNext));
        assert_eq!(action_for(&p('r'), Scope::Errors), None);
    }

    #[test]
    fn the_footer_follows_the_focused_pane() {
        let labels = |scope| footer(scope).map(|b| b.label).collect::<Vec<_>>();
        assert!(labels(Scope::Instances).contains(&"N/S/T/Z/A/P"));
        assert!(!labels(Scope::Regions).contains(&"N/S/T/Z/A/P"));
        assert_eq!(labels(Scope::Filter), ["Enter", "Esc"]);
        assert_eq!(labels(Scope::Errors), ["Esc"]);
    }
}
