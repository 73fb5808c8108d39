//! The thin binary: parse the command line, install the error hooks, run.

use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = ecs_tui::tui::report::install() {
        eprintln!("ecs-tui: cannot install the error reporter: {e}");
    }
    // Debug builds only: a panic before anything else runs, to check the report from outside.
    #[cfg(debug_assertions)]
    if ecs_tui::tui::test_panic_wanted("start") {
        panic!("ECS_TUI_TEST_PANIC=start: a deliberate panic at start-up");
    }
    let cli = ecs_tui::cli::Cli::parse_args();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ecs-tui: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(ecs_tui::run(cli))
}
