//! `--demo`: the emulator inside the process, with two demo accounts and their profiles.

use std::time::Duration;

use super::{Account, Emulator, EmulatorConfig, InventorySpec};
use crate::profiles::{Profile, Source};

/// A region with no instances, and one where the demo identity lacks RAM permission.
pub const EMPTY_REGION: &str = "cn-wulanchabu";
pub const FORBIDDEN_REGION: &str = "cn-zhangjiakou";

/// The demo accounts: `demo-prod` (12 regions, a few hundred instances, one empty region,
/// one forbidden region) and `demo-dev` (a small one), with enough latency to see loading.
#[must_use]
pub fn config() -> EmulatorConfig {
    let mut prod = InventorySpec::new(12, 260, 2024);
    prod.empty_regions = vec![EMPTY_REGION.into()];
    prod.forbidden_regions = vec![FORBIDDEN_REGION.into()];
    let dev = InventorySpec::new(6, 36, 7);
    EmulatorConfig {
        latency: Duration::from_millis(150),
        accounts: vec![
            Account::new("DEMOecstuiProdKey0001", "demo-prod-secret-emulator-only")
                .with_inventory(prod),
            Account::new("DEMOecstuiDevKey00001", "demo-dev-secret-emulator-only")
                .with_inventory(dev),
        ],
        ..EmulatorConfig::default()
    }
}

const PROFILE_NAMES: [&str; 2] = ["demo-prod", "demo-dev"];

/// Starts the demo emulator on a free loopback port; the profiles reach it over HTTP with
/// the real signed client. The first profile is the default.
///
/// # Errors
/// The emulator cannot bind a loopback port.
pub async fn start() -> std::io::Result<(Emulator, Vec<Profile>)> {
    let emulator = super::start(config()).await?;
    let profiles = emulator
        .accounts()
        .iter()
        .zip(PROFILE_NAMES)
        .map(|(account, name)| {
            let first_region = emulator
                .inventory(&account.access_key_id)
                .and_then(|inv| inv.regions().first().map(|r| r.info.region_id.clone()));
            Profile::with_credentials(
                name,
                Source::Demo,
                account.credentials(),
                first_region,
                Some(emulator.url()),
            )
        })
        .collect();
    Ok((emulator, profiles))
}
