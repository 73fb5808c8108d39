//! Running the `ecs-tui` binary against a stub, isolated from the developer's own config.
#![allow(dead_code)]

use assert_cmd::Command;
use tempfile::TempDir;

use super::{KEY_ID, SECRET, Stub};

/// A home of its own: HOME, XDG_CONFIG_HOME and ECS_TUI_CONFIG all point into a temp dir.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        // An empty config file: nothing from the developer's own config can leak in.
        std::fs::write(dir.path().join("config.toml"), "").expect("config");
        Sandbox { dir }
    }

    /// `ecs-tui` with AK credentials in the environment and every call sent to `stub`.
    pub fn ecs_tui(&self, stub: &Stub) -> Command {
        let mut cmd = self.bare();
        cmd.env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .arg("--endpoint")
            .arg(stub.url());
        cmd
    }

    /// `ecs-tui` with no credentials and no endpoint.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("ecs-tui").expect("binary");
        for var in [
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
            "ALIBABA_CLOUD_PROFILE",
            "ALIBABA_CLOUD_REGION_ID",
            "ECS_TUI_LOG",
            "COLUMNS",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("ECS_TUI_CONFIG", self.dir.path().join("config.toml"))
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }
}
