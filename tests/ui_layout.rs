//! The table's columns and the screen's layout: configured columns in the table and the CSV,
//! column priorities, the region pane's width, hiding it, and the minimum size.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use app_fixtures::*;
use ecs_tui::api::model::Tag;
use ecs_tui::app::{Action, App, Command};
use ecs_tui::columns::Column;
use ecs_tui::export::ExportFormat;

/// The columns of the user's config in the issue: a different order and a tag column.
fn configured() -> Vec<Column> {
    [
        "id",
        "name",
        "status",
        "private_ip",
        "public_ip",
        "zone",
        "type",
        "tag:env",
    ]
    .into_iter()
    .map(|c| Column::parse(c).unwrap())
    .collect()
}

/// cn-hangzhou loaded with instances tagged `env`, and `columns` from the config.
fn tagged_app(size: (u16, u16), columns: Vec<Column>) -> App {
    let mut rows = instances(12, "cn-hangzhou");
    for (n, i) in rows.iter_mut().enumerate() {
        i.tags.push(Tag {
            key: "env".into(),
            value: if n % 2 == 0 { "prod" } else { "staging" }.into(),
        });
    }
    let mut app = app_with_rows(size, rows);
    app.ui.columns = columns;
    app
}

/// The headers of the table, left to right, as drawn.
fn headers(app: &App) -> Vec<String> {
    let b = draw(app);
    let (_, y) = find(&b, "ID ");
    let line = row_text(&b, y);
    let table = line.rsplit('│').nth(1).unwrap();
    table.split_whitespace().map(str::to_owned).collect()
}

/// The first line of the CSV `ctrl-s` → `c` would write.
fn csv_header(app: &mut App) -> String {
    app.update(Action::SaveView);
    let commands = app.update(Action::SaveAs(ExportFormat::Csv));
    let contents = commands
        .iter()
        .find_map(|c| match c {
            Command::SaveView { contents, .. } => Some(contents.clone()),
            _ => None,
        })
        .unwrap();
    contents.lines().next().unwrap().to_owned()
}

#[test]
fn the_table_shows_the_configured_columns_in_their_order() {
    let app = tagged_app((200, 30), configured());
    assert_eq!(
        headers(&app),
        [
            "ID", "NAME", "STATUS", "PRIVATE", "IP", "PUBLIC", "IP/EIP", "ZONE", "TYPE", "TAG:ENV"
        ]
    );
    let b = draw(&app);
    let (_, y) = find(&b, "i-bp100000000000000001");
    assert!(row_text(&b, y).contains("staging"), "{}", row_text(&b, y));
}

#[test]
fn csv_writes_the_tables_columns_even_those_that_do_not_fit() {
    let mut app = tagged_app((100, 30), configured());
    let shown = headers(&app);
    assert!(!shown.contains(&"TAG:ENV".to_owned()), "{shown:?}");
    assert_eq!(
        csv_header(&mut app),
        "ID,NAME,STATUS,PRIVATE IP,PUBLIC IP/EIP,ZONE,TYPE,TAG:ENV"
    );
    // In All regions the table has a Region column, and so has the file.
    let mut app = tagged_app((200, 30), configured());
    let commands = app.update(Action::SelectAllRegions);
    let all = fetch_all(&mut app, commands);
    assert!(all.contains(&"REGION".to_owned()), "{all:?}");
    assert_eq!(
        csv_header(&mut app),
        "ID,REGION,NAME,STATUS,PRIVATE IP,PUBLIC IP/EIP,ZONE,TYPE,TAG:ENV"
    );
}

/// Answers every fetch of `commands` (rows in cn-hangzhou only) and returns the headers.
fn fetch_all(app: &mut App, commands: Vec<Command>) -> Vec<String> {
    for c in commands {
        if let Command::FetchInstances {
            region, generation, ..
        } = c
        {
            // Rows from one region only: the table still has its Region column.
            let rows = if region == "cn-hangzhou" {
                instances(3, &region)
            } else {
                Vec::new()
            };
            app.update(instances_loaded(&region, generation, rows));
        }
    }
    headers(app)
}

/// Where `needle` starts in the table's header row.
fn header_x(app: &App, needle: &str) -> u16 {
    let b = draw(app);
    let (_, y) = find(&b, "ID ");
    let line = row_text(&b, y);
    let byte = line.find(needle).unwrap();
    u16::try_from(line[..byte].chars().count()).unwrap()
}

