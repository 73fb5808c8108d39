//! The real binary on `--demo` in a pseudo-terminal: typing a filter narrows the table live,
//! `0` gathers every region into one table with the Forbidden.RAM region listed as failed,
//! `!` shows the error log, and `q` quits with the terminal restored.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod pty_support;

use pty_support::{Pty, table_rows};

/// Every row on screen matches the filter (a frame can arrive in pieces, so this is waited
/// for as a whole rather than checked on first sight).
fn all_match(screen: &str, text: &str) -> bool {
    let rows = table_rows(screen);
    !rows.is_empty() && rows.iter().all(|r| r.contains(text))
}

#[test]
fn filter_then_all_regions_on_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--demo"], home.path(), &[], 34, 130);

    pty.wait_for("the first region's instances", |s| {
        s.contains("cn-zhangjiakou") && s.contains("k8s-node-prod-01")
    });

    // Typing filters as it goes; the title shows the filter and shown/total.
    pty.press("/db-pr");
    pty.wait_for("the filtered table", |s| {
        s.contains("/db-pr ") && all_match(s, "db-pr")
    });
    pty.press("\r");
    pty.wait_for("the table focused", |s| s.contains("Esc back"));

    // All regions: rows from many regions, the forbidden one listed with its code, the filter
    // still applied across regions.
    pty.press("0");
    let text = pty.wait_for("every region answered", |s| {
        s.contains("all regions · 12/12 regions")
            && s.contains("1 of 12 regions failed")
            && s.contains("REGION")
            && all_match(s, "db-pr")
    });
    assert!(
        text.lines()
            .any(|l| l.contains("cn-zhangjiakou") && l.contains("Forbidden.RAM")),
        "{text}"
    );
    let rows = table_rows(&text);
    let regions: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|r| r.split_whitespace().nth(1))
        .collect();
    assert!(regions.len() > 1, "rows from several regions: {rows:#?}");

    // Esc clears the filter.
    pty.press("\x1b");
    pty.wait_for("the filter cleared", |s| !s.contains("/db-pr"));

    pty.press("!");
    pty.wait_for("the error log", |s| {
        s.contains("Errors since start-up") && s.contains("RequestId")
    });
    pty.press("q");
    pty.wait_for("the error log closed", |s| !s.contains("Errors since"));

    pty.press("q");
    let status = pty.wait_exit_restored();
    assert!(status.success(), "exit status {status:?}");
}
