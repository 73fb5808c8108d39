//! Walks the parsed TOML with its spans, so every error can name the line and the key, and
//! a mistyped key gets a "did you mean".

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::mode::{Mode, mode_list};
use super::ui::{COLUMN_NAMES, Theme, parse_refresh_interval};
use super::{At, Config, ConfigError, ProfileConfig, suggest};
use crate::columns::Column;
use crate::credentials::Secret;

const TOP_KEYS: [&str; 9] = [
    "default_profile",
    "profiles",
    "favorite_regions",
    "refresh_interval",
    "mouse",
    "theme",
    "ssh_command",
    "ssh_user",
    "columns",
];

/// Keys every mode takes.
const COMMON_PROFILE_KEYS: [&str; 4] = ["mode", "region_id", "endpoint", "accent"];

const PROFILE_KEYS: [&str; 14] = [
    "mode",
    "access_key_id",
    "access_key_secret",
    "sts_token",
    "region_id",
    "endpoint",
    "ram_role_arn",
    "ram_session_name",
    "expired_seconds",
    "sts_endpoint",
    "source_profile",
    "ram_role_name",
    "process_command",
    "accent",
];

/// Every key that takes a value (`key = …`), the top level's then a profile's: all but
/// `profiles`, which holds the `[profiles.NAME]` tables.
pub fn value_keys() -> impl Iterator<Item = &'static str> {
    (TOP_KEYS.into_iter())
        .filter(|k| *k != "profiles")
        .chain(PROFILE_KEYS)
}

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

struct Doc<'a> {
    lines: LineIndex,
    path: &'a Path,
}

