//! The describe view in narrow terminals: labels shrink before values, long values wrap.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, App};

fn describe(size: (u16, u16)) -> App {
    let mut app = loaded_app(t0(), size, 40);
    app.update(Action::FocusInstances);
    app.update(Action::Describe);
    app
}

/// The view's text inside its border, a line each row.
fn inside(app: &App) -> Vec<String> {
    let b = draw(app);
    (2..app.height - 2)
        .map(|y| {
            let line = row_text(&b, y);
            let inner: Vec<char> = line.chars().collect();
            inner[1..inner.len() - 1].iter().collect()
        })
        .collect()
}

const URL: &str =
    "https://ecs.console.aliyun.com/server/i-bp100000000000000000/detail?regionId=cn-hangzhou";

#[test]
fn the_console_url_wraps_whole_at_80_columns() {
    let app = describe((80, 24));
    let lines = inside(&app);
    let at = lines.iter().position(|l| l.contains("Console")).unwrap();
    // The URL goes on under its own start, nothing cut.
    let indent = lines[at].find("https://").unwrap();
    let mut url = lines[at][indent..].trim_end().to_owned();
    for next in &lines[at + 1..] {
        if next[..indent].trim().is_empty() && !next.trim().is_empty() {
            url.push_str(next[indent..].trim_end());
        } else {
            break;
        }
    }
    assert_eq!(url, URL, "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains('…')), "{lines:#?}");
}

#[test]
fn at_40_columns_labels_shrink_and_the_id_stays_whole() {
    let mut app = describe((40, 20));
    // The title keeps the ID (the view's kind gives way first).
    let title = row_text(&draw(&app), 1);
    assert!(title.contains(" i-bp100000000000000000 "), "{title}");
    let lines = inside(&app);
    let id = lines.iter().find(|l| l.contains("i-bp1")).unwrap();
    assert!(id.contains("i-bp100000000000000000"), "{lines:#?}");
    assert!(id.trim_start().starts_with("ID "), "{id}");
    // A label too long for the narrower column says it is cut, and its value still lines up.
    let memory = lines.iter().find(|l| l.contains("vCPU")).unwrap();
    assert!(memory.contains("…"), "{memory}");
    let value_at = |l: &str| {
        let byte = l.find("i-bp1").or_else(|| l.find("2 vCPU")).unwrap();
        l[..byte].chars().count()
    };
    assert_eq!(value_at(id), value_at(memory), "{lines:#?}");
    // The last line is reachable: update scrolls over the same lines as are drawn.
    app.update(Action::SelectLast);
    let lines = inside(&app);
    assert!(
        lines.iter().any(|l| l.contains("  Operation")),
        "{lines:#?}"
    );
}
