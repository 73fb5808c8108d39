//! Where an AccessKey pair was found, so that a rejected key's hint can send the user to the
//! exact place to fix it. Paths, names and line numbers only: never a key.

use std::path::PathBuf;

/// The place a profile's AccessKey ID and secret were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOrigin {
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (profile `env`).
    Env,
    /// A profile of the aliyun CLI's `config.json`.
    AliyunCli { path: PathBuf, profile: String },
    /// A `[profiles.NAME]` table of ecs-tui's config file, with the line of each key.
    Config {
        path: PathBuf,
        profile: String,
        id_line: usize,
        secret_line: usize,
    },
}

impl KeyOrigin {
    /// Where to check the AccessKey ID.
    #[must_use]
    pub fn id(&self) -> String {
        self.describe("access_key_id", "ALIBABA_CLOUD_ACCESS_KEY_ID")
    }

    /// Where to check the AccessKey secret.
    #[must_use]
    pub fn secret(&self) -> String {
        self.describe("access_key_secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    }

    fn describe(&self, key: &str, var: &str) -> String {
        match self {
            KeyOrigin::Env => format!("{var} (profile env)"),
            KeyOrigin::AliyunCli { path, profile } => format!(
                "{key} of profile {profile} in {} (`aliyun configure --profile {profile}`)",
                path.display()
            ),
            KeyOrigin::Config {
                path,
                profile,
                id_line,
                secret_line,
            } => {
                let line = if key == "access_key_id" {
                    id_line
                } else {
                    secret_line
                };
                format!("{key} in [profiles.{profile}] at {}:{line}", path.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_origin_names_the_place_to_fix() {
        assert_eq!(
            KeyOrigin::Env.secret(),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET (profile env)"
        );
        let cli = KeyOrigin::AliyunCli {
            path: "/h/.aliyun/config.json".into(),
            profile: "dev".into(),
        };
        assert_eq!(
            cli.id(),
            "access_key_id of profile dev in /h/.aliyun/config.json \
             (`aliyun configure --profile dev`)"
        );
        let config = KeyOrigin::Config {
            path: "/c/config.toml".into(),
            profile: "work".into(),
            id_line: 3,
            secret_line: 4,
        };
        assert_eq!(
            config.secret(),
            "access_key_secret in [profiles.work] at /c/config.toml:4"
        );
        assert_eq!(
            config.id(),
            "access_key_id in [profiles.work] at /c/config.toml:3"
        );
    }
}
