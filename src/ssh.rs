//! `s`: the ssh command line for an instance (from the config's template), and running it
//! without a shell and without the cloud credentials in its environment (`run`).

mod run;

use crate::api::Instance;

pub use run::{Ran, SshOutcome, SshReport, run};

/// Why there is no command to run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SshError {
    #[error("{0} has no IP address to connect to (no EIP, public or private IP)")]
    NoAddress(String),
    #[error("ssh_command {template:?} cannot be split into words: {reason}")]
    Template { template: String, reason: String },
    #[error("ssh_command is empty")]
    Empty,
    #[error("{placeholder} of {id} starts with '-' and would be read as an option: refusing")]
    LooksLikeOption { placeholder: String, id: String },
}

/// The address `{ip}` stands for: the EIP or a public IP first, else the private IP.
#[must_use]
pub fn address(instance: &Instance) -> Option<&str> {
    instance
        .public_address()
        .or_else(|| instance.private_address())
}

/// The argv for `template` (`ssh {user}@{ip}`, with `{ip}`, `{user}`, `{id}`, `{name}` and
/// `{region}`). The template is split into words first and the placeholders filled in each
/// word after, so a name with spaces or quotes stays one argument and runs nothing.
///
/// # Errors
/// A template that does not split (unbalanced quotes) or is empty; `{ip}` used but the
/// instance has no address; a value that would turn into an option.
pub fn command(
    template: &str,
    user: &str,
    instance: &Instance,
    region: &str,
) -> Result<Vec<String>, SshError> {
    let words = shell_words::split(template).map_err(|e| SshError::Template {
        template: template.to_owned(),
        reason: e.to_string(),
    })?;
    if words.is_empty() {
        return Err(SshError::Empty);
    }
    let uses_ip = words.iter().any(|w| w.contains("{ip}"));
    let ip = address(instance);
    if uses_ip && ip.is_none() {
        return Err(SshError::NoAddress(instance.instance_id.clone()));
    }
    let values = [
        ("{user}", user),
        ("{ip}", ip.unwrap_or_default()),
        ("{id}", instance.instance_id.as_str()),
        ("{name}", instance.instance_name.as_str()),
        ("{region}", region),
    ];
    words
        .into_iter()
        .map(|word| {
            let mut out = word.clone();
            for (placeholder, value) in values {
                out = out.replace(placeholder, value);
            }
            if out.starts_with('-') && !word.starts_with('-') {
                let placeholder = values
                    .iter()
                    .find(|(p, _)| word.starts_with(p))
                    .map_or("a placeholder", |(p, _)| p);
                return Err(SshError::LooksLikeOption {
                    placeholder: placeholder.to_owned(),
                    id: instance.instance_id.clone(),
                });
            }
            Ok(out)
        })
        .collect()
}

/// Environment variables that may carry Alibaba Cloud credentials: the child never sees them.
#[must_use]
pub fn is_secret_var(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_"]
        .iter()
        .any(|prefix| upper.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    fn instance(public: &[&str], eip: &str, private: &[&str]) -> Instance {
        let raw = serde_json::json!({
            "InstanceId": "i-bp1abc",
            "InstanceName": "web 01's",
            "PublicIpAddress": {"IpAddress": public},
            "EipAddress": {"IpAddress": eip},
            "VpcAttributes": {"PrivateIpAddress": {"IpAddress": private}},
        });
        Instance::from_raw(RawValue::from_string(raw.to_string()).expect("json")).expect("instance")
    }

    const DEFAULT: &str = "ssh {user}@{ip}";

    #[test]
    fn eip_comes_first() {
        let i = instance(&["47.1.1.1"], "39.2.2.2", &["10.0.0.5"]);
        assert_eq!(
            command(DEFAULT, "root", &i, "cn-hangzhou"),
            Ok(vec!["ssh".to_owned(), "root@39.2.2.2".to_owned()])
        );
    }

    #[test]
    fn the_default_gives_up_connecting_after_ten_seconds() {
        let i = instance(&["47.1.1.1"], "", &[]);
        assert_eq!(
            command(
                crate::config::ui::DEFAULT_SSH_COMMAND,
                "root",
                &i,
                "cn-hangzhou"
            ),
            Ok(["ssh", "-o", "ConnectTimeout=10", "root@47.1.1.1"]
                .map(String::from)
                .to_vec())
        );
    }

    #[test]
    fn public_ip_without_an_eip() {
        let i = instance(&["47.1.1.1"], "", &["10.0.0.5"]);
        assert_eq!(
            command(DEFAULT, "ecs-user", &i, "cn-hangzhou"),
            Ok(vec!["ssh".to_owned(), "ecs-user@47.1.1.1".to_owned()])
        );
    }

    #[test]
    fn private_ip_when_nothing_public() {
        let i = instance(&[], "", &["10.0.0.5"]);
        assert_eq!(
            command(DEFAULT, "root", &i, "cn-hangzhou"),
            Ok(vec!["ssh".to_owned(), "root@10.0.0.5".to_owned()])
        );
    }

    #[test]
    fn no_address_at_all_is_explained() {
        let i = instance(&[], "", &[]);
        let e = command(DEFAULT, "root", &i, "cn-hangzhou").expect_err("no ip");
        assert_eq!(e, SshError::NoAddress("i-bp1abc".into()));
        assert!(e.to_string().contains("no IP address"));
        // A template that does not need the address still works (e.g. an ssh config alias).
        assert_eq!(
            command("ssh {id}", "root", &i, "cn-hangzhou"),
            Ok(vec!["ssh".to_owned(), "i-bp1abc".to_owned()])
        );
    }

    #[test]
    fn every_placeholder_and_quoting_without_a_shell() {
        let i = instance(&["47.1.1.1"], "", &[]);
        let argv = command(
            "ssh -o 'ProxyJump bastion.{region}' -l {user} {ip} -- echo {name} {id}",
            "admin",
            &i,
            "cn-shanghai",
        )
        .expect("builds");
        assert_eq!(
            argv,
            [
                "ssh",
                "-o",
                "ProxyJump bastion.cn-shanghai",
                "-l",
                "admin",
                "47.1.1.1",
                "--",
                "echo",
                "web 01's",
                "i-bp1abc"
            ]
        );
    }

    #[test]
    fn bad_templates() {
        let i = instance(&["47.1.1.1"], "", &[]);
        assert!(matches!(
            command("ssh 'unclosed {ip}", "root", &i, "r"),
            Err(SshError::Template { .. })
        ));
        assert_eq!(command("  ", "root", &i, "r"), Err(SshError::Empty));
        assert!(matches!(
            command("ssh {user}", "-oProxyCommand=x", &i, "r"),
            Err(SshError::LooksLikeOption { .. })
        ));
    }

    #[test]
    fn credentials_are_kept_from_the_child() {
        assert!(is_secret_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
        assert!(is_secret_var("ALIBABA_CLOUD_SECURITY_TOKEN"));
        assert!(is_secret_var("ALICLOUD_ACCESS_KEY"));
        assert!(is_secret_var("alibabacloud_access_key_id"));
        assert!(!is_secret_var("HOME"));
        assert!(!is_secret_var("SSH_AUTH_SOCK"));
    }
}
