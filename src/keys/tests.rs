//! The key table's dispatch, footer and help, checked key by key.

use super::*;
use crate::app::sort::SortKey;
use crate::export::ExportFormat;
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
    for b in BINDINGS.iter() {
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
    // Sort keys sort the table from the region pane too, and its footer says so.
    assert!(labels(Scope::Regions).contains(&"N/S/T/Z/A/P"));
    assert_eq!(labels(Scope::Filter), ["Enter", "Esc"]);
    assert_eq!(labels(Scope::Errors), ["Esc"]);
}

#[test]
fn q_in_a_view_above_the_browser_goes_back_and_ctrl_c_still_quits() {
    let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for scope in [Scope::Detail, Scope::Help, Scope::Errors, Scope::Picker] {
        assert_eq!(action_for(&q, scope), Some(Action::Back), "{scope:?}");
        assert_eq!(action_for(&ctrl_c, scope), Some(Action::Quit), "{scope:?}");
    }
    for scope in [Scope::Regions, Scope::Instances] {
        assert_eq!(action_for(&q, scope), Some(Action::Quit), "{scope:?}");
    }
}

#[test]
fn sort_keys_sort_the_table_from_either_pane() {
    for scope in [Scope::Regions, Scope::Instances] {
        for (c, by) in [
            ('N', SortKey::Name),
            ('S', SortKey::Status),
            ('A', SortKey::Age),
        ] {
            let key = press(KeyCode::Char(c), KeyModifiers::SHIFT);
            assert_eq!(
                action_for(&key, scope),
                Some(Action::SortBy(by)),
                "{scope:?}"
            );
        }
    }
}
