//! The loopback ECS API emulator (issue 3): inventory, signature checks, latency and faults.

use crate::cli::EmulatorArgs;
use crate::exit::Failure;

/// `ecs-tui emulator`.
///
/// # Errors
/// Not built yet.
#[allow(clippy::unused_async)]
pub async fn run_command(_args: EmulatorArgs) -> Result<(), Failure> {
    Err(Failure::usage("the emulator is not built yet".into()))
}
