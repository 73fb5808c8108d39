//! A running fetch's progress, sent to the app as it happens.

use tokio::sync::mpsc::UnboundedSender;

use crate::api::progress;
use crate::app::progress::Step;
use crate::app::{Action, Rows};

/// Sends what a fetch of `region`'s instances tells while it runs to the app, as
/// [`Action::InstancesProgress`] (the first page's rows with it, to show at once).
pub(super) fn progress_to(
    tx: &UnboundedSender<Action>,
    profile: &str,
    region: &str,
    generation: u64,
) -> progress::Observer {
    let (tx, profile, region) = (tx.clone(), profile.to_owned(), region.to_owned());
    std::sync::Arc::new(move |event: &progress::Event<'_>| {
        let step = match event {
            progress::Event::Page {
                done, total, rows, ..
            } => Step::Page {
                done: *done,
                total: *total,
                // Only a region of many pages shows its first page early (see the app).
                rows: rows
                    .filter(|_| total.is_some_and(|t| t > 1))
                    .map(|rows| Rows::from(rows.to_vec())),
            },
            progress::Event::Retrying {
                attempt,
                max,
                throttled,
                delay,
                code,
                ..
            } => Step::Retrying {
                attempt: *attempt,
                max: *max,
                throttled: *throttled,
                code: (*code).to_owned(),
                delay: *delay,
            },
            progress::Event::Warning { message, .. } => Step::Warning {
                message: (*message).to_owned(),
            },
            progress::Event::RegionDone { .. } => return,
        };
        let _ = tx.send(Action::InstancesProgress {
            profile: profile.clone(),
            region: region.clone(),
            generation,
            step,
        });
    })
}
