//! `ctrl-s` at `--log-level debug`: the log says what was saved (path, rows, bytes), never
//! the rows themselves. One test in its own binary: it moves the process into a temporary
//! directory, where the worker saves.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ecs_tui::api::Instance;
use ecs_tui::app::{Action, Command};
use ecs_tui::columns::Column;
use ecs_tui::export::{self, ExportFormat};
use ecs_tui::profiles::Profiles;
use ecs_tui::worker::Worker;
use serde_json::value::RawValue;
use tokio::sync::mpsc;

/// What the log file would hold.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn instance(id: &str, name: &str) -> Instance {
    let text = serde_json::json!({"InstanceId": id, "InstanceName": name, "Status": "Running",
                                  "PrivateIpAddress": {"IpAddress": ["10.9.8.7"]}})
    .to_string();
    Instance::from_raw(RawValue::from_string(text).unwrap()).unwrap()
}

#[tokio::test]
async fn a_saved_view_is_logged_by_size_never_by_content() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let log = Log::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_env_filter(ecs_tui::logging::filter("debug").unwrap())
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let (commands, command_rx) = mpsc::unbounded_channel();
    let (action_tx, mut actions) = mpsc::unbounded_channel();
    let worker = Worker::new(&Profiles::demo(Vec::new()), None, action_tx);
    let task = tokio::spawn(worker.run(command_rx));

    for format in [ExportFormat::Csv, ExportFormat::Json] {
        let rows = [
            instance("i-logcheck-0001", "payroll-db-primary"),
            instance("i-logcheck-0002", "payroll-db-replica"),
        ];
        let contents = export::render(rows.iter(), &[Column::Id, Column::Name], format);
        let bytes = contents.len();
        commands
            .send(Command::SaveView {
                stem: "dev-cn-hangzhou".into(),
                format,
                contents,
            })
            .unwrap();
        let saved = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                if let Some(Action::ViewSaved { result }) = actions.recv().await {
                    return result;
                }
            }
        })
        .await
        .expect("the worker answered")
        .unwrap();
        let written = std::fs::read_to_string(&saved).unwrap();
        assert!(
            written.contains("payroll-db-primary"),
            "the file has the rows"
        );

        let logged = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
        // The log was written: the command started and the save is recorded with its size.
        assert!(logged.contains("start"), "{logged}");
        let line = logged
            .lines()
            .rfind(|l| l.contains("view saved"))
            .unwrap_or_else(|| panic!("no `view saved` line:\n{logged}"));
        assert!(line.contains(&format!("path={saved}")), "{line}");
        assert!(line.contains("rows=2"), "{line}");
        assert!(line.contains(&format!("bytes={bytes}")), "{line}");
        for content in ["payroll", "i-logcheck", "10.9.8.7"] {
            assert!(!logged.contains(content), "{content} in the log:\n{logged}");
        }
    }
    task.abort();
}