#[test]
fn sorting_does_not_move_the_columns() {
    // The long names are below the first screen until a sort brings them up.
    let mut rows = instances(60, "cn-hangzhou");
    for i in rows.iter_mut().skip(50) {
        i.instance_name = format!("zz-batch-worker-long-name-{}", i.instance_name);
    }
    // 125 columns leave the table a few columns to spare for NAME.
    let mut app = app_with_rows((125, 30), rows);
    app.update(Action::FocusInstances);
    let status = header_x(&app, "STATUS");
    for _ in 0..2 {
        app.update(Action::SortBy(ecs_tui::app::sort::SortKey::Name));
        assert_eq!(header_x(&app, "STATUS"), status, "{:?}", app.sort);
    }
    app.update(Action::SortBy(ecs_tui::app::sort::SortKey::Status));
    assert_eq!(header_x(&app, "STATUS"), status, "{:?}", app.sort);
}

#[test]
fn the_title_names_the_sort_with_the_word_the_help_uses() {
    // At 80 columns CREATED is off screen, so the title says how the rows are sorted.
    let mut app = loaded_app(t0(), (80, 24), 40);
    app.update(Action::SortBy(ecs_tui::app::sort::SortKey::Age));
    let title = row_text(&draw(&app), 1);
    assert!(title.contains("by age▲"), "{title}");
    // The help's line for the sort keys, wherever it scrolls to.
    let help: String = ecs_tui::app::help::lines()
        .into_iter()
        .map(|l| format!("{l:?}\n"))
        .collect();
    use ecs_tui::app::sort::SortKey::{Age, Name, Region, Status, Type, Zone};
    let words: Vec<&str> = [Name, Status, Type, Zone, Age, Region]
        .map(|k| k.word())
        .to_vec();
    assert!(help.contains(&words.join("/")), "{help}");
}

/// The x of the border between the panes on the table's header row (0 when no region pane).
fn split(app: &App) -> u16 {
    let b = draw(app);
    let (x, _) = find(&b, "│ID ");
    x
}

#[test]
fn the_region_pane_is_as_wide_as_its_rows_need() {
    // The longest row, "ap-southeast-1 Singapore", and room for a count and the marker.
    let app = loaded_app(t0(), (200, 50), 40);
    let b = draw(&app);
    assert!(split(&app) < 200 / 3, "{}", row_text(&b, 3));
    let screen = seen_text(&b);
    for region in [
        "cn-hangzhou 华东1（杭州）",
        "cn-shanghai 华东2（上海）",
        "ap-southeast-1 Singapore",
    ] {
        assert!(screen.contains(region), "{screen}");
    }
    assert_eq!(split(&app), app.region_pane_width());
    // Longer names take more, up to a third of the screen.
    let mut app = app_at(t0(), (200, 50));
    let start = app.start();
    let mut long = regions();
    long.push(region(
        "cn-nanjing",
        "华东5（南京-本地地域）华东5（南京-本地地域）华东5",
    ));
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(long),
    });
    assert_eq!(app.region_pane_width(), 200 / 3);
}

#[test]
fn at_120_columns_the_addresses_come_before_dates_and_billing() {
    let app = loaded_app(t0(), (120, 35), 40);
    let shown = headers(&app);
    for needed in ["ID", "NAME", "STATUS", "PRIVATE", "PUBLIC"] {
        assert!(shown.contains(&needed.to_owned()), "{shown:?}");
    }
    for dropped in ["CREATED", "CHARGE", "EXPIRES"] {
        assert!(!shown.contains(&dropped.to_owned()), "{shown:?}");
    }
    // The region ids stay whole beside them.
    let b = draw(&app);
    for id in ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"] {
        find(&b, &format!(" {id}"));
    }
}

#[test]
fn at_80_columns_region_ids_are_whole() {
    let app = loaded_app(t0(), (80, 24), 40);
    let b = draw(&app);
    for id in ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"] {
        find(&b, &format!(" {id}"));
    }
}

#[test]
fn hiding_the_region_pane_gives_the_table_the_whole_width() {
    let mut app = loaded_app(t0(), (120, 35), 40);
    app.update(Action::ToggleRegions);
    let b = draw(&app);
    assert_eq!(split(&app), 0, "{}", row_text(&b, 2));
    assert_eq!(app.region_pane_width(), 0);
    assert!(find_text(&b, "Regions").is_none());
    // The title still says which region this is; the table has more columns.
    assert!(row_text(&b, 1).contains("Instances · cn-hangzhou"));
    assert!(
        headers(&app).contains(&"TYPE".to_owned()),
        "{:?}",
        headers(&app)
    );
    // The regions come back for as long as they have the focus...
    app.update(Action::FocusRegions);
    assert!(split(&app) > 0);
    app.update(Action::FocusInstances);
    assert_eq!(split(&app), 0);
    // ...and for good with the key again.
    app.update(Action::ToggleRegions);
    app.update(Action::FocusInstances);
    assert!(split(&app) > 0);
}

