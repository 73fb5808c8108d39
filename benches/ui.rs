//! Benchmarks of the browser at scale: taking an answer of 100,000 instances, a filter
//! keystroke and a sort over them, one frame of the instance table with 100,000 instances
//! loaded against 1,000, and start-up to the first frame from a cached inventory on disk.
//!
//! The instances are the emulator's (realistic objects, ~2 KB each), generated once.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Instant, SystemTime};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ecs_tui::api::{Instance, Region};
use ecs_tui::app::sort::SortKey;
use ecs_tui::app::{Action, App, Focus, Outcome, ProfileInfo, RegionView, Rows};
use ecs_tui::cache::Cache;
use ecs_tui::emulator::{Inventory, InventorySpec};
use ecs_tui::worker::FIRST_CACHED_PART;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::value::RawValue;

const REGION: &str = "cn-qingdao";
const SIZE: (u16, u16) = (200, 50);

/// 100,000 instance objects of one region, as the API sends them.
fn raw_instances() -> &'static [String] {
    static RAW: OnceLock<Vec<String>> = OnceLock::new();
    RAW.get_or_init(|| {
        let inventory = Inventory::generate(&InventorySpec::new(1, 100_000, 1));
        inventory
            .instances_raw()
            .into_iter()
            .map(|r| r.get().to_owned())
            .collect()
    })
}

fn parse(raw: &[String]) -> Vec<Instance> {
    raw.iter()
        .map(|text| {
            Instance::from_raw(RawValue::from_string(text.clone()).expect("json"))
                .expect("instance")
        })
        .collect()
}

fn instances() -> &'static [Instance] {
    static ROWS: OnceLock<Vec<Instance>> = OnceLock::new();
    ROWS.get_or_init(|| parse(raw_instances()))
}

fn profile() -> ProfileInfo {
    ProfileInfo {
        name: "bench".into(),
        source: "environment".into(),
        mode: "AK".into(),
        region_id: Some(REGION.into()),
        masked_key_id: "LTAI****x7Qa".into(),
        problem: None,
    }
}

