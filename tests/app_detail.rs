//! The one-instance keys as a state machine: describe and JSON views, their extra calls and
//! stale answers, search, copy, ssh, console URL, saving the view, and the cached inventory.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::time::Duration;

use app_fixtures::*;
use ecs_tui::api::Instance;
use ecs_tui::app::detail::{Disk, SecurityGroup};
use ecs_tui::app::{Action, App, Command, DetailKind, Dialog, Focus, Part, UrlBox};
use ecs_tui::export::ExportFormat;
use serde_json::value::RawValue;

/// An instance with everything the describe view shows, keys in the API's order.
fn rich(n: usize, eip: &str, public: &[&str], private: &[&str]) -> Instance {
    let raw = format!(
        r#"{{"InstanceId":"i-rich{n:03}","InstanceName":"api-prod-{n:02}","HostName":"api{n}","Description":"serves the API",
"Status":"Running","InstanceType":"ecs.g7.large","InstanceTypeFamily":"ecs.g7","Cpu":2,"Memory":8192,
"RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","OSName":"Alibaba Cloud Linux 3","OSType":"linux",
"ImageId":"aliyun_3_x64_20G_alibase_20240819.vhd","KeyPairName":"deploy","InstanceNetworkType":"vpc",
"PublicIpAddress":{{"IpAddress":{public}}},"EipAddress":{{"IpAddress":"{eip}"}},
"VpcAttributes":{{"VpcId":"vpc-bp1","VSwitchId":"vsw-bp1","PrivateIpAddress":{{"IpAddress":{private}}}}},
"SecurityGroupIds":{{"SecurityGroupId":["sg-web","sg-ssh"]}},
"Tags":{{"Tag":[{{"TagKey":"env","TagValue":"prod"}}]}},
"InstanceChargeType":"PrePaid","InternetChargeType":"PayByTraffic","InternetMaxBandwidthOut":5,
"SpotStrategy":"NoSpot","DeletionProtection":true,"CreationTime":"2024-03-01T08:30Z","StartTime":"2024-03-02T09:00Z",
"ExpiredTime":"2026-03-01T16:00Z","AutoReleaseTime":"","ZetaLast":1}}"#,
        public = serde_json::to_string(public).unwrap(),
        private = serde_json::to_string(private).unwrap(),
    );
    Instance::from_raw(RawValue::from_string(raw).unwrap()).unwrap()
}

/// A loaded app whose cn-hangzhou rows are three rich instances, the table focused on the
/// second one.
fn rich_app() -> App {
    let mut app = app_with_rows(
        (120, 40),
        vec![
            rich(1, "", &["47.96.0.1"], &["10.0.0.1"]),
            rich(2, "39.100.0.2", &["47.96.0.2"], &["10.0.0.2"]),
            rich(3, "", &[], &["10.0.0.3"]),
        ],
    );
    app.update(Action::FocusInstances);
    app.update(Action::SelectNext);
    app
}

fn detail_texts(app: &App) -> Vec<String> {
    let detail = app.detail.as_ref().expect("a view is open");
    detail.texts(app.detail_instance().unwrap(), app.detail_width())
}

fn has_line(app: &App, needle: &str) -> bool {
    detail_texts(app).iter().any(|l| l.contains(needle))
}

