//! `ctrl-s`: the rows on screen as a CSV or JSON file, written where the user can find it.

use std::fs::OpenOptions;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};

use crate::api::Instance;
use crate::cli::OutputFormat;
use crate::columns::Column;
use crate::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The curated columns with a header row, as `--output csv`.
    Csv,
    /// The instance objects exactly as the API sent them, as `--output json`.
    Json,
}

impl ExportFormat {
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// A view rendered for a file: its text and how many rows it holds. Commands are logged
/// with `Debug`, so it says how much and never what: an inventory has no place in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    text: String,
    rows: usize,
}

impl Rendered {
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows
    }
}

impl std::ops::Deref for Rendered {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("rows", &self.rows)
            .field("bytes", &self.text.len())
            .finish()
    }
}

/// The file's contents for `instances`, in the order given.
#[must_use]
pub fn render<'a>(
    instances: impl IntoIterator<Item = &'a Instance>,
    columns: &[Column],
    format: ExportFormat,
) -> Rendered {
    let mut rows = 0;
    let instances = instances.into_iter().inspect(|_| rows += 1);
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = match format {
        ExportFormat::Json => output::write_raw_json(&mut out, instances.map(|i| i.raw.as_ref())),
        ExportFormat::Csv => {
            let headers = columns.iter().map(|c| c.header().into_owned()).collect();
            let cells = instances
                .map(|i| columns.iter().map(|c| c.value(i).into_owned()).collect())
                .collect();
            output::write_table_rows(&mut out, OutputFormat::Csv, headers, cells, None)
        }
    };
    Rendered {
        text: String::from_utf8_lossy(&out).into_owned(),
        rows,
    }
}

/// `ecs-tui-<stem>-20250102-150405.csv`; the stem is made safe for a file name.
#[must_use]
pub fn file_name(stem: &str, format: ExportFormat, now: DateTime<Local>) -> String {
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "ecs-tui-{stem}-{}.{}",
        now.format("%Y%m%d-%H%M%S"),
        format.extension()
    )
}

/// Where files go: the current directory, else the platform's download or data dir.
#[must_use]
pub fn target_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        dirs.push(cwd);
    }
    if let Some(user) = directories::UserDirs::new()
        && let Some(download) = user.download_dir()
    {
        dirs.push(download.to_owned());
    }
    if let Some(project) = directories::ProjectDirs::from("", "", "ecs-tui") {
        dirs.push(project.data_dir().to_owned());
    }
    dirs
}

/// [`save`]s a rendered view and logs what was saved: where, how many rows, how many bytes.
///
/// # Errors
/// As [`save`].
pub fn save_view(dirs: &[PathBuf], name: &str, view: &Rendered) -> io::Result<PathBuf> {
    let result = save(dirs, name, view.text());
    match &result {
        Ok(path) => tracing::info!(
            path = %path.display(),
            rows = view.rows(),
            bytes = view.text().len(),
            "view saved"
        ),
        Err(e) => tracing::warn!(name, error = %e, "view not saved"),
    }
    result
}

/// Writes `contents` to a new file `name` in the first of `dirs` that takes it; the file is
/// created 0600 (an inventory is nobody else's business) and never overwrites one.
///
/// # Errors
/// No directory would take the file; the error names the last one tried.
pub fn save(dirs: &[PathBuf], name: &str, contents: &str) -> io::Result<PathBuf> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no directory to save in");
    for dir in dirs {
        match write_new(dir, name, contents) {
            Ok(path) => return Ok(path),
            Err(e) => {
                last = io::Error::new(e.kind(), format!("{}: {e}", dir.join(name).display()));
            }
        }
    }
    Err(last)
}

fn write_new(dir: &Path, name: &str, contents: &str) -> io::Result<PathBuf> {
    if !dir.exists() {
        // Only the directories made here are 0700 (the fallback ~/.local/share/ecs-tui holds
        // inventories); one that exists keeps its mode.
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let path = dir.join(name);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    if let Err(e) = file
        .write_all(contents.as_bytes())
        .and_then(|()| file.sync_all())
    {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use serde_json::value::RawValue;

    fn instance(id: &str, name: &str) -> Instance {
        let text = serde_json::json!({
            "InstanceId": id, "InstanceName": name, "Status": "Running", "Cpu": 2,
            "Memory": 4096, "Unmodelled": {"b": 1, "a": 2},
        })
        .to_string();
        Instance::from_raw(RawValue::from_string(text).expect("json")).expect("instance")
    }

    #[test]
    fn csv_has_the_curated_columns_in_the_order_given() {
        let rows = [instance("i-2", "b, \"quoted\""), instance("i-1", "a")];
        let text = render(
            rows.iter(),
            &[Column::Id, Column::Name, Column::Status],
            ExportFormat::Csv,
        );
        assert_eq!(
            text.text(),
            "ID,NAME,STATUS\ni-2,\"b, \"\"quoted\"\"\",Running\ni-1,a,Running\n"
        );
        assert_eq!(text.rows(), 2);
    }

    #[test]
    fn json_is_the_raw_objects_byte_for_byte() {
        let rows = [instance("i-2", "b"), instance("i-1", "a")];
        let text = render(rows.iter(), &[Column::Id], ExportFormat::Json);
        assert_eq!(
            text.text(),
            format!("[\n{},\n{}\n]\n", rows[0].raw.get(), rows[1].raw.get())
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed[0]["Unmodelled"]["a"], 2);
    }

    #[test]
    fn names_are_timestamped_and_safe() {
        let t = Local
            .with_ymd_and_hms(2025, 1, 2, 15, 4, 5)
            .single()
            .expect("time");
        assert_eq!(
            file_name("dev/../x cn-hangzhou", ExportFormat::Csv, t),
            "ecs-tui-dev_.._x_cn-hangzhou-20250102-150405.csv"
        );
    }

    #[test]
    fn saved_files_are_private_and_never_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("not-a-dir-file");
        std::fs::write(&missing, "x").expect("write");
        // A "directory" that is a file fails; the next one takes it.
        let dirs = [missing, dir.path().to_owned()];
        let path = save(&dirs, "a.csv", "ID\n").expect("saved");
        assert_eq!(path, dir.path().join("a.csv"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "ID\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = save(&dirs[1..], "a.csv", "other");
        assert!(again.is_err(), "an existing file is not overwritten");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "ID\n");
    }

    #[cfg(unix)]
    #[test]
    fn directories_made_for_an_export_are_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().join("share");
        let target = base.join("ecs-tui");
        save(std::slice::from_ref(&target), "a.csv", "ID\n").expect("saved");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o700);
        assert_eq!(mode(&base), 0o700);
        // One that was there keeps its mode.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o751))
            .expect("chmod");
        save(&[dir.path().to_owned()], "b.csv", "ID\n").expect("saved");
        assert_eq!(mode(dir.path()), 0o751);
    }
}
