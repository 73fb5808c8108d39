//! The describe view's text, line by line: built from the state alone, so `update` can search
//! and scroll it and `ui` only colours it.

use chrono::{DateTime, Utc};

use super::Part;
use super::resources::{Disk, Extra, SecurityGroup};
use crate::api::{Error, Instance};
use crate::columns::sanitize;

/// Labels are padded to this many columns, so values line up (when the view is wide enough).
pub const LABEL_WIDTH: usize = 22;
/// Room the values keep before labels shrink: an ID (`vpc-` and 20 characters) fits whole.
const VALUE_ROOM: usize = 24;
/// Labels shrink no narrower than this (cut with `…`).
const MIN_LABEL: usize = 6;
/// The indent of fields and rows.
const INDENT: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    /// `label` then value.
    Field,
    /// A row of a small table (disks, groups, tags).
    Row,
    /// Something still loading.
    Pending,
    /// A failed call: Code, Message, RequestId.
    Problem,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLine {
    pub kind: LineKind,
    pub text: String,
    /// How many chars at the start of `text` are the label.
    pub label: usize,
}

impl DetailLine {
    fn new(kind: LineKind, text: impl Into<String>) -> Self {
        DetailLine {
            kind,
            text: text.into(),
            label: 0,
        }
    }
}

struct Lines {
    lines: Vec<DetailLine>,
    /// The label column, gap included.
    label: usize,
    /// Columns for a value before it wraps.
    value: usize,
}

impl Lines {
    /// Lines for a view `width` columns wide: the labels give up columns before the values
    /// do, down to [`MIN_LABEL`].
    fn new(width: usize) -> Self {
        let label = width
            .saturating_sub(INDENT + VALUE_ROOM)
            .clamp(MIN_LABEL, LABEL_WIDTH);
        Lines {
            lines: Vec::with_capacity(64),
            label,
            value: width.saturating_sub(INDENT + label).max(1),
        }
    }

    fn heading(&mut self, title: &str) {
        if !self.lines.is_empty() {
            self.lines.push(DetailLine::new(LineKind::Blank, ""));
        }
        self.lines.push(DetailLine::new(LineKind::Heading, title));
    }

    /// `label` and `value` on a line; a value too long for its column goes on under itself
    /// (broken at spaces where it can: a URL is broken anywhere rather than cut).
    fn field(&mut self, label: &str, value: &str) {
        let value = if value.trim().is_empty() {
            "—".into()
        } else {
            sanitize(value).into_owned()
        };
        let label = fit_label(label, self.label);
        let blank = " ".repeat(INDENT + self.label);
        for (n, part) in crate::app::banner::wrap(&value, self.value)
            .into_iter()
            .enumerate()
        {
            let label = if n == 0 {
                format!("{}{label}", " ".repeat(INDENT))
            } else {
                blank.clone()
            };
            self.lines.push(DetailLine {
                kind: LineKind::Field,
                label: label.chars().count(),
                text: format!("{label}{part}"),
            });
        }
    }

    fn row(&mut self, kind: LineKind, text: &str) {
        self.lines
            .push(DetailLine::new(kind, format!("  {}", sanitize(text))));
    }

    fn problem(&mut self, what: &str, e: &Error) {
        let headline = match e.api() {
            Some(api) => format!("{}: {}", api.code, api.message.trim_end()),
            None => e.to_string(),
        };
        self.row(LineKind::Problem, &format!("⚠ {what} failed: {headline}"));
        if let Some(id) = e.request_id() {
            self.row(LineKind::Problem, &format!("  RequestId {id}"));
        }
        if let Some(hint) = e.hint() {
            self.row(LineKind::Problem, &format!("  Hint: {hint}"));
        }
    }
}

