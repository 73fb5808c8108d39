//! What `ecs-tui profiles` shows: one row per profile, never a secret.

use serde::Serialize;

use super::Profiles;

/// One profile as listed: the key id masked, the reason when it cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub name: String,
    /// The one used when no other is asked for (or the one asked for when loading).
    pub selected: bool,
    pub source: String,
    /// The file it came from, if any.
    pub path: Option<String>,
    pub mode: String,
    pub region_id: String,
    pub access_key_id: String,
    pub usable: bool,
    pub problem: Option<String>,
}

#[must_use]
pub fn rows(profiles: &Profiles) -> Vec<Row> {
    let selected = profiles.selected_name();
    profiles
        .profiles
        .iter()
        .map(|p| Row {
            name: p.name.clone(),
            selected: selected == Some(p.name.as_str()),
            source: p.source.to_string(),
            path: p.source.path().map(|p| p.display().to_string()),
            mode: p.mode.clone(),
            region_id: p.region_id.clone().unwrap_or_default(),
            access_key_id: p.masked_key_id(),
            usable: p.problem.is_none(),
            problem: p.problem.clone(),
        })
        .collect()
}

/// What `*` in the table means: the profile used when no other is asked for, and why.
#[must_use]
pub fn legend(profiles: &Profiles) -> Option<String> {
    let name = profiles.selected_name()?;
    profiles.get(name)?;
    Some(match (&profiles.requested, &profiles.default_origin) {
        (Some(_), _) => format!("* the profile used: {name} (--profile / ALIBABA_CLOUD_PROFILE)"),
        (None, Some(origin)) => format!("* the profile used without --profile: {name} ({origin})"),
        (None, None) => format!("* the profile used without --profile: {name}"),
    })
}

pub const HEADERS: [&str; 6] = ["NAME", "SOURCE", "MODE", "REGION", "KEY ID", "USABLE"];

/// The table/CSV cells: the selected profile marked `*`.
#[must_use]
pub fn cells(row: &Row) -> Vec<String> {
    vec![
        if row.selected {
            format!("{} *", row.name)
        } else {
            row.name.clone()
        },
        row.source.clone(),
        row.mode.clone(),
        row.region_id.clone(),
        row.access_key_id.clone(),
        match &row.problem {
            None => "yes".into(),
            Some(why) => format!("no: {why}"),
        },
    ]
}
