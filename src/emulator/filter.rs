//! DescribeInstances' server-side filters, and the JSON-array parameters they take.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use super::auth::Params;
use super::inventory::InstanceRecord;
use super::rejection::Rejection;

/// A parameter holding a JSON array of ids (at most 100), as `InstanceIds` does.
///
/// # Errors
/// `InvalidParameter.<name>` when it is not one.
pub fn json_array(params: &Params, name: &str) -> Result<Option<Vec<String>>, Rejection> {
    let Some(text) = params.get(name).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let ids: Vec<String> = serde_json::from_str(text).map_err(|_| Rejection::invalid(name))?;
    if ids.len() > 100 {
        return Err(Rejection::invalid(name));
    }
    Ok(Some(ids))
}

/// Every `Tag.N.Key` / `Tag.N.Value` has N in 1..=20, written plainly: beyond 20 (however
/// large) is too many tags, as `Tag.21` is; an N that is not a number, is 0 or has leading
/// zeros is an invalid parameter, as other malformed parameters are.
fn check_tag_indexes(params: &Params) -> Result<(), Rejection> {
    for (name, _) in &params.0 {
        let Some(rest) = name.strip_prefix("Tag.") else {
            continue;
        };
        let Some((index, "Key" | "Value")) = rest.split_once('.') else {
            return Err(Rejection::invalid(name));
        };
        let plain = !index.is_empty()
            && index.bytes().all(|b| b.is_ascii_digit())
            && !index.starts_with('0');
        if !plain {
            return Err(Rejection::invalid(name));
        }
        // All digits: longer than two is past 20 too (no overflow on a huge N).
        if index.len() > 2 || index.parse::<u8>().is_ok_and(|n| n > 20) {
            return Err(Rejection::new(
                400,
                "InvalidTagCount",
                "The number of tags exceeds 20.",
            ));
        }
    }
    Ok(())
}

/// DescribeInstances' filters, hashed into page tokens so a token only fits its own query.
#[derive(Debug, Default, Hash)]
pub struct Filter {
    ids: Option<Vec<String>>,
    status: Option<String>,
    zone_id: Option<String>,
    vpc_id: Option<String>,
    vswitch_id: Option<String>,
    name: Option<String>,
    instance_type: Option<String>,
    charge_type: Option<String>,
    security_group_id: Option<String>,
    tags: Vec<(String, Option<String>)>,
}

impl Filter {
    pub fn parse(params: &Params) -> Result<Self, Rejection> {
        let get = |k: &str| params.get(k).filter(|v| !v.is_empty()).map(str::to_owned);
        let status = get("Status");
        if let Some(s) = &status
            && !["Pending", "Running", "Starting", "Stopping", "Stopped"].contains(&s.as_str())
        {
            return Err(Rejection::new(
                404,
                "InvalidStatus.NotFound",
                "The specified Status is not found.",
            ));
        }
        let mut tags = Vec::new();
        for n in 1..=20 {
            let key = params
                .get(&format!("Tag.{n}.Key"))
                .filter(|k| !k.is_empty());
            let value = params.get(&format!("Tag.{n}.Value"));
            match (key, value) {
                (Some(k), v) => tags.push((k.to_owned(), v.map(str::to_owned))),
                (None, Some(_)) => {
                    return Err(Rejection::new(
                        400,
                        "InvalidTag.Mismatch",
                        "The specified Tag.n.Key and Tag.n.Value are not match.",
                    ));
                }
                (None, None) => {}
            }
        }
        check_tag_indexes(params)?;
        Ok(Filter {
            ids: json_array(params, "InstanceIds")?,
            status,
            zone_id: get("ZoneId"),
            vpc_id: get("VpcId"),
            vswitch_id: get("VSwitchId"),
            name: get("InstanceName"),
            instance_type: get("InstanceType"),
            charge_type: get("InstanceChargeType"),
            security_group_id: get("SecurityGroupId"),
            tags,
        })
    }

    pub fn matches(&self, i: &InstanceRecord) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        self.ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&i.instance_id))
            && eq(&self.status, i.status)
            && eq(&self.zone_id, &i.zone_id)
            && eq(&self.vpc_id, &i.vpc_id)
            && eq(&self.vswitch_id, &i.vswitch_id)
            && eq(&self.instance_type, i.instance_type)
            && eq(&self.charge_type, i.instance_charge_type)
            && self
                .name
                .as_deref()
                .is_none_or(|p| wildcard(p, &i.instance_name))
            && self
                .security_group_id
                .as_ref()
                .is_none_or(|sg| i.security_group_ids.contains(sg))
            && self.tags.iter().all(|(k, v)| {
                i.tags
                    .iter()
                    .any(|(tk, tv)| tk == k && v.as_ref().is_none_or(|v| v == tv))
            })
    }

    /// What a NextToken is bound to: this query in this region.
    pub fn token_key(&self, region_id: &str) -> u64 {
        let mut h = DefaultHasher::new();
        region_id.hash(&mut h);
        self.hash(&mut h);
        h.finish()
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcard_matches_like_the_api() {
        assert!(wildcard("web-*", "web-prod-01"));
        assert!(wildcard("*prod*", "web-prod-01"));
        assert!(wildcard("*-01", "web-prod-01"));
        assert!(wildcard("web-prod-01", "web-prod-01"));
        assert!(!wildcard("web-prod", "web-prod-01"));
        assert!(!wildcard("api-*", "web-prod-01"));
        assert!(wildcard("测试*", "测试机-1"));
        assert!(wildcard("*", ""));
        assert!(wildcard("a*b*c", "aXXbYYc"));
        assert!(!wildcard("a*b*c", "aXXbYY"));
    }
}