/// `label` padded to `width` columns with at least one space after it, cut with `…` when
/// longer.
fn fit_label(label: &str, width: usize) -> String {
    let room = width.saturating_sub(1);
    let label: String = if label.chars().count() > room {
        let mut cut: String = label.chars().take(room.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        label.to_owned()
    };
    format!("{label:<width$}")
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Every line of the describe view for `instance`, with what is known of its groups and disks,
/// for a view `width` columns wide.
#[must_use]
pub fn describe(
    instance: &Instance,
    groups: &Part<Vec<SecurityGroup>>,
    disks: &Part<Vec<Disk>>,
    width: usize,
) -> Vec<DetailLine> {
    let i = instance;
    let extra = Extra::from_raw(&i.raw);
    let mut l = Lines::new(width);

    l.heading("Overview");
    l.field("ID", &i.instance_id);
    l.field("Name", &i.instance_name);
    l.field("Status", &i.status);
    let family = if extra.type_family.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.type_family)
    };
    l.field("Type", &format!("{}{family}", i.instance_type));
    l.field(
        "vCPU / memory",
        &format!(
            "{} vCPU · {} GiB",
            i.cpu,
            crate::columns::format_gib(i.memory_mib)
        ),
    );
    if !extra.gpu.is_empty() {
        l.field("GPU", &extra.gpu);
    }
    l.field("Region / zone", &format!("{} / {}", i.region_id, i.zone_id));
    l.field("Host name", &i.host_name);
    l.field("Description", &i.description);
    l.field("Resource group", &extra.resource_group);
    l.field(
        "Console",
        &crate::console_url::instance_url(&i.region_id, &i.instance_id),
    );

    l.heading("Network");
    l.field("Network type", &extra.network_type);
    l.field("VPC", &i.vpc_id);
    l.field("vSwitch", &i.vswitch_id);
    l.field("Private IPs", &i.private_ips.join(", "));
    l.field("Public IPs", &i.public_ips.join(", "));
    l.field("EIP", i.eip.as_deref().unwrap_or_default());
    let bandwidth = if extra.bandwidth_out > 0 {
        format!(
            "{} Mbit/s out · {}",
            extra.bandwidth_out, i.internet_charge_type
        )
    } else {
        i.internet_charge_type.clone()
    };
    l.field("Internet", &bandwidth);

    l.heading(&format!("Security groups ({})", i.security_group_ids.len()));
    match groups {
        _ if i.security_group_ids.is_empty() => l.row(LineKind::Row, "none"),
        Part::Loading => {
            for id in &i.security_group_ids {
                l.row(LineKind::Row, id);
            }
            l.row(LineKind::Pending, "loading security groups…");
        }
        Part::Failed(e) => {
            for id in &i.security_group_ids {
                l.row(LineKind::Row, id);
            }
            l.problem("DescribeSecurityGroups", e);
        }
        Part::Loaded(found) => {
            for id in &i.security_group_ids {
                let text = match found.iter().find(|g| &g.id == id) {
                    Some(g) if g.description.is_empty() => format!("{id:<24} {}", g.name),
                    Some(g) => format!("{id:<24} {} · {}", g.name, g.description),
                    None => format!("{id:<24} (not found)"),
                };
                l.row(LineKind::Row, &text);
            }
        }
    }

    match disks {
        Part::Loading => {
            l.heading("Disks");
            l.row(LineKind::Pending, "loading disks…");
        }
        Part::Failed(e) => {
            l.heading("Disks");
            l.problem("DescribeDisks", e);
        }
        Part::Loaded(disks) => {
            l.heading(&format!("Disks ({})", disks.len()));
            if disks.is_empty() {
                l.row(LineKind::Row, "none");
            } else {
                l.row(
                    LineKind::Heading,
                    &format!(
                        "{:<11} {:<7} {:<19} {:>8}  {:<9}  {:<11} {}",
                        "DEVICE", "TYPE", "CATEGORY", "SIZE", "ENCRYPTED", "ON RELEASE", "ID"
                    ),
                );
                for d in disks {
                    let category = if d.performance_level.is_empty() {
                        d.category.clone()
                    } else {
                        format!("{} {}", d.category, d.performance_level)
                    };
                    l.row(
                        LineKind::Row,
                        &format!(
                            "{:<11} {:<7} {:<19} {:>4} GiB  {:<9}  {:<11} {}",
                            d.device,
                            d.kind,
                            category,
                            d.size_gib,
                            yes_no(d.encrypted),
                            // What becomes of the disk when its instance is released.
                            if d.delete_with_instance {
                                "deleted"
                            } else {
                                "kept"
                            },
                            d.disk_id
                        ),
                    );
                }
            }
        }
    }

    l.heading(&format!("Tags ({})", i.tags.len()));
    if i.tags.is_empty() {
        l.row(LineKind::Row, "none");
    }
    for t in &i.tags {
        l.row(LineKind::Row, &format!("{} = {}", t.key, t.value));
    }

    l.heading("Billing");
    l.field("Charge type", &i.instance_charge_type);
    l.field(
        "Expires",
        &match i.expires() {
            Some(t) => time(Some(t)),
            None => "never (pay-as-you-go)".into(),
        },
    );
    l.field("Auto-release", &time(i.auto_release_time));
    l.field("Deletion protection", yes_no(i.deletion_protection));
    let spot = match extra.spot_strategy.as_str() {
        "" | "NoSpot" => "no".to_owned(),
        s if extra.spot_price_limit.is_empty() || extra.spot_price_limit == "0.0" => {
            format!("yes ({s})")
        }
        s => format!("yes ({s}, limit {})", extra.spot_price_limit),
    };
    l.field("Spot", &spot);
    l.field("When stopped", &extra.stopped_mode);

    l.heading("Image and OS");
    l.field("OS", &i.os_name);
    if !extra.os_name_en.is_empty() && extra.os_name_en != i.os_name {
        l.field("OS (English)", &extra.os_name_en);
    }
    l.field("OS type", &i.os_type);
    l.field("Image", &i.image_id);
    l.field("Key pair", &extra.key_pair);

    l.heading("Lifecycle");
    l.field("Created", &time(i.creation_time));
    l.field(
        "Started",
        &time(crate::api::model::parse_api_time(&extra.start_time)),
    );
    l.field("Operation locks", &extra.locks.join(", "));
    l.lines
}
