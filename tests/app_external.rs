//! What the browser does outside itself, as a state machine: the copy menu (`C`), what a copy
//! says once the run loop answers (copied by a tool, or only sent as OSC 52), the console URL
//! box following the clipboard and the browser, and ssh's end in the footer and the error log.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, App, Command, CopyField, Dialog, FlashLevel, UrlBox};
use ecs_tui::keys::Scope;
use ecs_tui::ssh::{SshOutcome, SshReport};

/// cn-hangzhou with web-00 (a public IP) and web-01 (none), the table on web-00.
fn app() -> App {
    let mut app = app_with_rows((120, 40), instances(2, "cn-hangzhou"));
    app.update(Action::FocusInstances);
    app
}

fn flash(app: &App) -> &str {
    &app.flash.as_ref().unwrap().text
}

const ID: &str = "i-bp100000000000000000";
const URL: &str =
    "https://ecs.console.aliyun.com/server/i-bp100000000000000000/detail?regionId=cn-hangzhou";

fn copied(what: &str, text: &str, tool: Result<Option<&str>, &str>) -> Action {
    Action::Copied {
        what: what.into(),
        text: text.into(),
        tool: tool.map(|t| t.map(str::to_owned)).map_err(str::to_owned),
    }
}

#[test]
fn a_copy_says_copied_only_when_a_local_tool_took_it() {
    let mut app = app();
    app.update(Action::CopyId);
    app.update(copied(ID, ID, Ok(Some("wl-copy"))));
    assert_eq!(flash(&app), format!("copied {ID}"));
    assert!(
        !app.outside.osc52_hinted,
        "no hint needed when a tool confirmed it"
    );
}

#[test]
fn osc52_alone_is_not_called_copied_and_the_tmux_hint_comes_once() {
    let mut app = app();
    app.update(copied(ID, ID, Ok(None)));
    assert_eq!(
        flash(&app),
        "sent to the clipboard (OSC 52) — in tmux: set -g set-clipboard on"
    );
    app.update(copied(ID, ID, Ok(None)));
    assert_eq!(flash(&app), format!("{ID} sent to the clipboard (OSC 52)"));
    // A tool that failed is a warning; OSC 52 still went out.
    app.update(copied(ID, ID, Err("xclip: exited with 1")));
    let f = app.flash.as_ref().unwrap();
    assert_eq!(f.level, FlashLevel::Warn);
    assert_eq!(
        f.text,
        format!("⚠ xclip: exited with 1; {ID} sent to the clipboard (OSC 52)")
    );
}

#[test]
fn shift_c_opens_the_menu_and_each_letter_copies_its_value() {
    let mut app = app();
    assert!(app.update(Action::OpenCopyMenu).is_empty());
    assert_eq!(app.dialog, Some(Dialog::CopyMenu));
    assert_eq!(app.scope(), Scope::CopyMenu);
    let json = {
        let raw: serde_json::Value =
            serde_json::from_str(app.acted_instance().unwrap().raw.get()).unwrap();
        serde_json::to_string_pretty(&raw).unwrap()
    };
    let cases = [
        (CopyField::Id, ID.to_owned(), ID.to_owned()),
        (CopyField::Name, "the name web-00".into(), "web-00".into()),
        (
            CopyField::PrivateIp,
            "the private IP 10.0.0.1".into(),
            "10.0.0.1".into(),
        ),
        (
            CopyField::PublicIp,
            "the public IP 47.96.0.1".into(),
            "47.96.0.1".into(),
        ),
        (CopyField::ConsoleUrl, "the console URL".into(), URL.into()),
        (CopyField::Json, format!("the JSON of {ID}"), json),
    ];
    for (field, what, text) in cases {
        app.update(Action::OpenCopyMenu);
        assert_eq!(
            app.update(Action::CopyField(field)),
            vec![Command::Copy { what, text }],
            "{field:?}"
        );
        assert!(app.dialog.is_none(), "a choice closes the menu");
    }
}

