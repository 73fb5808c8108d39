//! What a new user's trial of the browser found, drawn through `TestBackend`: popups over wide
//! text, titles and header/footer at narrow widths, markers, NO_COLOR selection, spare width.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::app::{Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Draws `app` twice through the terminal's diff, as a real screen receives it: the second
/// frame is drawn over the first, like a popup opened over the panes.
fn screen(before: &App, after: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(after.width, after.height)).unwrap();
    terminal.draw(|f| ecs_tui::ui::draw(f, before)).unwrap();
    terminal.draw(|f| ecs_tui::ui::draw(f, after)).unwrap();
    terminal.backend().buffer().clone()
}

fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(needle) {
            // Columns, not bytes: count the cells before the match.
            let mut x = 0u16;
            let mut seen = 0;
            while seen < byte {
                seen += buffer[(x, y)].symbol().len();
                x += 1;
            }
            return Some((x, y));
        }
    }
    None
}

#[test]
fn the_help_popup_keeps_its_left_border_over_wide_region_names() {
    // At some of these widths a 华/东 of the region pane straddles the popup's left edge.
    for width in 92..=112 {
        let panes = loaded_app(t0(), (width, 35), 40);
        let mut help = panes.clone();
        help.update(Action::OpenHelp);
        let b = screen(&panes, &help);
        let (title, y) = find(&b, "Keys · Esc").unwrap();
        let x = title - 2;
        assert_eq!(b[(x, y)].symbol(), "┌", "width {width}");
        // Down to the line above the footer, which stays.
        for row in y + 1..34 {
            let symbol = b[(x, row)].symbol();
            assert!(
                symbol == "│" || symbol == "└",
                "width {width}, row {row}: {symbol:?} where the border should be"
            );
        }
    }
}

#[test]
fn a_long_instance_title_drops_statuses_instead_of_cutting_a_number() {
    // 1,000 instances in four statuses: too long for the title at 100 columns.
    let mut app = app_at(t0(), (100, 30));
    let start = app.start();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    let mut rows = many(1000, "cn-hangzhou");
    for (n, i) in rows.iter_mut().enumerate() {
        i.status = match n % 50 {
            0..=37 => "Running",
            38..=45 => "Stopped",
            46..=48 => "Pending",
            _ => "Starting",
        }
        .into();
    }
    app.update(instances_loaded(
        "cn-hangzhou",
        fetch_generation(&start, "cn-hangzhou"),
        rows,
    ));
    let title = row_text(&draw(&app), 1);
    assert!(
        title.contains("Instances · cn-hangzhou · 1,000 (Running 760 · Stopped 160 · …) "),
        "{title}"
    );
    // Wide enough, every status is there, with its whole number.
    app.update(Action::Resize {
        width: 160,
        height: 30,
    });
    let title = row_text(&draw(&app), 1);
    assert!(
        title.contains("(Running 760 · Stopped 160 · Pending 60 · Starting 20) ─"),
        "{title}"
    );
}

#[test]
fn the_header_drops_parts_instead_of_running_them_together() {
    let mut app = loaded_app(t0(), (120, 30), 40);
    app.profiles[0].name = "demo-prod".into();
    app.set_now(t0() + std::time::Duration::from_secs(16));
    let allowed = [
        "ecs-tui",
        "profile",
        "demo-prod",
        "(AK",
        "·",
        "LTAI****x7Qa)",
        "region",
        "cn-hangzhou",
        "RO",
        "updated",
        "16s",
        "ago",
        "?help",
    ];
    for width in (12..=64).chain([80, 100, 120]) {
        app.update(Action::Resize { width, height: 30 });
        let header = row_text(&draw(&app), 0);
        for word in header.split_whitespace() {
            let whole = allowed.contains(&word);
            let cut = word
                .strip_suffix('…')
                .is_some_and(|w| allowed.iter().any(|a| a.starts_with(w)));
            assert!(whole || cut, "width {width}: {word:?} in {header:?}");
        }
        if width >= 40 {
            for needed in ["demo-prod", "cn-hangzhou", "?help"] {
                assert!(header.contains(needed), "width {width}: {header:?}");
            }
        }
    }
}

#[test]
fn the_footer_always_keeps_help_and_quit() {
    let mut app = loaded_app(t0(), (80, 24), 40);
    for focus in [Action::FocusRegions, Action::FocusInstances] {
        app.update(focus);
        // From the minimum size up.
        for width in [40, 50, 60, 70, 80, 90, 100, 120, 160, 200] {
            app.update(Action::Resize { width, height: 24 });
            let footer = row_text(&draw(&app), 23);
            assert!(
                footer.contains("? help") && footer.contains("q quit"),
                "width {width}: {footer:?}"
            );
        }
    }
    // The describe view takes them too, so it shows them.
    app.update(Action::Describe);
    let footer = row_text(&draw(&app), 23);
    assert!(
        footer.contains("? help") && footer.contains("q quit"),
        "{footer:?}"
    );
    app.update(Action::Back);
    // A message goes on the line above: they keep their room.
    app.update(Action::Resize {
        width: 60,
        height: 24,
    });
    let commands = app.update(Action::Refresh);
    let generation = fetch_generation(&commands, "cn-hangzhou");
    app.update(instances_failed("cn-hangzhou", generation, forbidden()));
    let b = draw(&app);
    let footer = row_text(&b, 23);
    assert!(row_text(&b, 22).contains("Forbidden.RAM"), "{footer:?}");
    assert!(
        footer.contains("? help") && footer.contains("q quit"),
        "{footer:?}"
    );
}