/// The screen as a terminal shows it: the cell after a double-width character is under it.
fn seen_text(b: &ratatui::buffer::Buffer) -> String {
    let mut text = String::new();
    for y in 0..b.area.height {
        let mut hidden = false;
        for x in 0..b.area.width {
            if !hidden {
                text.push_str(b[(x, y)].symbol());
            }
            hidden = unicode_width::UnicodeWidthStr::width(b[(x, y)].symbol()) > 1;
        }
        text.push('\n');
    }
    text
}

fn find_text(b: &ratatui::buffer::Buffer, needle: &str) -> Option<u16> {
    (0..b.area.height).find(|&y| row_text(b, y).contains(needle))
}

#[test]
fn below_the_minimum_size_the_screen_says_so() {
    for size in [(39, 24), (80, 9), (20, 6)] {
        let app = loaded_app(t0(), size, 40);
        let text = screen_text(&draw(&app));
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(
            words.join(" "),
            "terminal too small (need 40x10)",
            "{size:?}:\n{text}"
        );
    }
    // At the minimum both panes are there, and the table shows the IDs whole.
    let app = loaded_app(t0(), (40, 10), 40);
    let b = draw(&app);
    assert!(find_text(&b, "Regions").is_some(), "{}", screen_text(&b));
    find(&b, "i-bp100000000000000000");
}

/// The box whose top border holds `title`: its left, top, right and bottom cells.
fn popup_box(b: &ratatui::buffer::Buffer, title: &str) -> (u16, u16, u16, u16) {
    let y = find_text(b, title).unwrap_or_else(|| panic!("{title:?}:\n{}", screen_text(b)));
    let (title_x, _) = find(b, title);
    let left = (0..title_x)
        .rev()
        .find(|&x| b[(x, y)].symbol() == "┌")
        .unwrap();
    let right = (title_x..b.area.width)
        .find(|&x| b[(x, y)].symbol() == "┐")
        .unwrap();
    let bottom = (y..b.area.height)
        .find(|&row| b[(left, row)].symbol() == "└")
        .unwrap();
    (left, y, right, bottom)
}

#[test]
fn popups_leave_nothing_of_the_panes_beside_them() {
    type Open = fn(&mut App);
    let popups: [(&str, Open); 5] = [
        ("Keys · Esc", |app| {
            app.update(Action::OpenHelp);
        }),
        ("Profiles ·", |app| {
            app.update(Action::OpenProfiles);
        }),
        ("Errors since", |app| {
            let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
            app.update(instances_failed("cn-hangzhou", generation, forbidden()));
            app.update(Action::OpenErrors);
        }),
        (" Save ", |app| {
            app.update(Action::SaveView);
        }),
        (" Console URL ", |app| {
            app.update(Action::FocusInstances);
            app.update(Action::OpenConsole);
        }),
    ];
    for size in [(61, 21), (79, 23), (81, 25), (101, 31), (121, 35)] {
        for (title, open) in popups {
            let mut app = loaded_app(t0(), size, 40);
            let header = row_text(&draw(&app), 0);
            open(&mut app);
            let b = draw(&app);
            // The header and the footer stay whole above and below it.
            assert_eq!(row_text(&b, 0), header, "{title:?} at {size:?}");
            let footer = row_text(&b, size.1 - 1);
            assert!(
                !footer.contains(['│', '└', '┘', '─']),
                "{title:?} at {size:?}: {footer}"
            );
            let (left, top, right, bottom) = popup_box(&b, title);
            // Between the header and the footer, nothing is left but the box (and the line
            // of a flash message just above the footer).
            for y in 1..size.1 - 2 {
                for x in 0..size.0 {
                    let inside = (left..=right).contains(&x) && (top..=bottom).contains(&y);
                    assert!(
                        inside || b[(x, y)].symbol() == " ",
                        "{title:?} at {size:?}: {:?} at ({x},{y})\n{}",
                        b[(x, y)].symbol(),
                        screen_text(&b)
                    );
                }
            }
        }
    }
}

