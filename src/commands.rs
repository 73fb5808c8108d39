//! The scripting commands: `regions`, `instances`, `profiles` (and `config`, in its own file).

pub mod config;

use std::io::{BufWriter, IsTerminal as _, Write as _};

use crate::api::{
    Client, Error, InstanceQuery, Plan, Region, fetch_instances, fetch_regions, progress,
};
use crate::cli::{GlobalArgs, InstancesArgs, OutputFormat};
use crate::columns::{Column, DEFAULT_COLUMNS};
use crate::exit::Failure;
use crate::output;
use crate::profiles::{Profiles, Source};
use crate::progress_line::ProgressLine;

fn client_for(
    global: &GlobalArgs,
    profiles: &Profiles,
) -> Result<(Client, Option<String>), Failure> {
    let profile = profiles
        .choose(global.profile.as_deref())
        .map_err(Failure::config)?;
    // A profile our own config file leaves incomplete is a config problem (exit 2), named at
    // its file and line; others' problems are credential failures (exit 1).
    if let (Some(problem), Source::Config(_)) = (&profile.problem, &profile.source) {
        return Err(Failure::usage(format!(
            "profile {} cannot be used: {problem}",
            profile.name
        )));
    }
    let client = profile
        .client(global.endpoint.as_deref())
        .map_err(|e| Failure::api("creating the client", &e))?;
    Ok((client, profile.region_id.clone()))
}

/// Table width: `COLUMNS` when set (as many CLIs honour it; also how tests pin a width), else
/// the terminal's when stdout is one; unlimited for pipes and files.
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size()
            .ok()
            .map(|(w, _)| usize::from(w))
    } else {
        None
    }
}

/// # Errors
/// API, network or credential failures (exit 1); config failures (exit 2).
pub async fn regions(
    global: &GlobalArgs,
    profiles: &Profiles,
    format: OutputFormat,
) -> Result<(), Failure> {
    let (client, _) = client_for(global, profiles)?;
    let _clock = crate::api::clock::WarnOnStderr(client.clone());
    let regions = client
        .describe_regions()
        .await
        .map_err(|e| Failure::api("DescribeRegions", &e))?;
    let mut out = std::io::stdout().lock();
    output::write_regions(&mut out, &regions, format, terminal_width())
        .and_then(|()| out.flush())
        .map_err(Failure::io)
}

/// Parses `KEY` or `KEY=VALUE`.
fn parse_tag(text: &str) -> Result<(String, Option<String>), Failure> {
    let (key, value) = match text.split_once('=') {
        Some((k, v)) => (k, Some(v.to_owned())),
        None => (text, None),
    };
    if key.is_empty() {
        return Err(Failure::usage(format!(
            "--tag {text:?}: the tag key is empty; use KEY or KEY=VALUE"
        )));
    }
    Ok((key.to_owned(), value))
}

/// The API's spelling of an instance state, from any case (`running` → `Running`).
fn canonical_status(text: &str) -> Result<String, Failure> {
    const STATUSES: [&str; 5] = ["Pending", "Running", "Starting", "Stopping", "Stopped"];
    STATUSES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(text.trim()))
        .map(|s| (*s).to_owned())
        .ok_or_else(|| {
            Failure::usage(format!(
                "--status {text:?} is not an instance state; use one of {}",
                STATUSES.join(", ")
            ))
        })
}