/// Where each line starts, found in one pass over the text: a key's line is then a binary
/// search. Counting the line breaks before each key instead made a file of N profiles cost
/// N² (10,000 profiles took 48 s in a debug build).
pub(super) struct LineIndex {
    /// The offset of every `\n`, in order.
    breaks: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> Self {
        LineIndex {
            breaks: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The 1-based line of byte `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset) + 1
    }
}

impl Doc<'_> {
    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    fn error(&self, offset: usize, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_owned(),
            line: self.line(offset),
            message,
        }
    }

    /// A value of the wrong type: `` `key` must be a string, not an integer ``.
    fn wrong_type(
        &self,
        ctx: &str,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        want: &str,
    ) -> ConfigError {
        self.error(
            v.span().start,
            format!(
                "{ctx}`{key}` must be {want}, not {}",
                article(v.get_ref().type_str())
            ),
        )
    }

    fn string(
        &self,
        ctx: &str,
        key: &str,
        v: &Spanned<DeValue<'_>>,
    ) -> Result<String, ConfigError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.wrong_type(ctx, key, v, "a string")),
        }
    }

    fn strings(
        &self,
        ctx: &str,
        key: &str,
        v: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<At<String>>, ConfigError> {
        let DeValue::Array(items) = v.get_ref() else {
            return Err(self.wrong_type(ctx, key, v, "an array of strings"));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok(At {
                    value: s.to_string(),
                    line: self.line(item.span().start),
                }),
                _ => Err(self.wrong_type(ctx, &format!("{key}` item `"), item, "a string")),
            })
            .collect()
    }

    fn unknown_key(&self, ctx: &str, key: &str, offset: usize, known: &[&str]) -> ConfigError {
        let hint =
            suggest(key, known).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        let within = if ctx.is_empty() {
            String::new()
        } else {
            format!(" in {}", ctx.trim_end())
        };
        self.error(offset, format!("unknown key `{key}`{within}{hint}"))
    }
}

fn article(type_str: &str) -> String {
    let a = if type_str.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {type_str}")
}

/// Entries in file order (the map itself is sorted by key).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

pub(super) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let doc = Doc {
        lines: LineIndex::new(text),
        path,
    };
    let root = DeTable::parse(text).map_err(|e| {
        doc.error(
            e.span().map_or(0, |s| s.start),
            format!("TOML syntax error: {}", e.message().trim()),
        )
    })?;
    let mut config = Config {
        path: path.to_owned(),
        ..Config::default()
    };
    for (key, value) in in_file_order(root.get_ref()) {
        let name: &str = key.get_ref();
        let ui = &mut config.ui;
        match name {
            "default_profile" => {
                config.default_profile = Some(At {
                    value: doc.string("", name, value)?,
                    line: doc.line(key.span().start),
                });
            }
            "profiles" => {
                let DeValue::Table(profiles) = value.get_ref() else {
                    return Err(doc.wrong_type(
                        "",
                        name,
                        value,
                        "a table of [profiles.NAME] tables",
                    ));
                };
                for (profile_name, table) in in_file_order(profiles) {
                    config.profiles.push(profile(&doc, profile_name, table)?);
                }
            }
            "favorite_regions" => {
                ui.favorite_regions = doc
                    .strings("", name, value)?
                    .into_iter()
                    .map(|r| r.value)
                    .collect();
            }
            "refresh_interval" => {
                let text = doc.string("", name, value)?;
                ui.refresh_interval = parse_refresh_interval(&text)
                    .map_err(|e| doc.error(value.span().start, format!("`{name}` = {e}")))?;
            }
            "mouse" => match value.get_ref() {
                DeValue::Boolean(b) => ui.mouse = *b,
                _ => return Err(doc.wrong_type("", name, value, "true or false")),
            },
            "theme" => {
                let text = doc.string("", name, value)?;
                ui.theme = Theme::parse(&text).ok_or_else(|| {
                    doc.error(
                        value.span().start,
                        format!("`{name}` = {text:?}: use \"dark\" or \"light\""),
                    )
                })?;
            }
            "ssh_command" => ui.ssh_command = doc.string("", name, value)?,
            "ssh_user" => ui.ssh_user = doc.string("", name, value)?,
            "columns" => {
                let mut columns = Vec::new();
                for c in doc.strings("", name, value)? {
                    let column = Column::parse(&c.value)
                        .filter(|col| !matches!(col, Column::Tag(k) if k.is_empty()))
                        .ok_or_else(|| ConfigError::Invalid {
                            path: path.to_owned(),
                            line: c.line,
                            message: format!(
                                "unknown column {:?} in `columns`; use {COLUMN_NAMES}",
                                c.value
                            ),
                        })?;
                    columns.push(column);
                }
                if columns.is_empty() {
                    return Err(doc.error(
                        value.span().start,
                        "`columns` is empty; list at least `id`".into(),
                    ));
                }
                ui.columns = columns;
            }
            _ if PROFILE_KEYS.contains(&name) => {
                return Err(doc.error(
                    key.span().start,
                    format!("`{name}` belongs in a [profiles.NAME] table, not at the top level"),
                ));
            }
            _ => return Err(doc.unknown_key("", name, key.span().start, &TOP_KEYS)),
        }
    }
    Ok(config)
}

fn profile(
    doc: &Doc<'_>,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Result<ProfileConfig, ConfigError> {
    let ctx = format!("[profiles.{}] ", name.get_ref());
    let header = name.span().start;
    let DeValue::Table(table) = value.get_ref() else {
        return Err(doc.wrong_type(
            "",
            &format!("profiles.{}", name.get_ref()),
            value,
            "a table",
        ));
    };
    let mut p = ProfileConfig {
        name: name.get_ref().to_string(),
        line: doc.line(header),
        ..ProfileConfig::default()
    };
    let entries = in_file_order(table);
    // The mode decides which other keys belong, so read it first.
    if let Some((_, v)) = entries.iter().find(|(k, _)| k.get_ref() == "mode") {
        let text = doc.string(&ctx, "mode", v)?;
        p.mode = Mode::parse(&text).ok_or_else(|| {
            doc.error(
                v.span().start,
                format!(
                    "{ctx}`mode` = {text:?} is not a mode ecs-tui knows; use one of {}",
                    mode_list()
                ),
            )
        })?;
    }
    for (key, v) in &entries {
        let k: &str = key.get_ref();
        p.lines.insert(k.to_owned(), doc.line(key.span().start));
        if !PROFILE_KEYS.contains(&k) {
            return Err(doc.unknown_key(&ctx, k, key.span().start, &PROFILE_KEYS));
        }
        if !COMMON_PROFILE_KEYS.contains(&k) && !p.mode.keys().contains(&k) {
            let users: Vec<&str> = Mode::ALL
                .into_iter()
                .filter(|m| m.keys().contains(&k))
                .map(Mode::name)
                .collect();
            return Err(doc.error(
                key.span().start,
                format!(
                    "{ctx}`{k}` does not apply to mode {} (it is a key of {}); set `mode` or remove it",
                    p.mode,
                    users.join(", ")
                ),
            ));
        }
        let string = || doc.string(&ctx, k, v);
        let secret = || string().map(Secret::new);
        match k {
            "mode" => {}
            "access_key_id" => p.access_key_id = Some(string()?),
            "access_key_secret" => p.access_key_secret = Some(secret()?),
            "sts_token" => p.sts_token = Some(secret()?),
            "region_id" => p.region_id = Some(string()?),
            "endpoint" => p.endpoint = Some(string()?),
            "ram_role_arn" => p.ram_role_arn = Some(string()?),
            "ram_session_name" => p.ram_session_name = Some(string()?),
            "expired_seconds" => {
                let seconds = match v.get_ref() {
                    DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok(),
                    _ => return Err(doc.wrong_type(&ctx, k, v, "an integer")),
                };
                p.expired_seconds = Some(seconds.filter(|s| *s >= 900).ok_or_else(|| {
                    doc.error(
                        v.span().start,
                        format!("{ctx}`expired_seconds` must be at least 900 (STS's minimum)"),
                    )
                })?);
            }
            "sts_endpoint" => p.sts_endpoint = Some(string()?),
            "source_profile" => {
                p.source_profile = Some(At {
                    value: string()?,
                    line: doc.line(key.span().start),
                });
            }
            "ram_role_name" => p.ram_role_name = Some(string()?),
            "process_command" => p.process_command = Some(string()?),
            "accent" => {
                let colour = string()?;
                if colour.parse::<ratatui::style::Color>().is_err() {
                    return Err(doc.error(
                        v.span().start,
                        format!("{ctx}`accent` = {colour:?} is not a colour; use a name like \"red\", or \"#rrggbb\""),
                    ));
                }
                p.accent = Some(colour);
            }
            _ => {}
        }
    }
    let present = |k: &str| entries.iter().any(|(key, _)| key.get_ref() == k);
    // A missing key leaves the file well-formed: the profile is listed as unusable with the
    // reason (as the aliyun CLI's are), and the other profiles still work.
    p.missing = p
        .mode
        .required_keys()
        .iter()
        .copied()
        .filter(|k| !present(k))
        .collect();
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    /// The index answers what counting the line breaks before the offset answers, for every
    /// offset (including one past the end), without rescanning the text.
    #[test]
    fn the_line_index_agrees_with_counting_line_breaks() {
        for text in [
            "",
            "a",
            "\n",
            "a\nb",
            "\n\n\n",
            "[p]\nk = 1\n\n[q]\r\nk = 2\n",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 1 {
                let counted = text
                    .get(..offset.min(text.len()))
                    .map_or(1, |before| before.matches('\n').count() + 1);
                assert_eq!(index.line(offset), counted, "{text:?} at {offset}");
            }
        }
    }
}