fn region() -> Region {
    let raw =
        format!(r#"{{"RegionId":"{REGION}","LocalName":"华北1（青岛）","RegionEndpoint":""}}"#);
    Region::from_raw(RawValue::from_string(raw).expect("json")).expect("region")
}

/// The browser showing `rows`, loaded, the instance table focused.
fn loaded_app(rows: Vec<Instance>, now: Instant) -> App {
    let mut app = App::new(vec![profile()], 0, Some(REGION.into()), now, SIZE);
    app.regions.regions = vec![region()];
    app.regions.updated = Some(now);
    let mut view = RegionView::default();
    view.replace_rows(rows.into(), now, app.table_viewport());
    view.outcome = Outcome::Loaded;
    app.views.insert(REGION.into(), view);
    app.focus = Focus::Instances;
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test backend")
}

fn bench_index(c: &mut Criterion) {
    let rows = instances();
    let now = Instant::now();
    // The worker's part of a fresh answer (off the UI thread): the rows' search texts.
    c.bench_function("search texts of 100,000 instances (worker)", |b| {
        b.iter(|| ecs_tui::app::filter::search_texts(black_box(rows)));
    });
    // The UI thread's part: the sorted order, the display index, the status counts, the
    // cursor.
    let prepared = Rows::from(rows.to_vec());
    c.bench_function(
        "take an answer of 100,000 instances, default view (replace_rows)",
        |b| {
            b.iter_batched(
                || prepared.clone(),
                |rows| {
                    let mut view = RegionView::default();
                    view.replace_rows(rows, now, 40);
                    view
                },
                BatchSize::LargeInput,
            );
        },
    );
    // What a refresh really costs: a sort chosen, a filter on and the cursor on an instance
    // half-way down, the answer taken through `App::update` as the event loop does.
    let mut app = loaded_app(rows.to_vec(), now);
    app.update(Action::SortBy(SortKey::Name));
    app.update(Action::OpenFilter);
    for ch in "web".chars() {
        app.update(Action::FilterInput(ch));
    }
    app.update(Action::ApplyFilter);
    app.update(Action::FocusInstances);
    let shown = app.current_view().map_or(0, |v| v.index.len());
    if let Some(view) = app.views.get_mut(REGION) {
        view.move_to(shown / 2, 40);
    }
    let generation = app
        .update(Action::Refresh)
        .iter()
        .find_map(|c| match c {
            ecs_tui::app::Command::FetchInstances { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a refresh fetches the region");
    c.bench_function(
        "take an answer of 100,000 instances, sorted, filtered, cursor placed (App::update)",
        |b| {
            b.iter_batched(
                || (app.clone(), prepared.clone()),
                |(mut app, rows)| {
                    app.update(Action::InstancesLoaded {
                        profile: "bench".into(),
                        region: REGION.into(),
                        generation,
                        result: Ok(rows),
                    });
                    app
                },
                BatchSize::LargeInput,
            );
        },
    );
}

/// What one key does to the browser with 100,000 instances loaded, through `App::update` as
/// the event loop calls it (the frame after it is measured separately).
fn bench_keystroke(c: &mut Criterion) {
    let now = Instant::now();
    let loaded = loaded_app(instances().to_vec(), now);
    let typed = |text: &str| {
        let mut app = loaded.clone();
        app.update(Action::OpenFilter);
        for ch in text.chars() {
            app.update(Action::FilterInput(ch));
        }
        app
    };
    // `before` is typed first (untimed); then the timed key.
    let cases: [(&str, &str, Action); 6] = [
        (
            "filter keystroke, first letter",
            "",
            Action::FilterInput('w'),
        ),
        (
            "filter keystroke, narrowing",
            "web-pro",
            Action::FilterInput('d'),
        ),
        (
            "filter keystroke, widening (backspace)",
            "web-prod",
            Action::FilterDelete,
        ),
        ("filter keystroke, inverse", "!", Action::FilterInput('w')),
        (
            "filter keystroke, fuzzy, first letter",
            "-f ",
            Action::FilterInput('w'),
        ),
        (
            "filter keystroke, fuzzy, narrowing",
            "-f wb",
            Action::FilterInput('1'),
        ),
    ];
    for (name, before, key) in cases {
        let app = typed(before);
        c.bench_function(&format!("{name}, 100,000 instances"), |b| {
            b.iter_batched(
                || app.clone(),
                |mut app| {
                    app.update(key.clone());
                    app
                },
                BatchSize::LargeInput,
            );
        });
    }
    c.bench_function("sort key (N: by name), 100,000 instances", |b| {
        b.iter_batched(
            || loaded.clone(),
            |mut app| {
                app.update(Action::SortBy(SortKey::Name));
                app
            },
            BatchSize::LargeInput,
        );
    });
}

fn bench_frame(c: &mut Criterion) {
    let now = Instant::now();
    for count in [1_000, 100_000] {
        // The cursor at the same row for both counts, so both draw the same visible rows and
        // only the inventory's size differs.
        let mut app = loaded_app(instances()[..count].to_vec(), now);
        if let Some(view) = app.views.get_mut(REGION) {
            view.move_to(500, 40);
        }
        // A fresh terminal each time: a reused one diffs against the last frame, which after
        // the first iteration is identical, so nothing would be written.
        c.bench_function(&format!("draw one frame, {count} instances, 200x50"), |b| {
            b.iter_batched(
                terminal,
                |mut terminal| {
                    terminal
                        .draw(|f| ecs_tui::ui::draw(f, black_box(&app)))
                        .expect("draw");
                    terminal
                },
                BatchSize::SmallInput,
            );
        });
    }
}

/// From the cache file on disk to the first frame showing it, as at start-up: open the file,
/// read the first part (`FIRST_CACHED_PART` objects; the rest follows in parts while the
/// user already sees rows), take it into the browser, draw. Then the whole file, for the
/// time until every cached row is there.
fn bench_startup(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::new(dir.path());
    let saved = SystemTime::now();
    for count in [1_000, 100_000] {
        let raw = raw_instances()[..count]
            .iter()
            .map(|text| RawValue::from_string(text.clone()).expect("json"));
        let raw: Vec<Box<RawValue>> = raw.collect();
        let text = ecs_tui::cache::encode(raw.iter().map(AsRef::as_ref), saved);
        let region = format!("r{count}");
        cache
            .save_instances("bench", &region, &text)
            .expect("cache written");
        c.bench_function(
            &format!("first frame from a cache of {count} instances"),
            |b| {
                b.iter(|| {
                    let objects = cache
                        .open_instances("bench", &region, saved)
                        .expect("cache read");
                    let first = objects
                        .parts(FIRST_CACHED_PART)
                        .next()
                        .expect("a first part");
                    let app = loaded_app(first, Instant::now());
                    let mut terminal = terminal();
                    terminal.draw(|f| ecs_tui::ui::draw(f, &app)).expect("draw");
                    app
                });
            },
        );
    }
    let mut group = c.benchmark_group("whole cache");
    group.sample_size(10);
    group.bench_function("read every part of a cache of 100,000 instances", |b| {
        b.iter(|| {
            let objects = cache
                .open_instances("bench", "r100000", saved)
                .expect("cache read");
            objects
                .parts(FIRST_CACHED_PART)
                .map(|p| p.len())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_index, bench_keystroke, bench_frame, bench_startup
}
criterion_main!(benches);
