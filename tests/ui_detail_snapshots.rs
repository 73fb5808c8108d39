//! The describe and JSON views, their search, the dialogs, the cached marks, and the looks
//! (light theme, NO_COLOR, a profile's accent), drawn and compared with snapshots.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::api::Instance;
use ecs_tui::app::detail::{Disk, SecurityGroup};
use ecs_tui::app::{Action, App, Command, Settings};
use ecs_tui::config::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use serde_json::value::RawValue;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn check(state: &str, build: impl Fn((u16, u16)) -> App) {
    check_snapshots!(SIZES, state, build);
}

fn server() -> Instance {
    let raw = r#"{"InstanceId":"i-bp1a2b3c4d5e6f7g8h9","InstanceName":"web-01","HostName":"iZbp1a2b3c4d5e6f7g8h9Z",
"Description":"front end","Status":"Running","InstanceType":"ecs.g7.large","InstanceTypeFamily":"ecs.g7","Cpu":2,
"Memory":8192,"RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","OSName":"Alibaba Cloud Linux 3.2104 LTS 64位",
"OSType":"linux","ImageId":"aliyun_3_x64_20G_alibase_20240819.vhd","KeyPairName":"deploy",
"InstanceNetworkType":"vpc","PublicIpAddress":{"IpAddress":[]},"EipAddress":{"IpAddress":"47.96.12.34"},
"VpcAttributes":{"VpcId":"vpc-bp1qpo0kug3a20qqe","VSwitchId":"vsw-bp1s5fnvk4gn2tws0","PrivateIpAddress":{"IpAddress":["172.16.0.10"]}},
"SecurityGroupIds":{"SecurityGroupId":["sg-bp1web","sg-bp1ssh"]},
"Tags":{"Tag":[{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"payments"}]},
"InstanceChargeType":"PrePaid","InternetChargeType":"PayByTraffic","InternetMaxBandwidthOut":10,
"SpotStrategy":"NoSpot","StoppedMode":"Not-applicable","DeletionProtection":true,"Flag":false,"Nothing":null,
"CreationTime":"2024-03-01T08:30Z","StartTime":"2024-03-02T09:00Z","ExpiredTime":"2026-03-01T16:00Z","AutoReleaseTime":""}"#;
    Instance::from_raw(RawValue::from_string(raw.into()).unwrap()).unwrap()
}

/// The table on `server()`, 12 seconds after it loaded.
fn app_on_server(size: (u16, u16)) -> App {
    let mut rows = instances(5, "cn-hangzhou");
    rows.insert(0, server());
    let mut app = app_with_rows(size, rows);
    app.update(Action::FocusInstances);
    later(app, 12)
}

