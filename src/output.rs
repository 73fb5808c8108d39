//! `--output table|json|csv` for the scripting commands.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::api::{Instance, Region};
use crate::cli::OutputFormat;
use crate::columns::{Column, sanitize};

mod json;

pub use json::write_pretty as write_json;

/// Writes objects as one JSON array, each object exactly as the API sent it.
///
/// # Errors
/// Write failures.
pub fn write_raw_json<'a>(
    out: &mut dyn Write,
    objects: impl IntoIterator<Item = &'a serde_json::value::RawValue>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, raw) in objects.into_iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(raw.get().as_bytes())?;
    }
    out.write_all(b"\n]\n")
}

/// # Errors
/// Write failures.
pub fn write_regions(
    out: &mut dyn Write,
    regions: &[Region],
    format: OutputFormat,
    width: Option<usize>,
) -> io::Result<()> {
    if format == OutputFormat::Json {
        return write_raw_json(out, regions.iter().map(|r| r.raw.as_ref()));
    }
    let headers = vec![
        "REGION".to_owned(),
        "NAME".to_owned(),
        "ENDPOINT".to_owned(),
    ];
    let rows = regions
        .iter()
        .map(|r| {
            vec![
                r.region_id.clone(),
                r.local_name.clone(),
                r.region_endpoint.clone(),
            ]
        })
        .collect();
    write_table_rows(out, format, headers, rows, width)
}

/// # Errors
/// Write failures.
pub fn write_instances(
    out: &mut dyn Write,
    instances: &[Instance],
    columns: &[Column],
    format: OutputFormat,
    width: Option<usize>,
) -> io::Result<()> {
    if format == OutputFormat::Json {
        return write_raw_json(out, instances.iter().map(|i| i.raw.as_ref()));
    }
    let headers = columns.iter().map(|c| c.header().into_owned()).collect();
    let rows = instances
        .iter()
        .map(|i| columns.iter().map(|c| c.value(i).into_owned()).collect())
        .collect();
    write_table_rows(out, format, headers, rows, width)
}

/// Every table and CSV the CLI prints goes through here, and every cell through `sanitize`:
/// a name from the API or a config file reaches the terminal as the browser draws it.
///
/// # Errors
/// Write failures.
pub fn write_table_rows(
    out: &mut dyn Write,
    format: OutputFormat,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    width: Option<usize>,
) -> io::Result<()> {
    let safe = |cells: Vec<String>| -> Vec<String> {
        cells
            .into_iter()
            .map(|c| match sanitize(&c) {
                std::borrow::Cow::Borrowed(_) => c,
                std::borrow::Cow::Owned(clean) => clean,
            })
            .collect()
    };
    let headers = safe(headers);
    let rows: Vec<Vec<String>> = rows.into_iter().map(safe).collect();
    match format {
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&headers).map_err(csv_io)?;
            for row in &rows {
                w.write_record(row).map_err(csv_io)?;
            }
            w.flush()
        }
        _ => write_table(out, &headers, &rows, width),
    }
}

/// With a width, no cell but the first column's grows past this: one long name must not push
/// every other column off the screen.
const MAX_CELL_WIDTH: usize = 32;