#[test]
fn the_menu_takes_the_keys_esc_cancels_and_a_missing_value_is_explained() {
    let mut app = app();
    app.update(Action::OpenCopyMenu);
    // The table's keys do nothing under it.
    assert!(app.update(Action::Refresh).is_empty());
    assert!(app.update(Action::SelectNext).is_empty());
    assert_eq!(selected_id(&app), ID);
    app.update(Action::Back);
    assert!(app.dialog.is_none());

    // web-01 has no public address: nothing is copied, the footer says why.
    app.update(Action::SelectNext);
    app.update(Action::OpenCopyMenu);
    assert!(
        app.update(Action::CopyField(CopyField::PublicIp))
            .is_empty()
    );
    assert_eq!(
        flash(&app),
        "i-bp100000000000000001 has no public IP or EIP"
    );
    assert!(app.dialog.is_none());
}

#[test]
fn the_console_url_box_says_what_the_clipboard_and_the_browser_did() {
    let mut app = app();
    app.update(Action::OpenConsole);
    let url_box = |app: &App| match &app.dialog {
        Some(Dialog::Url(b)) => b.clone(),
        other => panic!("no URL box: {other:?}"),
    };
    assert_eq!(url_box(&app), UrlBox::new(URL.into()));
    // An answer about another text or URL leaves it alone.
    app.update(copied(ID, ID, Ok(Some("wl-copy"))));
    app.update(Action::UrlOpened {
        url: "https://elsewhere".into(),
        result: Ok(None),
    });
    assert_eq!(url_box(&app), UrlBox::new(URL.into()));

    app.update(copied("the console URL", URL, Ok(None)));
    app.update(Action::UrlOpened {
        url: URL.into(),
        result: Ok(Some("xdg-open".into())),
    });
    let b = url_box(&app);
    assert_eq!(
        b.clipboard,
        "sent to the clipboard (OSC 52) — in tmux: set -g set-clipboard on"
    );
    assert_eq!(b.browser, "opened in the browser (xdg-open)");
    // The opener failed after all (xdg-open found no handler).
    app.update(Action::UrlOpened {
        url: URL.into(),
        result: Err("xdg-open exited with 3".into()),
    });
    assert_eq!(
        url_box(&app).browser,
        "⚠ not opened: xdg-open exited with 3"
    );
    assert!(flash(&app).contains("xdg-open exited with 3"));
    // No browser here: it says so, and that is no failure.
    app.update(Action::Back);
    app.update(Action::OpenConsole);
    app.update(Action::UrlOpened {
        url: URL.into(),
        result: Ok(None),
    });
    assert!(
        url_box(&app)
            .browser
            .starts_with("no browser to open it here")
    );
}

fn report(outcome: SshOutcome, message: &str) -> Action {
    Action::SshEnded {
        report: SshReport {
            program: "ssh".into(),
            command: "ssh -o ConnectTimeout=10 root@47.96.0.1".into(),
            outcome,
            message: message.into(),
        },
    }
}

#[test]
fn a_failed_ssh_is_flashed_and_logged_with_its_own_message() {
    let mut app = app();
    assert!(matches!(
        &app.update(Action::Ssh)[..],
        [Command::RunSsh { .. }]
    ));
    let refused = "ssh: connect to host 47.96.0.1 port 22: Connection refused";
    app.update(report(SshOutcome::Exited(255), refused));
    let f = app.flash.as_ref().unwrap();
    assert_eq!(f.level, FlashLevel::Warn);
    assert_eq!(f.text, format!("⚠ ssh exited with 255: {refused}"));
    let entry = app.errors.last().expect("in the error log");
    assert_eq!(entry.action, "ssh");
    assert_eq!(entry.code, "exit 255");
    assert_eq!(entry.region.as_deref(), Some("cn-hangzhou"));
    assert_eq!(
        entry.message,
        format!("{ID}: {refused} — ssh -o ConnectTimeout=10 root@47.96.0.1")
    );
    assert_eq!(entry.profile, "dev");
}

#[test]
fn a_good_or_cancelled_ssh_is_no_error() {
    let mut app = app();
    app.update(Action::Ssh);
    app.update(report(SshOutcome::Exited(0), ""));
    assert_eq!(flash(&app), "back from ssh");
    app.update(Action::Ssh);
    app.update(report(SshOutcome::Cancelled, ""));
    assert_eq!(flash(&app), "ssh cancelled (ctrl-c)");
    assert!(app.errors.is_empty());
    // One that could not start is a failure.
    app.update(Action::Ssh);
    app.update(report(
        SshOutcome::NotStarted("cannot run ssh: No such file or directory".into()),
        "",
    ));
    assert_eq!(app.errors.last().unwrap().code, "not started");
    assert!(flash(&app).contains("cannot run ssh"));
}