fn generation_of(commands: &[Command]) -> u64 {
    commands
        .iter()
        .find_map(|c| match c {
            Command::FetchDisks { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap()
}

fn described(size: (u16, u16)) -> App {
    let mut app = app_on_server(size);
    let generation = generation_of(&app.update(Action::Describe));
    let to = |result| Action::DisksLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        instance: "i-bp1a2b3c4d5e6f7g8h9".into(),
        generation,
        result,
    };
    app.update(to(Ok(vec![
        Disk {
            disk_id: "d-bp1system".into(),
            kind: "system".into(),
            category: "cloud_essd".into(),
            performance_level: "PL0".into(),
            size_gib: 40,
            device: "/dev/xvda".into(),
            encrypted: false,
            delete_with_instance: true,
            ..Disk::default()
        },
        Disk {
            disk_id: "d-bp1data".into(),
            kind: "data".into(),
            category: "cloud_auto".into(),
            size_gib: 500,
            device: "/dev/xvdb".into(),
            encrypted: true,
            delete_with_instance: false,
            ..Disk::default()
        },
    ])));
    app.update(Action::SecurityGroupsLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        instance: "i-bp1a2b3c4d5e6f7g8h9".into(),
        generation,
        result: Ok(vec![
            SecurityGroup {
                id: "sg-bp1web".into(),
                name: "web".into(),
                description: "80 and 443 from anywhere".into(),
            },
            SecurityGroup {
                id: "sg-bp1ssh".into(),
                name: "ssh-from-office".into(),
                description: String::new(),
            },
        ]),
    });
    app
}

#[test]
fn describe_loading() {
    check("describe_loading", |size| {
        let mut app = app_on_server(size);
        app.update(Action::Describe);
        app
    });
}

#[test]
fn describe_filled() {
    check("describe_filled", described);
}

#[test]
fn describe_with_a_failed_call() {
    check("describe_failed_disks", |size| {
        let mut app = app_on_server(size);
        let generation = generation_of(&app.update(Action::Describe));
        app.update(Action::DisksLoaded {
            profile: "dev".into(),
            region: "cn-hangzhou".into(),
            instance: "i-bp1a2b3c4d5e6f7g8h9".into(),
            generation,
            result: Err(forbidden()),
        });
        app
    });
}

#[test]
fn describe_searched_and_scrolled() {
    check("describe_search", |size| {
        let mut app = described(size);
        app.update(Action::SearchStart);
        for c in "prod".chars() {
            app.update(Action::SearchInput(c));
        }
        app.update(Action::SearchSubmit);
        app.update(Action::SearchNext);
        app
    });
}

#[test]
fn typing_a_search() {
    check("describe_typing", |size| {
        let mut app = described(size);
        app.update(Action::SearchStart);
        for c in "vsw".chars() {
            app.update(Action::SearchInput(c));
        }
        app
    });
}

#[test]
fn json_view() {
    check("json", |size| {
        let mut app = app_on_server(size);
        app.update(Action::ShowJson);
        app
    });
}

#[test]
fn save_prompt() {
    check("save_prompt", |size| {
        let mut app = app_on_server(size);
        app.update(Action::SaveView);
        app
    });
}

#[test]
fn console_url() {
    check("console_url", |size| {
        let mut app = described(size);
        app.update(Action::OpenConsole);
        app
    });
}

/// The box once the run loop answered: OSC 52 only (with the tmux hint, the first time) and
/// a browser that took the URL.
#[test]
fn console_url_sent_and_opened() {
    check("console_url_answered", |size| {
        let mut app = described(size);
        app.update(Action::OpenConsole);
        let url = "https://ecs.console.aliyun.com/server/i-bp1a2b3c4d5e6f7g8h9/detail?regionId=cn-hangzhou";
        app.update(Action::Copied {
            what: "the console URL".into(),
            text: url.into(),
            tool: Ok(None),
        });
        app.update(Action::UrlOpened {
            url: url.into(),
            result: Ok(Some("xdg-open".into())),
        });
        app
    });
}

/// `C`: every value the menu offers, with its key and what it would copy.
#[test]
fn copy_menu() {
    check("copy_menu", |size| {
        let mut app = app_on_server(size);
        app.update(Action::OpenCopyMenu);
        app
    });
}

#[test]
fn cached_rows_show_their_age() {
    check("cached", |size| {
        let mut app = app_at(t0(), size);
        app.start();
        app.update(Action::CachedRegionsLoaded {
            profile: "dev".into(),
            regions: regions(),
            age: Duration::from_secs(3 * 3600),
        });
        app.update(Action::CachedInstancesLoaded {
            profile: "dev".into(),
            region: "cn-hangzhou".into(),
            instances: instances(8, "cn-hangzhou").into(),
            age: Duration::from_secs(3 * 3600),
        });
        app
    });
}

#[test]
fn cached_rows_whose_refresh_failed_say_their_age_once() {
    let mut app = app_at(t0(), (160, 30));
    let start = app.start();
    app.update(Action::CachedInstancesLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        instances: instances(8, "cn-hangzhou").into(),
        age: Duration::from_secs(3 * 3600),
    });
    app.update(instances_failed(
        "cn-hangzhou",
        fetch_generation(&start, "cn-hangzhou"),
        forbidden(),
    ));
    let screen = screen_text(&draw(&app));
    let title = screen.lines().find(|l| l.contains("Instances ·")).unwrap();
    assert!(title.contains("cached 3h ago"), "{title}");
    assert!(!title.contains("stale"), "one age is enough: {title}");
}

#[test]
fn a_sort_by_a_column_off_screen_is_named_in_the_title() {
    use ecs_tui::app::sort::SortKey;
    let title = |app: &ecs_tui::app::App| {
        let screen = screen_text(&draw(app));
        screen
            .lines()
            .find(|l| l.contains("Instances ·"))
            .unwrap()
            .to_owned()
    };
    let mut app = loaded_app(t0(), (100, 30), 10);
    app.update(Action::SortBy(SortKey::Age));
    assert!(title(&app).contains("by age▲"), "{}", title(&app));
    app.update(Action::SortBy(SortKey::Age));
    assert!(title(&app).contains("by age▼"), "{}", title(&app));
    // On screen, the column's header carries the mark and the title stays as it was.
    app.update(Action::SortBy(SortKey::Name));
    assert!(!title(&app).contains("by "), "{}", title(&app));
}