#[test]
fn popups_at_odd_widths() {
    const ODD: [(u16, u16); 2] = [(79, 23), (101, 31)];
    check_snapshots!(ODD, "error_log", |size| {
        let mut app = loaded_app(t0(), size, 40);
        let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
        app.update(instances_failed("cn-hangzhou", generation, forbidden()));
        app.update(Action::OpenErrors);
        app
    });
    check_snapshots!(ODD, "help", |size| {
        let mut app = loaded_app(t0(), size, 40);
        app.update(Action::OpenHelp);
        app
    });
}

#[test]
fn the_full_width_table_keeps_its_focus_styles_with_and_without_colour() {
    use ratatui::style::{Color, Modifier};
    for no_color in [false, true] {
        let mut app = loaded_app(t0(), (120, 35), 40);
        app.settings.no_color = no_color;
        app.update(Action::ToggleRegions);
        let b = draw(&app);
        // The selected row is reversed from border to border.
        let (_, y) = find(&b, "i-bp100000000000000000");
        assert!(
            (1..119).all(|x| b[(x, y)].modifier.contains(Modifier::REVERSED)),
            "no_color {no_color}"
        );
        // The focused pane's border is accented (and its title bold, which shows without).
        let (tx, ty) = find(&b, "Instances");
        assert!(b[(tx, ty)].modifier.contains(Modifier::BOLD));
        let accent = if no_color { Color::Reset } else { Color::Cyan };
        assert_eq!(b[(0, 5)].fg, accent, "no_color {no_color}");
        // The key hints keep their key style.
        let footer = row_text(&b, 34);
        let x = u16::try_from(footer.find("d describe").unwrap()).unwrap();
        assert!(b[(x, 34)].modifier.contains(Modifier::BOLD));
    }
}

#[test]
fn favourite_regions_show_the_digit_that_jumps_to_them() {
    let mut app = loaded_app(t0(), (120, 35), 3);
    let before = screen_text(&draw(&app));
    assert!(!before.contains("1 cn-shanghai"), "{before}");
    app.ui.favorite_regions = vec!["cn-shanghai".into(), "cn-hangzhou".into()];
    let b = draw(&app);
    // The region pane's row of `id` (the header also names the current region).
    let pane_row = |id: &str| {
        let y = (2..b.area.height)
            .find(|&y| row_text(&b, y).contains(id))
            .unwrap();
        row_text(&b, y)
    };
    let shanghai = pane_row("cn-shanghai");
    let hangzhou = pane_row("cn-hangzhou");
    assert!(shanghai.contains("1 cn-shanghai"), "{shanghai}");
    assert!(hangzhou.contains("2 cn-hangzhou"), "{hangzhou}");
    // A region that is not a favourite keeps its id in the same column as the others.
    let other = pane_row("cn-beijing");
    let column = |line: &str, id: &str| line.find(id).unwrap() - 2;
    assert_eq!(
        column(&other, "cn-beijing"),
        column(&shanghai, "cn-shanghai")
    );
    assert_eq!(&other[column(&other, "cn-beijing")..][..2], "  ");
}

#[test]
fn a_failed_region_list_is_told_in_full_where_there_is_room() {
    let mut profiles = profiles();
    profiles[0].region_id = None;
    let mut app = App::new(profiles, 0, None, t0(), (80, 24));
    let commands = app.start();
    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&commands),
        result: Err(forbidden()),
    });
    let b = draw(&app);
    let split = find(&b, "┐┌").0 + 1;
    let pane = |y: u16, range: std::ops::Range<u16>| -> String {
        range.map(|x| b[(x, y)].symbol()).collect()
    };
    let instances: String = (2..b.area.height - 2)
        .map(|y| pane(y, split..b.area.width))
        .collect::<Vec<_>>()
        .join("\n");
    let regions: String = (2..b.area.height - 2)
        .map(|y| pane(y, 0..split))
        .collect::<Vec<_>>()
        .join("\n");
    // The table's wide pane has the Code, the Message, the RequestId and the hint...
    for part in [
        "Forbidden.RAM",
        "User not authorized",
        "RequestId 7A1B2C3D-0000-4E5F-8A9B-123456789ABC",
        "Hint:",
    ] {
        assert!(instances.contains(part), "{part}:\n{instances}");
    }
    // ...and the narrow region pane says only that the list failed, and what to do.
    assert!(regions.contains("⚠ DescribeRegions"), "{regions}");
    assert!(regions.contains("r retries"), "{regions}");
    assert!(!regions.contains("User not"), "{regions}");
}
