//! The interactive browser's entry point and terminal lifecycle (issue 5).

use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::profiles::Profiles;

/// `ecs-tui` with no command.
///
/// # Errors
/// Not built yet.
#[allow(clippy::unused_async)]
pub async fn run(_global: GlobalArgs, _profiles: Profiles) -> Result<(), Failure> {
    Err(Failure::usage(
        "the interactive browser is not built yet; try `ecs-tui instances --region ID`".into(),
    ))
}