#[test]
fn json_kinds_have_their_own_colours() {
    let mut app = app_on_server((120, 100));
    app.update(Action::ShowJson);
    let terminal = render(&app);
    let b = terminal.backend().buffer();
    let colour = |needle: &str| {
        let (x, y) = find(b, needle);
        b[(x, y)].fg
    };
    let key = colour("\"InstanceId\"");
    let string = colour("\"i-bp1a2b3c4d5e6f7g8h9\"");
    let number = colour("8192");
    let literal = colour("false");
    assert_eq!(colour("null"), literal);
    let all = [key, string, number, literal];
    for (i, a) in all.iter().enumerate() {
        assert_ne!(*a, Color::Reset);
        for c in &all[i + 1..] {
            assert_ne!(a, c, "{all:?}");
        }
    }
}

#[test]
fn search_matches_are_highlighted() {
    let mut app = described((120, 60));
    app.update(Action::SearchStart);
    for c in "PAYMENTS".chars() {
        app.update(Action::SearchInput(c));
    }
    app.update(Action::SearchSubmit);
    let terminal = render(&app);
    let b = terminal.backend().buffer();
    let (x, y) = find(b, "payments");
    assert_eq!(b[(x, y)].bg, Color::Yellow);
    assert!(
        b[(x, y)].modifier.contains(Modifier::REVERSED),
        "the current match"
    );
    let (x, y) = find(b, "team");
    assert_eq!(b[(x, y)].bg, Color::Reset);
}

fn with_settings(app: App, f: impl FnOnce(&mut Settings)) -> App {
    let mut settings = app.settings.clone();
    f(&mut settings);
    app.with_settings(settings)
}

/// Every distinct style on screen, with the text it is on: a snapshot of the colours.
fn styles(buffer: &Buffer) -> String {
    format!("{buffer:?}")
}

#[test]
fn light_theme() {
    let mut app = described((80, 24));
    app.ui.theme = Theme::Light;
    let terminal = render(&app);
    let b = terminal.backend().buffer();
    insta::assert_snapshot!("light_describe_80x24", styles(b));
    let (x, y) = find(b, "Running");
    assert_eq!(
        b[(x, y)].fg,
        Color::Indexed(28),
        "a green that reads on white"
    );
    assert!(
        b.content
            .iter()
            .all(|c| c.fg != Color::Yellow && c.fg != Color::Cyan)
    );
    let mut table = app_on_server((200, 50));
    table.ui.theme = Theme::Light;
    insta::assert_snapshot!(
        "light_table_200x50",
        styles(render(&table).backend().buffer())
    );
}

#[test]
fn no_color_keeps_bold_and_reverse_only() {
    for size in SIZES {
        let mut app = with_settings(app_on_server(size), |s| s.no_color = true);
        let terminal = render(&app);
        let b = terminal.backend().buffer();
        assert!(
            b.content
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "no colour anywhere"
        );
        let (x, y) = find(b, "i-bp1a2b3c4d5e6f7g8h9");
        assert!(
            b[(x, y)].modifier.contains(Modifier::REVERSED),
            "the selection"
        );
        insta::assert_snapshot!(format!("no_color_table_{}x{}", size.0, size.1), styles(b));
        app.update(Action::FocusRegions);
        let terminal = render(&app);
        let b = terminal.backend().buffer();
        let (x, y) = find(b, "i-bp1a2b3c4d5e6f7g8h9");
        assert!(
            b[(x, y)].modifier.contains(Modifier::BOLD),
            "the unfocused selection is bold instead of grey"
        );
    }
    let app = with_settings(described((80, 24)), |s| s.no_color = true);
    insta::assert_snapshot!(
        "no_color_describe_80x24",
        styles(render(&app).backend().buffer())
    );
}

#[test]
fn a_profile_accent_colours_the_header_and_borders() {
    let app = with_settings(app_on_server((80, 24)), |s| {
        s.accents.insert("dev".into(), "red".into());
    });
    let terminal = render(&app);
    let b = terminal.backend().buffer();
    assert!(
        (0..80).all(|x| b[(x, 0)].bg == Color::Red),
        "the header line"
    );
    let (x, y) = find(b, "Instances");
    assert_eq!(b[(x - 2, y)].fg, Color::Red, "the focused border");
    // Another profile keeps the default look.
    let plain = with_settings(app_on_server((80, 24)), |s| {
        s.accents.insert("prod".into(), "red".into());
    });
    let terminal = render(&plain);
    assert_eq!(terminal.backend().buffer()[(0, 0)].bg, Color::Reset);
}
