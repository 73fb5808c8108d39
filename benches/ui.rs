//! Benchmarks of the browser at scale: building the display index of 100,000 instances, a
//! reference filter and sort, one frame of the instance table with 100,000 instances loaded
//! against 1,000, and start-up to the first frame from an inventory already on hand.
//!
//! The instances are the emulator's (realistic objects, ~2 KB each), generated once.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ecs_tui::api::{Instance, Region};
use ecs_tui::app::{App, Focus, Outcome, ProfileInfo, RegionView};
use ecs_tui::emulator::{Inventory, InventorySpec};
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
    view.replace_rows(rows, now, app.table_viewport());
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
    // What the app does with a fresh answer today: display index and status counts.
    // (Filtering and sorting in the app are being written for issue 6; see below.)
    c.bench_function("index 100,000 instances (replace_rows)", |b| {
        b.iter_batched(
            || rows.to_vec(),
            |rows| {
                let mut view = RegionView::default();
                view.replace_rows(rows, now, 40);
                view
            },
            BatchSize::LargeInput,
        );
    });
    // A reference for the 20 ms keystroke target, not the app's code: a case-insensitive
    // substring match on name, ID and private IP, then a sort of the matches by name.
    c.bench_function("reference filter + sort of 100,000 instances", |b| {
        let needle = "web-prod";
        b.iter(|| {
            let mut index: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, i)| {
                    contains_ignore_case(&i.instance_name, needle)
                        || contains_ignore_case(&i.instance_id, needle)
                        || i.private_address().is_some_and(|ip| ip.contains(needle))
                })
                .map(|(n, _)| n)
                .collect();
            index.sort_by(|&a, &b| rows[a].instance_name.cmp(&rows[b].instance_name));
            black_box(index)
        });
    });
}

/// `needle` is lowercase ASCII. Compares at each place the first byte matches, without
/// allocating.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    hay.len() >= needle.len()
        && (0..=hay.len() - needle.len()).any(|at| {
            hay[at].to_ascii_lowercase() == first
                && hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest)
        })
}

fn bench_frame(c: &mut Criterion) {
    let now = Instant::now();
    for count in [1_000, 100_000] {
        let app = loaded_app(instances()[..count].to_vec(), now);
        let mut terminal = terminal();
        // Cursor in the middle, so the visible slice is not the start of the list.
        let mut app = app;
        if let Some(view) = app.views.get_mut(REGION) {
            view.move_to(count / 2, 40);
        }
        c.bench_function(&format!("draw one frame, {count} instances, 200x50"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| ecs_tui::ui::draw(f, black_box(&app)))
                    .expect("draw");
            });
        });
    }
}

fn bench_startup(c: &mut Criterion) {
    let raw = raw_instances();
    // There is no on-disk cache on main yet (issue 6b): this measures what follows reading it,
    // from the instance objects as text (how a cache of API answers would hold them): parsing,
    // the browser's state, the display index, and the first frame.
    for count in [1_000, 10_000, 100_000] {
        c.bench_function(
            &format!("first frame from {count} cached instance objects"),
            |b| {
                b.iter(|| {
                    let now = Instant::now();
                    let app = loaded_app(parse(&raw[..count]), now);
                    let mut terminal = terminal();
                    terminal.draw(|f| ecs_tui::ui::draw(f, &app)).expect("draw");
                    app
                });
            },
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_index, bench_frame, bench_startup
}
criterion_main!(benches);
