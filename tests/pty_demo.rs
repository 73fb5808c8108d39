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

    pty.press("j");
    let beijing = pty.wait_for("cn-beijing's instances", |s| {
        s.contains("Instances · cn-beijing") && !instance_ids(s).is_empty()
    });
    let beijing = instance_ids(&beijing);
    assert!(
        beijing.iter().all(|id| !qingdao.contains(id)),
        "the table followed the region"
    );

    // The demo's forbidden region answers Forbidden.RAM: the pane says so, the app keeps going.
    pty.press("j");
    pty.wait_for("the forbidden region's error", |s| {
        s.contains("Instances · cn-zhangjiakou") && s.contains("Forbidden.RAM")
    });

    pty.press("p");
    pty.wait_for("the profile picker", |s| s.contains("demo-dev"));
    pty.press("j\r");
    let dev = pty.wait_for("demo-dev's instances", |s| {
        s.contains("profile demo-dev") && !instance_ids(s).is_empty()
    });
    let dev = instance_ids(&dev);
    assert!(
        dev.iter()
            .all(|id| !qingdao.contains(id) && !beijing.contains(id)),
        "the other account's inventory"
    );

    pty.press("q");
    let status = pty.wait_exit_restored();
    assert!(status.success(), "exit status {status:?}");
}
