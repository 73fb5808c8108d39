//! The thin binary: parse the command line, install the error hooks, run.

use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("ecs-tui: cannot install the error reporter: {e}");
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
