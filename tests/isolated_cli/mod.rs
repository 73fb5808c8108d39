//! The binary in a home of its own: no inherited account or ecs-tui variables, config and
//! cache under the home. The timeout is a guard, so a regression that blocks (a FIFO read)
//! fails instead of hanging the suite; nothing is asserted about time.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

pub fn ecs_tui(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecs-tui"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("ALIBABA_CLOUD_") || k.starts_with("ECS_TUI_") {
            cmd.env_remove(&*k);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .timeout(Duration::from_secs(60));
    cmd
}
