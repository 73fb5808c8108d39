//! The README's pictures (assets/pictures/*.svg) are frames the app draws on the demo
//! inventory: this test draws them again and fails when a checked-in picture differs, naming
//! the command that redraws them. A fixed clock and the demo's seeded inventory keep every
//! frame the same from run to run.
#![allow(clippy::unwrap_used)]

mod app_fixtures;

use std::path::{Path, PathBuf};

use app_fixtures::*;
use ecs_tui::api::{Instance, Region};
use ecs_tui::app::detail::{Disk, SecurityGroup};
use ecs_tui::app::{Action, App, Command, ProfileInfo};
use ecs_tui::config::Theme;
use ecs_tui::emulator::demo::{EMPTY_REGION, FORBIDDEN_REGION};
use ecs_tui::emulator::{Inventory, InventorySpec};
use ecs_tui::ui::picture;

const SIZE: (u16, u16) = (120, 35);
const PROFILE: &str = "demo-prod";
const REDRAW: &str = "ECS_TUI_PICTURES=update cargo test --test pictures";

/// The demo account of `--demo`'s first profile.
fn demo() -> Inventory {
    let mut spec = InventorySpec::new(12, 260, 2024);
    spec.empty_regions = vec![EMPTY_REGION.into()];
    spec.forbidden_regions = vec![FORBIDDEN_REGION.into()];
    Inventory::generate(&spec)
}

fn profiles() -> Vec<ProfileInfo> {
    ["demo-prod", "demo-dev"]
        .into_iter()
        .zip(["DEMO****0001", "DEMO****0002"])
        .map(|(name, key)| ProfileInfo {
            name: name.into(),
            source: "demo".into(),
            mode: "AK".into(),
            region_id: Some("cn-hangzhou".into()),
            masked_key_id: key.into(),
            problem: None,
        })
        .collect()
}

/// Answers every fetch in `commands` from the inventory, as the worker would.
fn answer(app: &mut App, inventory: &Inventory, commands: Vec<Command>) {
    for command in commands {
        match command {
            Command::FetchRegions { generation, .. } => {
                let regions = inventory
                    .regions_json()
                    .into_iter()
                    .map(|r| {
                        Region::from_raw(
                            serde_json::value::RawValue::from_string(r.to_string()).unwrap(),
                        )
                        .unwrap()
                    })
                    .collect();
                let next = app.update(Action::RegionsLoaded {
                    profile: PROFILE.into(),
                    generation,
                    result: Ok(regions),
                });
                answer(app, inventory, next);
            }
            Command::FetchInstances {
                region, generation, ..
            } => {
                let found = inventory.region(&region).unwrap();
                let result = if found.forbidden {
                    Err(forbidden())
                } else {
                    Ok(found
                        .instances
                        .iter()
                        .map(|i| Instance::from_raw(i.json.clone()).unwrap())
                        .collect::<Vec<_>>()
                        .into())
                };
                let next = app.update(Action::InstancesLoaded {
                    profile: PROFILE.into(),
                    region,
                    generation,
                    result,
                });
                answer(app, inventory, next);
            }
            // An empty region is checked with a DryRun call: the demo identity may read it.
            Command::CheckPermission {
                region, generation, ..
            } => {
                let next = app.update(Action::PermissionChecked {
                    profile: PROFILE.into(),
                    region,
                    generation,
                    result: Ok(true),
                });
                answer(app, inventory, next);
            }
            _ => {}
        }
    }
}

/// The demo account loaded, every region answered, back in cn-hangzhou with the cursor on the
/// table, 4 seconds later.
fn browser() -> App {
    let inventory = demo();
    let mut app = App::new(profiles(), 0, None, t0(), SIZE);
    let start = app.start();
    answer(&mut app, &inventory, start);
    let all = app.update(Action::SelectAllRegions);
    answer(&mut app, &inventory, all);
    // Down to cn-hangzhou in the region pane, then into the table.
    while app.current_region.as_deref() != Some("cn-hangzhou") {
        let moved = app.update(Action::SelectNext);
        answer(&mut app, &inventory, moved);
    }
    app.update(Action::FocusInstances);
    for _ in 0..3 {
        app.update(Action::SelectNext);
    }
    later(app, 4)
}

