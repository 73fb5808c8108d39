//! Drawing the browser into a `TestBackend` and reading the screen back.

use ecs_tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|f| ecs_tui::ui::draw(f, app)).unwrap();
    terminal
}

/// The cells of one frame.
pub fn draw(app: &App) -> Buffer {
    render(app).backend().buffer().clone()
}

/// Line `y` of the screen, cell by cell.
pub fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// The whole screen, a line each row.
pub fn screen_text(buffer: &Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| row_text(buffer, y) + "\n")
        .collect()
}

/// Where `needle` starts on screen (the first line holding it).
pub fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count();
            return (u16::try_from(x).unwrap(), y);
        }
    }
    panic!("{needle:?} not on screen");
}

/// Builds the state at each of `sizes`, draws it and compares the screen with the snapshot
/// `{state}_{width}x{height}`. A macro so that insta names and files the snapshot after the
/// calling test, not after this module.
#[allow(unused_macros)] // in the test files without snapshots
macro_rules! check_snapshots {
    ($sizes:expr, $state:expr, $build:expr) => {
        for size in $sizes {
            let app = ($build)(size);
            let terminal = $crate::app_fixtures::render(&app);
            insta::assert_snapshot!(
                format!("{}_{}x{}", $state, size.0, size.1),
                terminal.backend()
            );
        }
    };
}
#[allow(unused_imports)]
pub(crate) use check_snapshots;
