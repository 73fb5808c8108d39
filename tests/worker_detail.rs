//! The worker against the emulator: the describe view's calls, and the inventory cache (kept
//! after each answer, 0600, no credentials; shown first by the next run, then replaced).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use ecs_tui::api::{Instance, Region};
use ecs_tui::app::{Action, Command, Rows};
use ecs_tui::cache::Cache;
use ecs_tui::emulator::{
    self, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};
use ecs_tui::profiles::{Profile, Profiles, Source};
use ecs_tui::worker::Worker;
use tokio::sync::mpsc;

async fn emulator() -> Emulator {
    emulator::start(EmulatorConfig {
        regions: 2,
        instances: 30,
        seed: 7,
        ..EmulatorConfig::default()
    })
    .await
    .unwrap()
}

struct Running {
    commands: mpsc::UnboundedSender<Command>,
    actions: mpsc::UnboundedReceiver<Action>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    fn send(&self, command: Command) {
        self.commands.send(command).unwrap();
    }

    /// The next action that `pick` accepts (others are skipped), waiting at most 10 s.
    async fn next<T>(&mut self, mut pick: impl FnMut(Action) -> Option<T>) -> T {
        let wait = async {
            loop {
                if let Some(t) = pick(self.actions.recv().await.unwrap()) {
                    return t;
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(10), wait)
            .await
            .expect("the worker answered")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn dev_profile(emu: &Emulator) -> Profile {
    Profile::with_credentials(
        "dev",
        Source::Demo,
        emu.credentials(),
        None,
        Some(emu.url()),
    )
}

/// The name the worker keeps `dev`'s answers under, against `emu`.
fn dev_account(emu: &Emulator) -> String {
    dev_profile(emu).account_key(Some(&emu.url()))
}

fn start_worker(emu: &Emulator, cache: Option<Cache>) -> Running {
    let profiles = Profiles::demo(vec![dev_profile(emu)]);
    let (commands, command_rx) = mpsc::unbounded_channel();
    let (action_tx, actions) = mpsc::unbounded_channel();
    let worker = Worker::new(&profiles, Some(emu.url()), action_tx).with_cache(cache);
    Running {
        commands,
        actions,
        task: tokio::spawn(worker.run(command_rx)),
    }
}

async fn regions(w: &mut Running) -> Vec<Region> {
    w.send(Command::FetchRegions {
        profile: "dev".into(),
        generation: 1,
    });
    w.next(|a| match a {
        Action::RegionsLoaded { result, .. } => Some(result.unwrap()),
        _ => None,
    })
    .await
}

/// The instances of rows as the worker sends them, after checking each has its search text.
fn plain(rows: Rows) -> Vec<Instance> {
    assert_eq!(rows.search.len(), rows.len());
    for (instance, search) in rows.instances.iter().zip(&rows.search) {
        assert_eq!(**search, ecs_tui::app::filter::search_text(instance));
    }
    rows.instances.iter().map(|i| (**i).clone()).collect()
}

async fn instances(w: &mut Running, region: &str) -> Vec<Instance> {
    w.send(Command::FetchInstances {
        profile: "dev".into(),
        region: region.into(),
        generation: 2,
        tags: Vec::new(),
    });
    w.next(|a| match a {
        Action::InstancesLoaded { result, .. } => Some(plain(result.unwrap())),
        _ => None,
    })
    .await
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The cache is written off the answer's path: wait until `count` files are there.
async fn wait_for_files(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    for _ in 0..500 {
        if dir.exists() {
            let found = files(dir);
            if found
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .count()
                >= count
            {
                return found;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the cache was not written in {}", dir.display());
}

#[tokio::test]
async fn describe_calls_answer_with_disks_and_named_groups() {
    let emu = emulator().await;
    let mut w = start_worker(&emu, None);
    let region = regions(&mut w).await[0].region_id.clone();
    let instance = instances(&mut w, &region).await.remove(0);
    w.send(Command::FetchDisks {
        profile: "dev".into(),
        region: region.clone(),
        instance: instance.instance_id.clone(),
        generation: 9,
    });
    let (id, generation, disks) = w
        .next(|a| match a {
            Action::DisksLoaded {
                instance,
                generation,
                result,
                ..
            } => Some((instance, generation, result.unwrap())),
            _ => None,
        })
        .await;
    assert_eq!(
        (id.as_str(), generation),
        (instance.instance_id.as_str(), 9)
    );
    assert!(
        disks
            .iter()
            .any(|d| d.kind == "system" && d.size_gib > 0 && !d.device.is_empty())
    );
    w.send(Command::FetchSecurityGroups {
        profile: "dev".into(),
        region,
        instance: instance.instance_id.clone(),
        ids: instance.security_group_ids.clone(),
        generation: 9,
    });
    let groups = w
        .next(|a| match a {
            Action::SecurityGroupsLoaded { result, .. } => Some(result.unwrap()),
            _ => None,
        })
        .await;
    let ids: Vec<&String> = groups.iter().map(|g| &g.id).collect();
    assert_eq!(ids, instance.security_group_ids.iter().collect::<Vec<_>>());
    assert!(groups.iter().all(|g| !g.name.is_empty()));
}

#[tokio::test]
async fn answers_are_cached_privately_without_credentials_and_shown_by_the_next_run() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cache");
    let cache = Cache::new(&root);

    let mut first = start_worker(&emu, Some(cache.clone()));
    let listed = regions(&mut first).await;
    let region = listed[0].region_id.clone();
    let fresh = instances(&mut first, &region).await;
    assert!(!fresh.is_empty());
    drop(first);

    let written = wait_for_files(&root, 2).await;
    for path in &written {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.contains(DEMO_ACCESS_KEY_SECRET), "{}", path.display());
        assert!(!text.contains(DEMO_ACCESS_KEY_ID), "{}", path.display());
        assert!(
            !text.to_lowercase().contains("accesskey"),
            "{}",
            path.display()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&root).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    // The next run: the kept objects come first, byte for byte, then the fresh answer.
    let mut second = start_worker(&emu, Some(cache));
    second.send(Command::FetchRegions {
        profile: "dev".into(),
        generation: 1,
    });
    let cached_regions = second
        .next(|a| match a {
            Action::CachedRegionsLoaded { regions, .. } => Some(regions),
            _ => None,
        })
        .await;
    assert_eq!(cached_regions, listed);
    second.send(Command::FetchInstances {
        profile: "dev".into(),
        region: region.clone(),
        generation: 2,
        tags: Vec::new(),
    });
    // Either may come first: the app keeps whichever is fresher.
    let (mut cached, mut again) = (None, None);
    while cached.is_none() || again.is_none() {
        second
            .next(|a| match a {
                Action::CachedInstancesLoaded { instances, age, .. } => {
                    cached = Some((plain(instances), age));
                    Some(())
                }
                Action::InstancesLoaded { result, .. } => {
                    again = Some(plain(result.unwrap()));
                    Some(())
                }
                _ => None,
            })
            .await;
    }
    let (cached, age) = cached.unwrap();
    assert_eq!(cached, fresh);
    assert!(age < Duration::from_secs(3600));
    let again = again.unwrap();
    assert_eq!(again, fresh);
}

#[tokio::test]
async fn a_big_cached_region_comes_in_growing_parts_the_first_one_small() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let mut w = start_worker(&emu, Some(cache.clone()));
    let region = regions(&mut w).await[0].region_id.clone();
    let kept: Vec<Instance> =
        emulator::Inventory::generate(&emulator::InventorySpec::new(1, 1_700, 3))
            .instances_raw()
            .into_iter()
            .map(|raw| Instance::from_raw(raw.to_owned()).unwrap())
            .collect();
    let text = ecs_tui::cache::encode(
        kept.iter().map(|i| i.raw.as_ref()),
        std::time::SystemTime::now(),
    );
    cache
        .save_instances(&dev_account(&emu), &region, &text)
        .unwrap();

    w.send(Command::FetchInstances {
        profile: "dev".into(),
        region: region.clone(),
        generation: 2,
        tags: Vec::new(),
    });
    let mut parts: Vec<Vec<Instance>> = Vec::new();
    while parts.iter().map(Vec::len).sum::<usize>() < kept.len() {
        let part = w
            .next(|a| match a {
                Action::CachedInstancesLoaded { instances, .. } => Some(plain(instances)),
                _ => None,
            })
            .await;
        parts.push(part);
    }
    // A screenful first (shown before the rest is read), then parts that double.
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    assert_eq!(sizes, [500, 1_000, 200]);
    assert_eq!(parts.concat(), kept, "every object, in the file's order");
}

#[tokio::test]
async fn the_same_profile_against_another_endpoint_never_sees_the_first_ones_cache() {
    let (first_emu, other_emu) = (emulator().await, emulator().await);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let mut first = start_worker(&first_emu, Some(cache.clone()));
    let region = regions(&mut first).await[0].region_id.clone();
    instances(&mut first, &region).await;
    drop(first);
    wait_for_files(dir.path(), 2).await;

    let now = std::time::SystemTime::now();
    let (kept, other) = (dev_account(&first_emu), dev_account(&other_emu));
    assert_ne!(kept, other, "another endpoint is another account");
    assert!(cache.load_regions(&kept, now).is_some());
    assert!(cache.load_instances(&kept, &region, now).is_some());
    // What a worker against the other endpoint would read: nothing.
    assert!(cache.load_regions(&other, now).is_none());
    assert!(cache.load_instances(&other, &region, now).is_none());
    assert!(
        cache.load_regions("dev", now).is_none(),
        "not under the bare name"
    );
}

#[tokio::test]
async fn the_kept_region_list_comes_with_every_kept_regions_count() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let mut first = start_worker(&emu, Some(cache.clone()));
    let listed = regions(&mut first).await;
    let mut expected = Vec::new();
    for region in &listed[..2] {
        let rows = instances(&mut first, &region.region_id).await;
        expected.push((region.region_id.clone(), rows.len()));
    }
    drop(first);
    wait_for_files(dir.path(), 3).await;

    let mut second = start_worker(&emu, Some(cache));
    second.send(Command::FetchRegions {
        profile: "dev".into(),
        generation: 1,
    });
    let counts = second
        .next(|a| match a {
            Action::CachedCountsLoaded { counts, .. } => Some(counts),
            _ => None,
        })
        .await;
    assert_eq!(counts, expected);
    assert!(expected[0].1 > 0);
}

#[tokio::test]
async fn a_profile_switched_back_to_shows_its_cache_again() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let mut w = start_worker(&emu, Some(cache));
    regions(&mut w).await;
    wait_for_files(dir.path(), 1).await;
    // A switch away and back: CancelAll, then the profile's first commands again.
    w.send(Command::CancelAll);
    w.send(Command::FetchRegions {
        profile: "dev".into(),
        generation: 5,
    });
    let cached = w
        .next(|a| match a {
            Action::CachedRegionsLoaded { regions, .. } => Some(regions),
            _ => None,
        })
        .await;
    assert!(!cached.is_empty());
}