fn all_regions() -> App {
    let mut app = browser();
    let commands = app.update(Action::SelectAllRegions);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::FetchInstances { .. })),
        "every region was answered already"
    );
    app
}

fn described() -> App {
    let mut app = browser();
    let group = app
        .current_view()
        .and_then(|v| v.selected_instance())
        .map(|i| i.security_group_ids[0].clone())
        .unwrap();
    let commands = app.update(Action::Describe);
    let (instance, generation) = commands
        .iter()
        .find_map(|c| match c {
            Command::FetchDisks {
                instance,
                generation,
                ..
            } => Some((instance.clone(), *generation)),
            _ => None,
        })
        .unwrap();
    app.update(Action::DisksLoaded {
        profile: PROFILE.into(),
        region: "cn-hangzhou".into(),
        instance: instance.clone(),
        generation,
        result: Ok(vec![
            Disk {
                disk_id: "d-bp1c8x1l0q2k9yz3w7ab".into(),
                kind: "system".into(),
                category: "cloud_essd".into(),
                performance_level: "PL0".into(),
                size_gib: 40,
                device: "/dev/xvda".into(),
                delete_with_instance: true,
                ..Disk::default()
            },
            Disk {
                disk_id: "d-bp1f4m7r2t5v8x0z3c6e".into(),
                kind: "data".into(),
                category: "cloud_auto".into(),
                size_gib: 500,
                device: "/dev/xvdb".into(),
                encrypted: true,
                ..Disk::default()
            },
        ]),
    });
    app.update(Action::SecurityGroupsLoaded {
        profile: PROFILE.into(),
        region: "cn-hangzhou".into(),
        instance,
        generation,
        result: Ok(vec![SecurityGroup {
            id: group,
            name: "web".into(),
            description: "80 and 443 from anywhere".into(),
        }]),
    });
    app
}

fn json() -> App {
    let mut app = browser();
    app.update(Action::ShowJson);
    app
}

fn help() -> App {
    let mut app = browser();
    app.update(Action::OpenHelp);
    app
}

fn light() -> App {
    let mut app = browser();
    app.ui.theme = Theme::Light;
    app
}

fn pictures() -> Vec<(&'static str, App, bool)> {
    vec![
        ("browser", browser(), true),
        ("all-regions", all_regions(), true),
        ("describe", described(), true),
        ("json", json(), true),
        ("help", help(), true),
        ("light", light(), false),
    ]
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/pictures")
}

#[test]
fn the_pictures_in_assets_are_what_the_app_draws_now() {
    let update = std::env::var("ECS_TUI_PICTURES").is_ok_and(|v| v == "update");
    let mut stale = Vec::new();
    for (name, app, dark) in pictures() {
        let drawn = picture::svg(&draw(&app), dark);
        let path = folder().join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(folder()).unwrap();
            std::fs::write(&path, &drawn).unwrap();
            continue;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        if kept != drawn {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "these pictures differ from what the app draws now:\n  {}\nlook at the change, then redraw them with:\n  {REDRAW}",
        stale.join("\n  ")
    );
}

#[test]
fn the_pictures_show_the_demo_account() {
    let screen = |app: &App| screen_text(&draw(app));
    let browser = screen(&browser());
    assert!(browser.contains("demo-prod"), "{browser}");
    assert!(browser.contains("cn-hangzhou"), "{browser}");
    // Every region answered: the forbidden one is marked, the others have their counts.
    let forbidden = browser
        .lines()
        .find(|l| l.contains(FORBIDDEN_REGION))
        .unwrap();
    assert!(forbidden.contains('✗'), "{forbidden}");
    let empty = browser.lines().find(|l| l.contains(EMPTY_REGION)).unwrap();
    assert!(empty.contains('✓'), "{empty}");
    let total = browser.lines().find(|l| l.contains("All regions")).unwrap();
    assert!(total.contains("247+"), "{total}");
    let all = screen(&all_regions());
    assert!(all.contains("1 of 12 regions failed"), "{all}");
    let described = screen(&described());
    assert!(described.contains("Disks (2)"), "{described}");
    assert!(screen(&help()).contains("Keys"));
}