/// # Errors
/// API, network or credential failures (exit 1), naming each region that failed; usage or
/// config failures (exit 2).
pub async fn instances(
    global: &GlobalArgs,
    profiles: &Profiles,
    args: &InstancesArgs,
) -> Result<(), Failure> {
    // Usage first: a bad command line is exit 2 before any network call.
    if args.all_regions
        && let Some(region) = &global.region
        && std::env::var("ALIBABA_CLOUD_REGION_ID").ok().as_deref() != Some(region.as_str())
    {
        return Err(Failure::usage(format!(
            "--region {region} and --all-regions cannot be used together: pick one"
        )));
    }
    let status = args.status.as_deref().map(canonical_status).transpose()?;
    let query = InstanceQuery {
        status,
        name: args.name.clone(),
        tags: args
            .tag
            .iter()
            .map(|t| parse_tag(t))
            .collect::<Result<_, _>>()?,
        ..InstanceQuery::default()
    };
    let (client, profile_region) = client_for(global, profiles)?;
    let _clock = crate::api::clock::WarnOnStderr(client.clone());
    let plan = Plan::from_env();
    let mut columns = DEFAULT_COLUMNS.to_vec();

    let warnings = crate::progress_line::Warnings::default();
    let (per_region, failures) = if args.all_regions {
        columns.insert(1, Column::Region);
        let regions = client
            .describe_regions()
            .await
            .map_err(|e| Failure::api("DescribeRegions", &e))?;
        let line = ProgressLine::start(regions.len(), global.quiet);
        let fetch = all_regions(&client, &regions, &query, plan);
        progress::observed(warnings.observer(line.as_ref()), fetch).await
    } else {
        let region = global.region.clone().or(profile_region).ok_or_else(|| {
            Failure::usage(
                "no region: pass --region ID (or --all-regions), set ALIBABA_CLOUD_REGION_ID, \
                 or set region_id in the profile"
                    .into(),
            )
        })?;
        if !crate::api::client::is_valid_region_id(&region) {
            return Err(Failure::usage(format!(
                "--region {region:?} is not a region id (like cn-hangzhou); \
                 `ecs-tui regions` lists them"
            )));
        }
        // Learn the region's own endpoint; without it the regional fallback is used.
        if client.endpoint_override().is_none() {
            match client.describe_regions().await {
                Ok(regions) => tracing::debug!(count = regions.len(), "learned region endpoints"),
                // A RAM policy may allow DescribeInstances but not DescribeRegions: go on with
                // the regional fallback. A network failure would only repeat, so stop here.
                Err(e) if e.api().is_some() => {
                    tracing::info!(error = %e, "DescribeRegions failed; using ecs.{region}.aliyuncs.com");
                }
                Err(e) => return Err(Failure::api("DescribeRegions", &e)),
            }
        }
        let line = ProgressLine::start(1, global.quiet);
        let fetch = fetch_instances(&client, &region, &query, plan.paging);
        let instances = progress::observed(warnings.observer(line.as_ref()), fetch)
            .await
            .map_err(|e| Failure::api(&format!("DescribeInstances in {region}"), &e))?;
        drop(line);
        (vec![instances], Vec::new())
    };

    // Buffered: stdout alone is line-buffered, one write per instance of JSON.
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if args.output == OutputFormat::Json {
        // Straight from each region's rows: joining them first would hold a second copy of
        // every `Instance` at the peak.
        output::write_raw_json(
            &mut out,
            per_region.iter().flatten().map(|i| i.raw.as_ref()),
        )
    } else {
        let instances: Vec<_> = per_region.into_iter().flatten().collect();
        output::write_instances(
            &mut out,
            &instances,
            &columns,
            args.output,
            terminal_width(),
        )
    };
    let written = written.and_then(|()| out.flush()).map_err(Failure::io);
    drop(out);
    warnings.print();
    // A reader that stopped early (`| head`) is fine; regions that are missing never are.
    if failures.is_empty() {
        return written;
    }
    for (region, e) in &failures {
        eprintln!(
            "ecs-tui: region {region} is missing from the output: {}",
            crate::exit::one_line(&e.with_hint())
        );
    }
    Err(Failure::reported(format!(
        "{} of the regions could not be fetched completely",
        failures.len()
    )))
}

/// Every region's instances, in DescribeRegions order, and the regions that failed. All regions
/// at once: the client's limiter is the one cap on requests in flight.
async fn all_regions(
    client: &Client,
    regions: &[Region],
    query: &InstanceQuery,
    plan: Plan,
) -> (Vec<Vec<crate::api::Instance>>, Vec<(String, Error)>) {
    let ids: Vec<String> = regions.iter().map(|r| r.region_id.clone()).collect();
    let results = fetch_regions(client, &ids, query, plan).await;
    tracing::debug!(limiter = ?client.limiter_stats(), "all regions fetched");
    let mut all = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for (region, result) in results {
        match result {
            Ok(instances) => all.push(instances),
            Err(e) => failures.push((region, e)),
        }
    }
    (all, failures)
}

/// # Errors
/// Write failures.
pub fn profiles(profiles: &Profiles, format: OutputFormat) -> Result<(), Failure> {
    use crate::profiles::report;
    // The listing is how a broken default is diagnosed, so it still prints; but say so.
    if let Err(e) = profiles.choose(profiles.requested.as_deref()) {
        eprintln!(
            "ecs-tui: warning: {}",
            crate::exit::one_line(&e.to_string())
        );
    }
    let rows = report::rows(profiles);
    let mut out = std::io::stdout().lock();
    let result = match format {
        OutputFormat::Json => output::write_json(&mut out, &rows),
        OutputFormat::Csv | OutputFormat::Table => output::write_table_rows(
            &mut out,
            format,
            report::HEADERS.map(String::from).to_vec(),
            rows.iter().map(report::cells).collect(),
            terminal_width(),
        ),
    };
    // The legend is for people; CSV and JSON carry `selected` as data.
    let result = match (format, report::legend(profiles)) {
        (OutputFormat::Table, Some(legend)) => {
            result.and_then(|()| writeln!(out, "\n{}", crate::exit::one_line(&legend)))
        }
        _ => result,
    };
    result.and_then(|()| out.flush()).map_err(Failure::io)
}
