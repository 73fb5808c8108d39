//! The credential modes, named as the aliyun CLI names them, and which keys each one takes.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    #[default]
    Ak,
    StsToken,
    RamRoleArn,
    ChainableRamRoleArn,
    EcsRamRole,
    External,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Ak,
        Mode::StsToken,
        Mode::RamRoleArn,
        Mode::ChainableRamRoleArn,
        Mode::EcsRamRole,
        Mode::External,
    ];

    /// Case-insensitive, as the aliyun CLI's `NormalizeMode`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Mode> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(text.trim()))
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Mode::Ak => "AK",
            Mode::StsToken => "StsToken",
            Mode::RamRoleArn => "RamRoleArn",
            Mode::ChainableRamRoleArn => "ChainableRamRoleArn",
            Mode::EcsRamRole => "EcsRamRole",
            Mode::External => "External",
        }
    }

    /// The keys a profile of this mode must have.
    #[must_use]
    pub fn required_keys(self) -> &'static [&'static str] {
        match self {
            Mode::Ak => &["access_key_id", "access_key_secret"],
            Mode::StsToken => &["access_key_id", "access_key_secret", "sts_token"],
            Mode::RamRoleArn => &[
                "access_key_id",
                "access_key_secret",
                "ram_role_arn",
                "ram_session_name",
            ],
            Mode::ChainableRamRoleArn => &["source_profile", "ram_role_arn", "ram_session_name"],
            Mode::EcsRamRole => &[],
            Mode::External => &["process_command"],
        }
    }

    /// The keys a profile of this mode may have besides the ones every mode takes.
    #[must_use]
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Mode::Ak => &["access_key_id", "access_key_secret"],
            Mode::StsToken => &["access_key_id", "access_key_secret", "sts_token"],
            // The source pair may itself be temporary, hence sts_token.
            Mode::RamRoleArn => &[
                "access_key_id",
                "access_key_secret",
                "sts_token",
                "ram_role_arn",
                "ram_session_name",
                "expired_seconds",
                "sts_endpoint",
            ],
            Mode::ChainableRamRoleArn => &[
                "source_profile",
                "ram_role_arn",
                "ram_session_name",
                "expired_seconds",
                "sts_endpoint",
            ],
            Mode::EcsRamRole => &["ram_role_name"],
            Mode::External => &["process_command"],
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `AK, StsToken, ...` for error messages.
#[must_use]
pub fn mode_list() -> String {
    Mode::ALL.map(Mode::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_match_case_insensitively() {
        assert_eq!(Mode::parse("ak"), Some(Mode::Ak));
        assert_eq!(Mode::parse("STSTOKEN"), Some(Mode::StsToken));
        assert_eq!(
            Mode::parse("chainableramrolearn"),
            Some(Mode::ChainableRamRoleArn)
        );
        assert_eq!(Mode::parse("CloudSSO"), None);
    }
}