/// `text` cut to `max` display columns, ending in `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Keeps the I/O error inside a CSV error as it is, so a closed pipe stays a closed pipe.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Aligned columns separated by two spaces. With a width (a terminal, or `COLUMNS`), long cells
/// are cut with `…` and columns are dropped from the right until the table fits; the first one
/// always stays.
fn write_table(
    out: &mut dyn Write,
    headers: &[String],
    rows: &[Vec<String>],
    width: Option<usize>,
) -> io::Result<()> {
    let cut: Vec<Vec<String>>;
    let rows = if width.is_some() {
        cut = rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        if i == 0 {
                            cell.clone()
                        } else {
                            truncate(cell, MAX_CELL_WIDTH)
                        }
                    })
                    .collect()
            })
            .collect();
        &cut
    } else {
        // Piped, the table has no width, but one huge cell (a 100 MB name) must not pad every
        // line to its size: the browser's cap applies. CSV and JSON stay exact.
        cut = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| truncate(cell, crate::columns::MAX_COLUMN_WIDTH))
                    .collect()
            })
            .collect();
        &cut
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut shown = widths.len();
    if let Some(max) = width {
        while shown > 1 && widths[..shown].iter().sum::<usize>() + 2 * (shown - 1) > max {
            shown -= 1;
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).take(shown).enumerate() {
            s.push_str(cell);
            if i + 1 < shown {
                s.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        // Empty cells at the end of a row (no expiry, no public IP) would leave padding that
        // `diff`, `grep ' $'` and editors all trip over.
        let mut s = s.trim_end().to_owned();
        s.push('\n');
        s
    };
    out.write_all(line(headers).as_bytes())?;
    for row in rows {
        out.write_all(line(row).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn render(rows: &[Vec<String>], width: Option<usize>) -> String {
        let headers = vec!["ID".to_owned(), "NAME".to_owned(), "ZONE".to_owned()];
        let mut out = Vec::new();
        write_table(&mut out, &headers, rows, width).expect("writes");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn a_huge_cell_is_cut_even_without_a_width() {
        let huge = "n".repeat(1_000_000);
        let rows = vec![
            vec!["i-1".to_owned(), huge.clone(), "cn-hangzhou-h".to_owned()],
            vec![
                "i-2".to_owned(),
                "web".to_owned(),
                "cn-hangzhou-h".to_owned(),
            ],
        ];
        let out = render(&rows, None);
        assert!(out.len() < 2_000, "{} bytes", out.len());
        let second = out.lines().nth(2).unwrap();
        assert!(second.starts_with("i-2  web "), "{second}");
        assert!(out.contains('…'));
        let mut csv = Vec::new();
        write_table_rows(
            &mut csv,
            OutputFormat::Csv,
            vec!["ID".into(), "NAME".into(), "ZONE".into()],
            rows,
            None,
        )
        .unwrap();
        assert!(
            String::from_utf8(csv).unwrap().contains(&huge),
            "CSV stays exact"
        );
    }

    #[test]
    fn table_aligns_wide_characters() {
        let rows = vec![
            vec!["i-1".into(), "名字".into(), "h".into()],
            vec!["i-22".into(), "web".into(), "g".into()],
        ];
        assert_eq!(
            render(&rows, None),
            "ID    NAME  ZONE\ni-1   名字  h\ni-22  web   g\n"
        );
    }

    #[test]
    fn rows_with_empty_last_cells_end_without_spaces() {
        let rows = vec![
            vec!["i-1".into(), "web".into(), String::new()],
            vec!["i-22".into(), String::new(), String::new()],
        ];
        assert_eq!(render(&rows, None), "ID    NAME  ZONE\ni-1   web\ni-22\n");
    }

    #[test]
    fn narrow_width_drops_columns_from_the_right() {
        let rows = vec![vec!["i-1".into(), "name".into(), "zone".into()]];
        assert_eq!(render(&rows, Some(10)), "ID   NAME\ni-1  name\n");
        assert_eq!(
            render(&rows, Some(1)),
            "ID\ni-1\n",
            "the first column always stays"
        );
    }

    #[test]
    fn long_cells_are_cut_only_with_a_width() {
        let long = "a-very-long-instance-name-that-goes-on-and-on-forever".to_owned();
        let rows = vec![vec!["i-1".into(), long.clone(), "z".into()]];
        let shown = render(&rows, Some(80));
        assert!(
            shown.contains("a-very-long-instance-name-that-…  z"),
            "{shown}"
        );
        assert!(shown.lines().all(|l| l.width() <= 80), "{shown}");
        assert!(render(&rows, None).contains(&long));
        assert_eq!(truncate("名字名字", 5), "名字…");
    }

    #[test]
    fn json_is_one_array_of_raw_objects() {
        let a = serde_json::value::RawValue::from_string(r#"{"B":1,"A":[]}"#.into()).expect("json");
        let mut out = Vec::new();
        write_raw_json(&mut out, [a.as_ref(), a.as_ref()]).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "[\n{\"B\":1,\"A\":[]},\n{\"B\":1,\"A\":[]}\n]\n");
        let empty: [&serde_json::value::RawValue; 0] = [];
        let mut out = Vec::new();
        write_raw_json(&mut out, empty).expect("writes");
        assert_eq!(out, b"[\n]\n");
    }
}
