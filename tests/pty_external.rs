//! What the real binary does outside itself, in a pseudo-terminal against the emulator: `c`
//! pipes to a local clipboard tool when there is one (else OSC 52, saying so), `o` hands the
//! console page to a browser when there is a display, and `s` keeps a failing ssh readable,
//! logs it, survives ctrl-c and leaves nothing on the main screen. Every outside program is
//! a fake script in a temp dir: no browser, clipboard or network is ever reached.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use std::path::{Path, PathBuf};

use ecs_tui::emulator::{self, Emulator, EmulatorConfig};
use pty_support::{Pty, instance_ids};

/// A small emulator and a config that points at it; `top` goes above the profile (UI keys).
struct Setup {
    _runtime: tokio::runtime::Runtime,
    _emulator: Emulator,
    dir: tempfile::TempDir,
    config: String,
}

impl Setup {
    fn new(top: &str) -> Setup {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emu = runtime
            .block_on(emulator::start(EmulatorConfig {
                regions: 1,
                instances: 6,
                seed: 7,
                ..EmulatorConfig::default()
            }))
            .unwrap();
        let inventory = emu.inventory(&emu.credentials().access_key_id).unwrap();
        let region = inventory.regions()[0].info.region_id.clone();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            format!(
                "{top}\ndefault_profile = \"p\"\n[profiles.p]\naccess_key_id = \"{id}\"\n\
                 access_key_secret = \"{secret}\"\nregion_id = \"{region}\"\nendpoint = \"{url}\"\n",
                id = emu.credentials().access_key_id,
                secret = emu.credentials().access_key_secret.expose(),
                url = emu.url(),
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Setup {
            _runtime: runtime,
            _emulator: emu,
            config: path.display().to_string(),
            dir,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with the config and `env`, a clean environment otherwise (no display).
    fn spawn(&self, env: &[(&str, &str)], cols: u16) -> Pty {
        let mut all = vec![("ECS_TUI_CONFIG", self.config.as_str())];
        all.extend_from_slice(env);
        Pty::spawn(&[], self.dir.path(), &all, 30, cols)
    }
}

/// An executable `sh` script.
fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The first instance id on screen, once the table has rows.
fn first_row(pty: &mut Pty) -> String {
    let screen = pty.wait_for("the instances", |s| !instance_ids(s).is_empty());
    instance_ids(&screen)[0].clone()
}

/// Esc, and the box titled `title` gone. (A key pressed at once after Esc would read as
/// alt-key.)
fn close(pty: &mut Pty, title: &str) {
    pty.press("\x1b");
    pty.wait_for("the box to close", |s| !s.contains(title));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn c_pipes_the_id_to_a_local_clipboard_tool_and_says_copied() {
    let setup = Setup::new("");
    let bin = setup.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let clip = setup.path("clipboard.txt");
    script(&bin.join("wl-copy"), &format!("cat > '{}'", clip.display()));
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let mut pty = setup.spawn(&[("PATH", &path), ("WAYLAND_DISPLAY", "wayland-test")], 160);
    let id = first_row(&mut pty);

    pty.press("c");
    pty.wait_for("the copy confirmed", |s| {
        s.contains(&format!("copied {id}"))
    });
    assert_eq!(read(&clip), id, "wl-copy got exactly the ID on its stdin");
    // The terminal gets the OSC 52 sequence too (a remote or tmux clipboard takes that one).
    assert!(
        pty.raw.windows(7).any(|w| w == b"\x1b]52;c;"),
        "OSC 52 written as well"
    );
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
}

#[test]
fn c_without_a_tool_says_osc52_could_not_be_confirmed_with_the_tmux_hint_once() {
    let setup = Setup::new("");
    let mut pty = setup.spawn(&[("PATH", "/usr/bin:/bin")], 120);
    let id = first_row(&mut pty);

    pty.press("c");
    let screen = pty.wait_for("the OSC 52 notice with its hint", |s| {
        s.contains("sent to the clipboard (OSC 52) — in tmux: set -g set-clipboard on")
    });
    assert!(!screen.contains("copied"), "nothing confirmed it: {screen}");
    pty.press("c");
    pty.wait_for("a shorter notice naming the ID the second time", |s| {
        s.contains(&format!("{id} sent to the clipboard (OSC 52)")) && !s.contains("set-clipboard")
    });
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
}

#[test]
fn o_hands_the_console_page_to_the_browser_when_there_is_a_display() {
    let setup = Setup::new("");
    let opened = setup.path("opened.txt");
    let browser = setup.path("fake-browser");
    script(
        &browser,
        &format!("printf %s \"$1\" > '{}'", opened.display()),
    );
    let browser = browser.display().to_string();
    let mut pty = setup.spawn(
        &[
            ("PATH", "/usr/bin:/bin"),
            ("DISPLAY", ":99"),
            ("BROWSER", &browser),
        ],
        160,
    );
    let id = first_row(&mut pty);

    pty.press("o");
    pty.wait_for("the box saying it was opened", |s| {
        s.contains("Console URL") && s.contains("opened in the browser")
    });
    let url = read(&opened);
    assert!(
        url.starts_with("https://ecs.console.aliyun.com/server/") && url.contains(&id),
        "the browser got the console URL: {url:?}"
    );
    close(&mut pty, "Console URL");
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
}

#[test]
fn o_without_a_display_only_shows_and_sends_the_url() {
    let setup = Setup::new("");
    let opened = setup.path("opened.txt");
    let browser = setup.path("fake-browser");
    script(
        &browser,
        &format!("printf %s \"$1\" > '{}'", opened.display()),
    );
    let browser = browser.display().to_string();
    // An SSH session without a display: nothing on this machine could show a page.
    let mut pty = setup.spawn(
        &[
            ("PATH", "/usr/bin:/bin"),
            ("BROWSER", &browser),
            ("SSH_CONNECTION", "10.9.9.9 50000 10.9.9.1 22"),
        ],
        160,
    );
    first_row(&mut pty);

    pty.press("o");
    pty.wait_for("the box saying there is no browser here", |s| {
        s.contains("Console URL") && s.contains("no browser to open it here")
    });
    assert!(!opened.exists(), "no browser was started");
    close(&mut pty, "Console URL");
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
}

#[test]
fn ssh_failures_stay_readable_are_logged_and_ctrl_c_comes_back() {
    let setup = Setup::new("");
    // The fake ssh (named ssh, as the messages use the program's name) does what `mode` says.
    let bin = setup.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let mode = setup.path("mode");
    script(
        &bin.join("ssh"),
        &format!(
            "case $(cat '{mode}') in\n\
             ok) echo \"hello from $1\"; exit 0 ;;\n\
             fail) echo \"ssh: connect to host $1 port 22: Connection refused\" >&2; exit 255 ;;\n\
             hang) echo 'fake ssh waiting'; exec sleep 60 ;;\n\
             esac",
            mode = mode.display()
        ),
    );
    std::fs::write(
        setup.path("config.toml"),
        format!(
            "ssh_command = \"{} {{user}}@{{ip}}\"\n{}",
            bin.join("ssh").display(),
            read(&setup.path("config.toml"))
        ),
    )
    .unwrap();
    let mut pty = setup.spawn(&[("PATH", "/usr/bin:/bin")], 160);
    first_row(&mut pty);

    // Exit 0: straight back, no prompt.
    std::fs::write(&mode, "ok").unwrap();
    pty.press("s");
    pty.wait_for("the UI back after a good ssh", |s| {
        s.contains("back from ssh")
    });
    assert!(pty.parser.screen().alternate_screen());

    // Exit 255: ssh's message stays on screen under a prompt until Enter.
    std::fs::write(&mode, "fail").unwrap();
    pty.press("s");

    let screen = pty.wait_for("the prompt after a failed ssh", |s| {
        s.contains("ssh exited with 255 — press Enter to return to ecs-tui")
    });
    assert!(screen.contains("Connection refused"), "{screen}");
    assert!(
        !pty.parser.screen().alternate_screen(),
        "on the normal screen"
    );
    pty.press("\r");
    pty.wait_for("the UI back, saying why", |s| {
        s.contains("ssh exited with 255") && !s.contains("press Enter")
    });
    assert!(pty.parser.screen().alternate_screen());
    pty.press("!");
    pty.wait_for("the failure in the error log", |s| {
        s.contains("exit 255") && s.contains("Connection refused")
    });
    close(&mut pty, "Errors since start-up");

    // ctrl-c while ssh waits: back to the UI with a word, ecs-tui still running.
    std::fs::write(&mode, "hang").unwrap();
    pty.press("s");
    pty.wait_for("the fake ssh waiting, under a line saying what runs", |s| {
        s.contains("fake ssh waiting") && s.contains("ctrl-c cancels")
    });
    pty.press("\x03");
    pty.wait_for("the UI back after ctrl-c", |s| s.contains("ssh cancelled"));
    assert!(pty.parser.screen().alternate_screen());

    // Nothing piles up on the main screen: after quitting it holds no ssh lines.
    pty.press("q");
    let status = pty.wait_exit_restored();
    assert!(
        status.success(),
        "a ctrl-c meant for ssh did not end ecs-tui: {status:?}"
    );
    let main = pty.text();
    for left in [
        "ecs-tui: running",
        "hello from",
        "Connection refused",
        "press Enter",
    ] {
        assert!(
            !main.contains(left),
            "{left:?} left on the main screen:\n{main}"
        );
    }
}