fn connection_error() -> ecs_tui::api::Error {
    ecs_tui::api::Error::Transport {
        kind: ecs_tui::api::TransportKind::Connect,
        action: "DescribeInstances".into(),
        host: "ecs.cn-shanghai.aliyuncs.com".into(),
        detail: "error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)".into(),
    }
}

/// The marker at the end of `region`'s line in the region pane.
fn marker(buffer: &Buffer, region: &str) -> String {
    // The row of the region pane (the first pane on the line) that names the region.
    let pane = (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .filter_map(|line| line.split('│').nth(1).map(str::to_owned))
        .find(|pane| pane.split_whitespace().any(|w| w == region))
        .unwrap();
    pane.trim_end().chars().last().unwrap().to_string()
}

#[test]
fn a_region_without_permission_has_its_own_marker() {
    let mut app = loaded_app(t0(), (100, 30), 40);
    let sh = fetch_generation(&app.update(Action::SelectNext), "cn-shanghai");
    app.update(instances_failed("cn-shanghai", sh, connection_error()));
    let bj = fetch_generation(&app.update(Action::SelectNext), "cn-beijing");
    app.update(instances_failed("cn-beijing", bj, forbidden()));
    let b = draw(&app);
    assert_eq!(marker(&b, "cn-hangzhou"), "✓");
    assert_eq!(marker(&b, "cn-shanghai"), "⚠", "a network failure");
    assert_eq!(marker(&b, "cn-beijing"), "✗", "Forbidden.RAM");
    // The help says what each marker means.
    app.update(Action::OpenHelp);
    app.update(Action::SelectLast);
    let help = draw(&app);
    for (mark, meaning) in [("✓", "loaded"), ("⚠", "failed"), ("✗", "no permission")] {
        let (x, y) = find(&help, meaning).unwrap();
        let line = row_text(&help, y);
        assert!(
            line.contains(&format!("  {mark} ")),
            "{mark}: {line:?} ({x})"
        );
    }
}

#[test]
fn a_connection_error_over_stale_rows_wraps_inside_the_pane() {
    for size in [(80, 24), (120, 35), (60, 20)] {
        let mut app = loaded_app(t0(), size, 40);
        app.update(Action::FocusInstances);
        let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
        app.update(instances_failed(
            "cn-hangzhou",
            generation,
            connection_error(),
        ));
        let b = draw(&app);
        let pane_x = app.region_pane_width() + 1;
        let pane: Vec<String> = (2..size.1 - 2)
            .map(|y| {
                (pane_x..size.0 - 1)
                    .map(|x| b[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect();
        let text = pane
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join(" ");
        let rows = pane.iter().filter(|l| l.starts_with("i-bp1")).count();
        assert!(rows > 0, "{size:?}: stale rows stay in sight");
        assert_eq!(
            rows,
            app.table_viewport(),
            "{size:?}: update and drawing agree"
        );
        if size.0 >= 80 {
            // The whole cause, nothing cut at the pane's edge.
            assert!(
                text.contains("Connection refused (os error 111)"),
                "{size:?}: {pane:#?}"
            );
        } else {
            assert!(
                text.contains(" …"),
                "{size:?}: a cut banner says so: {pane:#?}"
            );
        }
    }
}

#[test]
fn the_help_shows_that_it_scrolls_and_ends_at_its_last_line() {
    let mut app = loaded_app(t0(), (60, 20), 40);
    app.update(Action::OpenHelp);
    let top = draw(&app);
    assert!(
        row_text(&top, 18).contains("↓ more"),
        "{:?}",
        row_text(&top, 18)
    );
    app.update(Action::SelectLast);
    let end = draw(&app);
    // The box ends above the footer; its last line inside the border is the help's last.
    assert!(
        row_text(&end, 17).contains("no permission"),
        "{:?}",
        row_text(&end, 17)
    );
    assert!(
        row_text(&end, 18).contains("↑ more"),
        "{:?}",
        row_text(&end, 18)
    );
    let mut tall = loaded_app(t0(), (120, 120), 40);
    tall.update(Action::OpenHelp);
    let all = draw(&tall);
    assert!(find(&all, "more ─").is_none() && find(&all, " more ┘").is_none());
}

#[test]
fn without_colour_the_whole_selected_row_shows_in_both_panes() {
    use ratatui::style::Modifier;
    let mut app = loaded_app(t0(), (120, 35), 40);
    app.settings.no_color = true;
    let split = app.region_pane_width();
    let regions = 1..split - 1;
    let instances = split + 1..119;
    // Every cell but those hidden behind a double-width character (they are never seen).
    let whole = |b: &Buffer, xs: std::ops::Range<u16>, y: u16, m: Modifier| {
        xs.clone().all(|x| {
            let hidden = x > 0 && unicode_width::UnicodeWidthStr::width(b[(x - 1, y)].symbol()) > 1;
            hidden || b[(x, y)].modifier.contains(m)
        })
    };
    for focus in [Action::FocusInstances, Action::FocusRegions] {
        let on_instances = focus == Action::FocusInstances;
        app.update(focus);
        let b = draw(&app);
        let (_, region_row) = find(&b, "> cn-hangzhou").unwrap();
        // The table's first row is under its header, below the top border.
        let instance_row = 3;
        let (focused, other) = if on_instances {
            (
                (instances.clone(), instance_row),
                (regions.clone(), region_row),
            )
        } else {
            (
                (regions.clone(), region_row),
                (instances.clone(), instance_row),
            )
        };
        assert!(
            whole(&b, focused.0, focused.1, Modifier::REVERSED),
            "the focused pane's selection is reversed across the row"
        );
        assert!(
            whole(&b, other.0, other.1, Modifier::UNDERLINED | Modifier::BOLD),
            "the other pane's selection is bold and underlined across the row, blanks too"
        );
        // The focused pane's title is bold, the other's is not.
        let (ix, iy) = find(&b, "Instances").unwrap();
        let (rx, ry) = find(&b, "Regions").unwrap();
        assert_eq!(b[(ix, iy)].modifier.contains(Modifier::BOLD), on_instances);
        assert_eq!(b[(rx, ry)].modifier.contains(Modifier::BOLD), !on_instances);
    }
}

#[test]
fn spare_width_goes_to_long_names_and_types_and_cut_values_end_with_an_ellipsis() {
    let long_name = "k8s-node-production-cluster-east-01";
    let long_type = "ecs.gn7i-c8g1.2xlarge";
    // The table alone on screen: its width is the terminal's less the borders.
    let mut app = app_at(t0(), (186, 30));
    app.update(Action::ToggleRegions);
    let start = app.start();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    let mut rows = instances(5, "cn-hangzhou");
    rows[0].instance_name = long_name.into();
    rows[0].instance_type = long_type.into();
    app.update(instances_loaded(
        "cn-hangzhou",
        fetch_generation(&start, "cn-hangzhou"),
        rows,
    ));
    let b = draw(&app);
    let (_, y) = find(&b, "i-bp100000000000000000").unwrap();
    let line = row_text(&b, y);
    // 17 columns to spare: NAME takes the 15 it needs, TYPE the rest, and shows it is cut.
    assert!(line.contains(&format!("{long_name} Running")), "{line}");
    assert!(line.contains("ecs.gn7i-c8g1.2xl… 2"), "{line}");
    app.update(Action::Resize {
        width: 206,
        height: 30,
    });
    let line = row_text(&draw(&app), y);
    assert!(line.contains(&format!("{long_type} 2")), "{line}");
    // Narrow: no room to spare (TYPE is squeezed in), and the cut name says so.
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    let b = draw(&app);
    let line = row_text(&b, y);
    assert!(line.contains("k8s-node-production… Running"), "{line}");
}

#[test]
fn a_long_describe_title_gives_way_before_the_position() {
    let mut app = loaded_app(t0(), (60, 20), 40);
    app.update(Action::FocusInstances);
    app.update(Action::Describe);
    let mut app2 = app.clone();
    // A name too long for the title at 60 columns.
    let view = app2.views.get_mut("cn-hangzhou").unwrap();
    let mut first = (*view.rows[0]).clone();
    first.instance_name = "k8s-node-production-cluster-east-01".into();
    view.rows[0] = std::sync::Arc::new(first);
    let title = row_text(&draw(&app2), 1);
    assert!(
        title.contains("· k8s-nod… "),
        "the cut name says so: {title}"
    );
    assert!(
        title.contains(" 1-16/"),
        "the position stays whole: {title}"
    );
    let short = row_text(&draw(&app), 1);
    assert!(short.contains("· web-00 "), "{short}");
}

#[test]
fn the_error_log_keeps_the_whole_request_id_in_a_narrow_terminal() {
    let mut app = loaded_app(t0(), (60, 20), 40);
    let commands = app.update(Action::SelectAllRegions);
    app.update(instances_failed(
        "cn-beijing",
        fetch_generation(&commands, "cn-beijing"),
        forbidden(),
    ));
    let banner = draw(&app);
    let (_, y) = find(&banner, "  cn-beijing ").unwrap();
    assert!(
        row_text(&banner, y).contains("…│"),
        "{}",
        row_text(&banner, y)
    );
    app.update(Action::OpenErrors);
    let b = draw(&app);
    let text: String = (0..20)
        .map(|y| row_text(&b, y))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("RequestId"), "{text}");
    // The id may be broken across two lines, but every character of it is there.
    let joined: String = (0..20)
        .map(|y| row_text(&b, y).replace(['│', ' '], ""))
        .collect();
    assert!(
        joined.contains("7A1B2C3D-0000-4E5F-8A9B-123456789ABC"),
        "{text}"
    );
}
