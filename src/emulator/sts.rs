//! STS `AssumeRole` (Version 2015-04-01): temporary credentials the emulator then accepts.

use std::time::Duration;

use serde_json::json;

use super::auth::{Caller, Params};
use super::rejection::Rejection;
use super::server::State;

pub const STS_VERSION: &str = "2015-04-01";
/// STS refuses sessions shorter than 15 minutes and longer than a role's maximum (12 h).
const MIN_DURATION: u64 = 900;
const MAX_DURATION: u64 = 43_200;

/// `acs:ram::<account id>:role/<role name>` → (account id, role name).
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("acs:ram::")?;
    let (account, role) = rest.split_once(":role/")?;
    let valid = !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && !role.is_empty()
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    valid.then_some((account, role))
}

/// # Errors
/// Missing or malformed RoleArn, RoleSessionName or DurationSeconds; a role of another account.
pub fn assume_role(
    state: &State,
    caller: &Caller,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let arn = params.require("RoleArn")?;
    let (account_id, role) = parse_role_arn(arn).ok_or_else(|| {
        Rejection::new(
            400,
            "InvalidParameter.RoleArn",
            "The parameter RoleArn is wrongly formed.",
        )
    })?;
    let session = params.require("RoleSessionName")?;
    let session_ok = (2..=64).contains(&session.len())
        && session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".@_-".contains(&b));
    if !session_ok {
        return Err(Rejection::new(
            400,
            "InvalidParameter.RoleSessionName",
            "The parameter RoleSessionName is wrongly formed.",
        ));
    }
    let duration = match params.get("DurationSeconds").filter(|d| !d.is_empty()) {
        None => 3600,
        Some(d) => d
            .parse::<u64>()
            .ok()
            .filter(|d| (MIN_DURATION..=MAX_DURATION).contains(d))
            .ok_or_else(|| {
                Rejection::new(
                    400,
                    "InvalidParameter.DurationSeconds",
                    "The Min/Max value of DurationSeconds is 15min/12hr.",
                )
            })?,
    };
    let account = &state.accounts[caller.account];
    if account_id != account.account_id {
        return Err(Rejection::new(
            404,
            "EntityNotExist.Role",
            format!("The role not exists: {arn}."),
        ));
    }
    let issued = state.auth.issue(
        caller.account,
        Duration::from_secs(duration),
        chrono::Utc::now(),
    );
    Ok(json!({
        "RequestId": request_id,
        "AssumedRoleUser": {
            "Arn": format!("acs:ram::{account_id}:role/{role}/{session}"),
            "AssumedRoleId": format!("3{}:{session}", account.account_id.get(1..).unwrap_or_default()),
        },
        "Credentials": {
            "AccessKeyId": issued.access_key_id,
            "AccessKeySecret": issued.access_key_secret.expose(),
            "SecurityToken": issued.security_token.expose(),
            "Expiration": issued.expiration.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        },
    })
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_role_arn;

    #[test]
    fn role_arns_parse() {
        assert_eq!(
            parse_role_arn("acs:ram::1234567890123456:role/readonly"),
            Some(("1234567890123456", "readonly"))
        );
        assert_eq!(parse_role_arn("acs:ram::12x:role/readonly"), None);
        assert_eq!(parse_role_arn("acs:ram::123:user/bob"), None);
        assert_eq!(parse_role_arn("readonly"), None);
    }
}
