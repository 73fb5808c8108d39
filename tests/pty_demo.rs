//! `ecs-tui --demo` in a pseudo-terminal: the real binary, the built-in emulator, the signed
//! client over HTTP. Regions load, moving changes the table, the forbidden region says so,
//! switching profile shows the other account, `q` restores the terminal.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use pty_support::{Pty, instance_ids};

#[test]
fn demo_browses_both_accounts_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--demo"], home.path(), &[], 30, 120);

    let first = pty.wait_for("the first region's instances", |s| {
        s.contains("cn-zhangjiakou")
            && s.contains("Instances · cn-qingdao")
            && instance_ids(s).len() > 5
    });
    assert!(pty.parser.screen().alternate_screen());
    let qingdao = instance_ids(&first);

    // A frame can arrive in pieces, so each wait is for the whole condition, not a first sight.
    pty.press("j");
    let beijing = pty.wait_for("the table to follow to cn-beijing", |s| {
        let ids = instance_ids(s);
        s.contains("Instances · cn-beijing")
            && !ids.is_empty()
            && ids.iter().all(|id| !qingdao.contains(id))
    });
    let beijing = instance_ids(&beijing);

    // The demo's forbidden region answers Forbidden.RAM: the pane says so, the app keeps going.
    pty.press("j");
    pty.wait_for("the forbidden region's error", |s| {
        s.contains("Instances · cn-zhangjiakou") && s.contains("Forbidden.RAM")
    });

    pty.press("p");
    pty.wait_for("the profile picker", |s| s.contains("demo-dev"));
    pty.press("j\r");
    pty.wait_for("the other account's inventory", |s| {
        let ids = instance_ids(s);
        s.contains("profile demo-dev")
            && !ids.is_empty()
            && ids
                .iter()
                .all(|id| !qingdao.contains(id) && !beijing.contains(id))
    });

    pty.press("q");
    let status = pty.wait_exit_restored();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn the_next_run_starts_where_the_last_one_quit() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--demo"], home.path(), &[], 30, 120);
    pty.wait_for("the first region", |s| {
        s.contains("Instances · cn-qingdao") && instance_ids(s).len() > 5
    });
    // The other profile, its second region, sorted by name reversed, focus on the table.
    pty.press("p");
    pty.wait_for("the profile picker", |s| s.contains("demo-dev"));
    pty.press("j\r");
    pty.wait_for("the other profile and its regions", |s| {
        s.contains("profile demo-dev") && s.contains("cn-beijing") && instance_ids(s).len() > 5
    });
    pty.press("j");
    pty.wait_for("its second region", |s| {
        s.contains("Instances · cn-beijing") && !instance_ids(s).is_empty()
    });
    pty.press("NN\t");
    pty.wait_for("the sort", |s| s.contains("NAME▼"));
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
    let state = std::fs::read_to_string(home.path().join(".cache/ecs-tui/demo/state.json"))
        .expect("the state is kept beside the demo's cache");
    assert!(!state.to_lowercase().contains("secret"), "{state}");

    let mut again = Pty::spawn(&["--demo"], home.path(), &[], 30, 120);
    again.wait_for("the same place", |s| {
        s.contains("profile demo-dev")
            && s.contains("Instances · cn-beijing")
            && s.contains("NAME▼")
            && !instance_ids(s).is_empty()
    });
    again.press("q");
    assert!(again.wait_exit_restored().success());
}

#[test]
fn the_demo_uses_the_users_settings_but_not_their_profiles() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".config/ecs-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "columns = [\"id\", \"status\", \"zone\"]\n\n[profiles.mine]\nmode = \"AK\"\n\
         access_key_id = \"LTAI5tMineMineMine\"\naccess_key_secret = \"s\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        dir.join("config.toml"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let mut pty = Pty::spawn(&["--demo"], home.path(), &[], 30, 120);
    let screen = pty.wait_for("the demo's table", |s| {
        s.contains("Instances · cn-qingdao") && instance_ids(s).len() > 5
    });
    let header = screen.lines().find(|l| l.contains("ID ")).unwrap();
    let words: Vec<&str> = header
        .rsplit('│')
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(words, ["ID", "STATUS", "ZONE"], "{header}");
    assert!(screen.contains("profile demo-prod"), "{screen}");
    pty.press("p");
    let picker = pty.wait_for("the profile picker", |s| s.contains("demo-dev"));
    assert!(!picker.contains("mine"), "{picker}");
    pty.press("q");
    pty.press("q");
    assert!(pty.wait_exit_restored().success());
}