/// The (instance, generation) the describe view asked its disks for.
fn disks_request(commands: &[Command]) -> (String, u64) {
    commands
        .iter()
        .find_map(|c| match c {
            Command::FetchDisks {
                profile,
                region,
                instance,
                generation,
            } if profile == "dev" && region == "cn-hangzhou" => {
                Some((instance.clone(), *generation))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no FetchDisks in {commands:?}"))
}

fn disk(id: &str) -> Disk {
    Disk {
        disk_id: id.into(),
        kind: "system".into(),
        category: "cloud_essd".into(),
        performance_level: "PL1".into(),
        size_gib: 40,
        device: "/dev/xvda".into(),
        encrypted: true,
        delete_with_instance: true,
        ..Disk::default()
    }
}

fn disks_loaded(
    instance: &str,
    generation: u64,
    result: Result<Vec<Disk>, ecs_tui::api::Error>,
) -> Action {
    Action::DisksLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        instance: instance.into(),
        generation,
        result,
    }
}

#[test]
fn describe_opens_at_once_and_asks_for_disks_and_groups() {
    let mut app = rich_app();
    let commands = app.update(Action::Describe);
    let detail = app.detail.as_ref().unwrap();
    assert_eq!(detail.kind, DetailKind::Describe);
    assert_eq!(detail.instance.instance_id, "i-rich002");
    let (instance, generation) = disks_request(&commands);
    assert_eq!(instance, "i-rich002");
    assert!(commands.iter().any(|c| matches!(c,
        Command::FetchSecurityGroups { ids, generation: g, instance, .. }
            if ids == &["sg-web", "sg-ssh"] && *g == generation && instance == "i-rich002")));
    // What is known shows at once; the rest says it is coming.
    assert!(has_line(&app, "api-prod-02"));
    assert!(has_line(&app, "39.100.0.2"));
    assert!(has_line(&app, "loading disks…"));
    assert!(has_line(&app, "loading security groups…"));
    assert!(has_line(&app, "Deletion protection   yes"));
    assert!(has_line(&app, "2026-03-01 16:00 UTC"));
    assert_eq!(app.scope(), ecs_tui::keys::Scope::Detail);
}

#[test]
fn enter_on_an_instance_describes_it() {
    let mut app = rich_app();
    let commands = app.update(Action::Enter);
    assert!(app.detail.is_some());
    disks_request(&commands);
}

#[test]
fn answers_fill_the_view_in() {
    let mut app = rich_app();
    let (instance, generation) = disks_request(&app.update(Action::Describe));
    app.update(disks_loaded(
        &instance,
        generation,
        Ok(vec![disk("d-system")]),
    ));
    app.update(Action::SecurityGroupsLoaded {
        profile: "dev".into(),
        region: "cn-hangzhou".into(),
        instance: instance.clone(),
        generation,
        result: Ok(vec![SecurityGroup {
            id: "sg-web".into(),
            name: "web-sg".into(),
            description: "http and https".into(),
        }]),
    });
    let detail = app.detail.as_ref().unwrap();
    assert!(matches!(&detail.disks, Part::Loaded(d) if d.len() == 1));
    assert!(has_line(&app, "cloud_essd PL1"));
    assert!(has_line(&app, "d-system"));
    assert!(has_line(&app, "web-sg · http and https"));
    assert!(
        has_line(&app, "sg-ssh"),
        "a group the API did not return still shows"
    );
    assert!(!has_line(&app, "loading"));
}

#[test]
fn failed_calls_show_inline_with_code_and_request_id() {
    let mut app = rich_app();
    let (instance, generation) = disks_request(&app.update(Action::Describe));
    app.update(disks_loaded(&instance, generation, Err(forbidden())));
    assert!(has_line(&app, "DescribeDisks failed: Forbidden.RAM"));
    assert!(has_line(
        &app,
        "RequestId 7A1B2C3D-0000-4E5F-8A9B-123456789ABC"
    ));
    assert!(has_line(&app, "api-prod-02"), "the rest of the view stays");
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = rich_app();
    let (instance, old) = disks_request(&app.update(Action::Describe));
    app.update(Action::Back);
    let (again, new) = disks_request(&app.update(Action::Describe));
    assert_eq!(again, instance);
    assert_ne!(old, new);
    app.update(disks_loaded(&instance, old, Ok(vec![disk("d-old")])));
    assert!(matches!(app.detail.as_ref().unwrap().disks, Part::Loading));
    // Another instance's or another profile's answer with the right generation: dropped too.
    app.update(disks_loaded("i-rich001", new, Ok(vec![disk("d-other")])));
    app.update(Action::DisksLoaded {
        profile: "prod".into(),
        region: "cn-hangzhou".into(),
        instance: instance.clone(),
        generation: new,
        result: Ok(vec![disk("d-prod")]),
    });
    assert!(matches!(app.detail.as_ref().unwrap().disks, Part::Loading));
    app.update(disks_loaded(&instance, new, Ok(vec![disk("d-new")])));
    assert!(has_line(&app, "d-new"));
    // After the view closed, an answer changes nothing.
    app.update(Action::Back);
    app.update(disks_loaded(&instance, new, Ok(vec![disk("d-late")])));
    assert!(app.detail.is_none());
}

#[test]
fn esc_goes_back_to_exactly_where_the_table_was() {
    let mut app = loaded_app(t0(), (100, 20), 60);
    app.update(Action::FocusInstances);
    for _ in 0..30 {
        app.update(Action::SelectNext);
    }
    let view = app.current_view().unwrap();
    let before = (view.selected, view.offset, app.focus);
    assert!(before.1 > 0, "the table is scrolled");
    app.update(Action::Describe);
    for _ in 0..5 {
        app.update(Action::SelectNext);
    }
    app.update(Action::PageDown);
    assert!(app.detail.as_ref().unwrap().scroll > 0, "the view scrolled");
    app.update(Action::Back);
    let view = app.current_view().unwrap();
    assert!(app.detail.is_none());
    assert_eq!((view.selected, view.offset, app.focus), before);
    assert_eq!(app.focus, Focus::Instances);
}

#[test]
fn the_view_scrolls_within_its_text() {
    let mut app = rich_app();
    app.update(Action::Describe);
    let lines = detail_texts(&app).len();
    let viewport = app.detail_viewport();
    assert!(
        lines > viewport,
        "more lines ({lines}) than fit ({viewport})"
    );
    app.update(Action::SelectLast);
    assert_eq!(app.detail.as_ref().unwrap().scroll, lines - viewport);
    app.update(Action::SelectNext);
    assert_eq!(
        app.detail.as_ref().unwrap().scroll,
        lines - viewport,
        "stops at the end"
    );
    app.update(Action::PageUp);
    assert_eq!(
        app.detail.as_ref().unwrap().scroll,
        (lines - viewport).saturating_sub(viewport)
    );
    app.update(Action::SelectFirst);
    app.update(Action::SelectPrev);
    assert_eq!(app.detail.as_ref().unwrap().scroll, 0);
    // A taller terminal needs less scrolling: the scroll follows.
    app.update(Action::SelectLast);
    app.update(Action::Resize {
        width: 120,
        height: 200,
    });
    assert_eq!(app.detail.as_ref().unwrap().scroll, 0);
}

#[test]
fn search_finds_lines_and_n_and_shift_n_wrap() {
    let mut app = rich_app();
    app.update(Action::Describe);
    app.update(Action::SearchStart);
    assert_eq!(app.scope(), ecs_tui::keys::Scope::Search);
    for c in "PROD".chars() {
        app.update(Action::SearchInput(c));
    }
    app.update(Action::SearchInput('x'));
    app.update(Action::SearchBackspace);
    app.update(Action::SearchSubmit);
    let texts = detail_texts(&app);
    let search = &app.detail.as_ref().unwrap().search;
    assert_eq!(search.query, "PROD");
    assert!(search.input.is_none());
    let want: Vec<usize> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.to_lowercase().contains("prod"))
        .map(|(n, _)| n)
        .collect();
    assert!(want.len() >= 2, "name and tag: {want:?}");
    assert_eq!(search.matches, want);
    assert_eq!(search.current, Some(0));
    app.update(Action::SearchNext);
    assert_eq!(app.detail.as_ref().unwrap().search.current, Some(1));
    app.update(Action::SearchPrev);
    app.update(Action::SearchPrev);
    assert_eq!(
        app.detail.as_ref().unwrap().search.current,
        Some(want.len() - 1),
        "N wraps to the last match"
    );
    // The last match is on screen.
    let d = app.detail.as_ref().unwrap();
    let last = want[want.len() - 1];
    assert!(last >= d.scroll && last < d.scroll + app.detail_viewport());
    // Esc clears the search first, then closes the view.
    app.update(Action::Back);
    assert!(app.detail.as_ref().unwrap().search.query.is_empty());
    app.update(Action::Back);
    assert!(app.detail.is_none());
}

#[test]
fn a_search_without_matches_says_so() {
    let mut app = rich_app();
    app.update(Action::Describe);
    app.update(Action::SearchStart);
    app.update(Action::SearchInput('§'));
    app.update(Action::SearchSubmit);
    assert!(app.flash.as_ref().unwrap().text.contains("no match"));
    // Esc while typing cancels the typing only.
    app.update(Action::SearchStart);
    app.update(Action::Back);
    assert!(app.detail.is_some());
}

#[test]
fn y_shows_the_raw_json_in_the_apis_key_order() {
    let mut app = rich_app();
    let commands = app.update(Action::ShowJson);
    assert!(commands.is_empty(), "the JSON needs no call: {commands:?}");
    assert_eq!(app.detail.as_ref().unwrap().kind, DetailKind::Json);
    let texts = detail_texts(&app);
    assert_eq!(texts[0], "{");
    assert_eq!(texts[1], r#"  "InstanceId": "i-rich002","#);
    assert_eq!(texts[texts.len() - 2], r#"  "ZetaLast": 1"#, "not sorted");
    // The pretty text is the same JSON as the API's.
    let pretty: serde_json::Value = serde_json::from_str(&texts.join("\n")).unwrap();
    let raw: serde_json::Value =
        serde_json::from_str(app.detail_instance().unwrap().raw.get()).unwrap();
    assert_eq!(pretty, raw);
    // d switches to the describe view, which then asks for its parts.
    let commands = app.update(Action::Describe);
    disks_request(&commands);
    assert_eq!(app.detail.as_ref().unwrap().kind, DetailKind::Describe);
    assert!(app.update(Action::ShowJson).is_empty(), "asked once only");
}

#[test]
fn c_copies_the_id() {
    let mut app = rich_app();
    assert_eq!(
        app.update(Action::CopyId),
        vec![Command::Copy {
            what: "i-rich002".into(),
            text: "i-rich002".into()
        }]
    );
    // Nothing has confirmed it yet: the run loop answers (see app_external).
    assert_eq!(app.flash.as_ref().unwrap().text, "copying i-rich002…");
    // In the view too.
    app.update(Action::SelectNext);
    app.update(Action::Describe);
    assert_eq!(
        app.update(Action::CopyId),
        vec![Command::Copy {
            what: "i-rich003".into(),
            text: "i-rich003".into()
        }]
    );
}

#[test]
fn nothing_selected_nothing_done() {
    let mut app = app_at(t0(), (120, 40));
    app.start();
    for action in [
        Action::CopyId,
        Action::OpenCopyMenu,
        Action::Describe,
        Action::Ssh,
        Action::OpenConsole,
    ] {
        assert!(app.update(action).is_empty());
        assert!(app.detail.is_none());
    }
    assert!(app.flash.as_ref().unwrap().text.contains("no instance"));
    assert!(app.update(Action::SaveView).is_empty());
    assert!(app.dialog.is_none(), "nothing to save");
}

#[test]
fn s_builds_the_ssh_command_for_each_address() {
    let mut app = rich_app();
    // EIP first.
    assert_eq!(
        app.update(Action::Ssh),
        vec![Command::RunSsh {
            argv: ["ssh", "-o", "ConnectTimeout=10", "root@39.100.0.2"]
                .map(String::from)
                .to_vec()
        }]
    );
    // Public IP without an EIP, with the configured template and user.
    app.ui.ssh_command = "ssh -J bastion.{region} {user}@{ip} -- hostname {name}".into();
    app.ui.ssh_user = "ecs-user".into();
    app.update(Action::SelectPrev);
    assert_eq!(
        app.update(Action::Ssh),
        vec![Command::RunSsh {
            argv: [
                "ssh",
                "-J",
                "bastion.cn-hangzhou",
                "ecs-user@47.96.0.1",
                "--",
                "hostname",
                "api-prod-01"
            ]
            .map(String::from)
            .to_vec()
        }]
    );
    // Only a private IP.
    app.update(Action::SelectLast);
    assert!(matches!(&app.update(Action::Ssh)[..],
        [Command::RunSsh { argv }] if argv[3] == "ecs-user@10.0.0.3"));
}

#[test]
fn s_without_any_address_explains_why() {
    let mut app = app_with_rows((120, 40), vec![rich(9, "", &[], &[])]);
    assert!(app.update(Action::Ssh).is_empty());
    let flash = &app.flash.as_ref().unwrap().text;
    assert!(flash.contains("i-rich009 has no IP address"), "{flash}");
}

#[test]
fn o_shows_copies_and_opens_the_console_url() {
    let mut app = rich_app();
    app.update(Action::Describe);
    let url = "https://ecs.console.aliyun.com/server/i-rich002/detail?regionId=cn-hangzhou";
    assert_eq!(
        app.update(Action::OpenConsole),
        vec![
            Command::Copy {
                what: "the console URL".into(),
                text: url.into()
            },
            Command::OpenUrl { url: url.into() }
        ]
    );
    assert_eq!(app.dialog, Some(Dialog::Url(UrlBox::new(url.into()))));
    assert_eq!(app.scope(), ecs_tui::keys::Scope::Notice);
    // The box takes the keys; Esc closes it and the view is still there.
    assert!(app.update(Action::SelectNext).is_empty());
    app.update(Action::Back);
    assert!(app.dialog.is_none());
    assert!(app.detail.is_some());
}

#[test]
fn ctrl_s_saves_the_rows_as_shown() {
    let mut app = loaded_app(t0(), (120, 40), 12);
    // Whatever order and subset the table shows (a filter or a sort builds the index).
    let view = app.views.get_mut("cn-hangzhou").unwrap();
    view.index = vec![11, 3, 7];
    let shown: Vec<String> = view
        .index
        .iter()
        .map(|&i| view.rows[i].instance_id.clone())
        .collect();
    assert!(app.update(Action::SaveView).is_empty());
    assert_eq!(app.dialog, Some(Dialog::SaveAs));
    assert_eq!(app.scope(), ecs_tui::keys::Scope::SaveAs);
    let commands = app.update(Action::SaveAs(ExportFormat::Csv));
    assert!(app.dialog.is_none());
    let [
        Command::SaveView {
            stem,
            format,
            contents,
        },
    ] = &commands[..]
    else {
        panic!("{commands:?}");
    };
    assert_eq!(
        (stem.as_str(), *format),
        ("dev-cn-hangzhou", ExportFormat::Csv)
    );
    let lines: Vec<&str> = contents.lines().collect();
    assert!(lines[0].starts_with("ID,NAME,STATUS,TYPE"));
    let ids: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, shown);

    app.update(Action::SaveView);
    let commands = app.update(Action::SaveAs(ExportFormat::Json));
    let [Command::SaveView { contents, .. }] = &commands[..] else {
        panic!("{commands:?}");
    };
    let objects: Vec<serde_json::Value> = serde_json::from_str(contents).unwrap();
    let ids: Vec<&str> = objects
        .iter()
        .map(|o| o["InstanceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, shown);
    let view = app.current_view().unwrap();
    assert!(
        contents.contains(view.rows[11].raw.get()),
        "the objects byte for byte"
    );

    app.update(Action::ViewSaved {
        result: Ok("/tmp/ecs-tui-dev-cn-hangzhou.json".into()),
    });
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("/tmp/ecs-tui-dev-cn-hangzhou.json")
    );
}

#[test]
fn a_dialog_takes_keys_but_never_answers() {
    let mut app = loaded_app(t0(), (120, 40), 12);
    app.update(Action::SaveView);
    let before = app.current_view().unwrap().selected;
    app.update(Action::FocusInstances);
    app.update(Action::SelectNext);
    assert_eq!(app.current_view().unwrap().selected, before);
    assert_eq!(app.focus, Focus::Regions);
    assert!(app.update(Action::Refresh).is_empty());
    assert!(app.update(Action::RefreshAll).is_empty());
    assert!(app.dialog.is_some());
    // An answer still lands while the dialog is open.
    app.update(Action::Back);
    assert!(app.dialog.is_none());
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    app.update(Action::SaveView);
    app.update(instances_loaded(
        "cn-hangzhou",
        generation,
        instances(3, "cn-hangzhou"),
    ));
    assert_eq!(app.current_view().unwrap().rows.len(), 3);
}

#[test]
fn r_in_the_view_asks_again_without_blanking_it() {
    let mut app = rich_app();
    let (instance, first) = disks_request(&app.update(Action::Describe));
    app.update(disks_loaded(&instance, first, Ok(vec![disk("d-1")])));
    let commands = app.update(Action::Refresh);
    let (_, second) = disks_request(&commands);
    assert_ne!(first, second);
    fetch_generation(&commands, "cn-hangzhou");
    assert!(
        has_line(&app, "d-1"),
        "the old answer stays until the new one"
    );
    app.update(disks_loaded(&instance, first, Ok(vec![disk("d-stale")])));
    assert!(!has_line(&app, "d-stale"));
    app.update(disks_loaded(&instance, second, Ok(vec![disk("d-2")])));
    assert!(has_line(&app, "d-2"));
}

#[test]
fn the_view_follows_a_refreshed_instance() {
    let mut app = rich_app();
    app.update(Action::Describe);
    let generation = fetch_generation(&app.update(Action::Refresh), "cn-hangzhou");
    let mut changed = rich(2, "", &["47.96.0.99"], &["10.0.0.2"]);
    changed.instance_name = "renamed".into();
    app.update(instances_loaded("cn-hangzhou", generation, vec![changed]));
    assert!(has_line(&app, "renamed"));
    assert!(has_line(&app, "47.96.0.99"));
}

// ---- the cache ----------------------------------------------------------------------

fn cached_instances(region: &str, rows: Vec<Instance>, hours: u64) -> Action {
    Action::CachedInstancesLoaded {
        profile: "dev".into(),
        region: region.into(),
        instances: rows.into(),
        age: Duration::from_secs(hours * 3600),
    }
}

#[test]
fn the_cache_shows_at_once_then_fresh_data_replaces_it() {
    let mut app = app_at(t0(), (120, 40));
    let start = app.start();
    app.update(Action::CachedRegionsLoaded {
        profile: "dev".into(),
        regions: regions(),
        age: Duration::from_secs(3 * 3600),
    });
    assert_eq!(app.regions.regions.len(), 4, "cached regions shown at once");
    assert_eq!(app.region_cursor, 1, "on the profile's region");
    assert!(app.regions.cached.is_some());
    app.update(cached_instances(
        "cn-hangzhou",
        instances(5, "cn-hangzhou"),
        3,
    ));
    let view = app.current_view().unwrap();
    assert_eq!(view.rows.len(), 5);
    assert_eq!(view.state(), ecs_tui::app::PaneState::Loaded);
    assert_eq!(
        view.cached_age(app.now),
        Some(Duration::from_secs(3 * 3600))
    );
    assert!(view.loading.is_some(), "the fresh fetch is still running");
    assert!(app.is_loading());

    app.update(Action::RegionsLoaded {
        profile: "dev".into(),
        generation: regions_generation(&start),
        result: Ok(regions()),
    });
    assert!(app.regions.updated.is_some());
    let generation = fetch_generation(&start, "cn-hangzhou");
    app.update(instances_loaded(
        "cn-hangzhou",
        generation,
        instances(7, "cn-hangzhou"),
    ));
    let view = app.current_view().unwrap();
    assert_eq!(view.rows.len(), 7);
    assert_eq!(view.cached_age(app.now), None, "fresh rows are not marked");
}

#[test]
fn a_cache_later_than_the_fresh_answer_is_dropped() {
    let mut app = loaded_app(t0(), (120, 40), 4);
    app.update(cached_instances(
        "cn-hangzhou",
        instances(9, "cn-hangzhou"),
        1,
    ));
    let view = app.current_view().unwrap();
    assert_eq!(view.rows.len(), 4);
    assert!(view.cached.is_none());
    // Another profile's cache is never shown.
    app.update(Action::CachedInstancesLoaded {
        profile: "prod".into(),
        region: "cn-shanghai".into(),
        instances: instances(2, "cn-shanghai").into(),
        age: Duration::ZERO,
    });
    assert!(
        app.views
            .get("cn-shanghai")
            .is_none_or(|v| v.rows.is_empty())
    );
}

#[test]
fn a_failed_fetch_keeps_the_cached_rows_marked_stale() {
    let mut app = app_at(t0(), (120, 40));
    let start = app.start();
    app.update(cached_instances(
        "cn-hangzhou",
        instances(5, "cn-hangzhou"),
        2,
    ));
    let generation = fetch_generation(&start, "cn-hangzhou");
    app.update(instances_failed("cn-hangzhou", generation, forbidden()));
    let view = app.current_view().unwrap();
    assert_eq!(view.state(), ecs_tui::app::PaneState::Failed);
    assert_eq!(view.rows.len(), 5);
    assert!(view.cached.is_some());
}

#[test]
fn cached_rows_in_parts_add_up_and_stop_at_the_fresh_answer() {
    let mut app = app_at(t0(), (120, 40));
    let start = app.start();
    let all = instances(9, "cn-hangzhou");
    app.update(cached_instances("cn-hangzhou", all[..5].to_vec(), 2));
    let viewport = app.table_viewport();
    app.views
        .get_mut("cn-hangzhou")
        .unwrap()
        .move_to(3, viewport);
    let chosen = all[3].instance_id.clone();

    app.update(cached_instances("cn-hangzhou", all[5..].to_vec(), 2));
    let view = app.current_view().unwrap();
    assert_eq!(view.rows.len(), 9, "the second part adds to the first");
    assert_eq!(view.index.len(), 9);
    assert_eq!(
        view.selected_instance().unwrap().instance_id,
        chosen,
        "the cursor stays on its instance"
    );
    assert_eq!(
        view.cached_age(app.now),
        Some(Duration::from_secs(2 * 3600)),
        "still marked as cached"
    );

    app.update(instances_loaded(
        "cn-hangzhou",
        fetch_generation(&start, "cn-hangzhou"),
        instances(4, "cn-hangzhou"),
    ));
    // A part still on its way when the fresh answer came is dropped.
    app.update(cached_instances("cn-hangzhou", all[..5].to_vec(), 2));
    let view = app.current_view().unwrap();
    assert_eq!(view.rows.len(), 4);
    assert!(view.cached.is_none());
}

#[test]
fn streamed_rows_keep_an_unmoved_cursor_at_the_top() {
    let mut app = app_at(t0(), (120, 40));
    app.start();
    app.update(Action::SortBy(ecs_tui::app::sort::SortKey::Name));
    app.update(Action::SortBy(ecs_tui::app::sort::SortKey::Name)); // descending: web-08 first
    let all = instances(9, "cn-hangzhou");
    app.update(cached_instances("cn-hangzhou", all[..5].to_vec(), 2));
    assert_eq!(app.current_view().unwrap().selected, 0);
    // The later part sorts before every row shown: the cursor stays on the top row, not on
    // the row that was on top.
    app.update(cached_instances("cn-hangzhou", all[5..].to_vec(), 2));
    let view = app.current_view().unwrap();
    assert_eq!(view.selected, 0);
    assert_eq!(view.selected_instance().unwrap().instance_name, "web-08");
}
