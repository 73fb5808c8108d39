//! The ECS actions the emulator answers: DescribeRegions, DescribeInstances, DescribeDisks,
//! DescribeSecurityGroups (STS AssumeRole lives in `sts`).

use std::fmt::Write as _;

use serde_json::json;

use super::auth::{Caller, Params};
use super::filter::{Filter, json_array};
use super::generate;
use super::inventory::{InstanceRecord, Inventory, RegionInventory};
use super::rejection::Rejection;
use super::server::State;
use super::sts;

pub const ECS_VERSION: &str = "2014-05-26";

/// Routes a verified request by (Version, Action).
///
/// # Errors
/// The action's rejection, or `InvalidVersion` / `InvalidAction.NotFound`.
pub fn dispatch(
    state: &State,
    caller: &Caller,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let action = params.require("Action")?;
    let version = params.require("Version")?;
    let inventory = &state.inventories[caller.account];
    match (version, action) {
        (ECS_VERSION, "DescribeRegions") => describe_regions(inventory, params, request_id),
        (ECS_VERSION, "DescribeInstances") => describe_instances(inventory, params, request_id),
        (ECS_VERSION, "DescribeDisks") => describe_disks(inventory, params, request_id),
        (ECS_VERSION, "DescribeSecurityGroups") => {
            describe_security_groups(inventory, params, request_id)
        }
        (sts::STS_VERSION, "AssumeRole") => sts::assume_role(state, caller, params, request_id),
        (ECS_VERSION | sts::STS_VERSION, _) => Err(Rejection::unknown_action()),
        _ => Err(Rejection::new(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        )),
    }
}

fn describe_regions(
    inventory: &Inventory,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let english = match params.get("AcceptLanguage").unwrap_or("zh-CN") {
        "zh-CN" | "" => false,
        "en-US" | "ja" | "zh-TW" | "fr" | "de" | "ko" => true,
        _ => {
            return Err(Rejection::new(
                404,
                "InvalidAcceptLanguage.NotFound",
                "The specified AcceptLanguage is not found.",
            ));
        }
    };
    if let Some(kind) = params.get("ResourceType")
        && !["instance", "disk", "reservedinstance", "scu", ""].contains(&kind)
    {
        return Err(Rejection::new(
            404,
            "InvalidResourceType.NotFound",
            "The specified ResourceType is not found.",
        ));
    }
    let regions: Vec<_> = inventory
        .regions()
        .iter()
        .map(|r| generate::region_object(&r.info, english))
        .collect();
    Ok(json!({"RequestId": request_id, "Regions": {"Region": regions}}).to_string())
}

/// The region a region-scoped call is about, if this identity may read it.
fn region<'a>(inventory: &'a Inventory, params: &Params) -> Result<&'a RegionInventory, Rejection> {
    let region_id = params.require("RegionId")?;
    let region = inventory
        .region(region_id)
        .ok_or_else(Rejection::unknown_region)?;
    if region.forbidden {
        return Err(Rejection::forbidden_ram());
    }
    Ok(region)
}

fn number(params: &Params, name: &str, default: u64) -> Result<u64, Rejection> {
    match params.get(name).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| Rejection::invalid(name)),
    }
}

fn describe_instances(
    inventory: &Inventory,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let region = region(inventory, params)?;
    let filter = Filter::parse(params)?;
    if params
        .get("DryRun")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Err(Rejection::dry_run_ok());
    }
    let matching: Vec<&InstanceRecord> = region
        .instances
        .iter()
        .filter(|i| filter.matches(i))
        .collect();
    let total = matching.len();
    let token = params.get("NextToken").filter(|t| !t.is_empty());
    let mut body = String::with_capacity(256);
    let page: &[&InstanceRecord] = if token.is_some() || params.get("MaxResults").is_some() {
        // MaxResults: fewer than 10 (or none) means 10, more than 100 means 100.
        let size = usize::try_from(number(params, "MaxResults", 10)?.clamp(10, 100)).unwrap_or(100);
        let key = filter.token_key(&region.info.region_id);
        let start = match token {
            None => 0,
            Some(t) => parse_token(t, key)
                .filter(|&s| s <= total)
                .ok_or_else(|| Rejection::invalid("NextToken"))?,
        };
        let end = (start + size).min(total);
        let next = if end < total {
            format!("{key:016x}{end:016x}")
        } else {
            String::new()
        };
        let _ = write!(
            body,
            r#"{{"RequestId":"{request_id}","TotalCount":{total},"MaxResults":{size},"NextToken":"{next}","#
        );
        &matching[start..end]
    } else {
        let (page_number, size) = page(params, 10, 100)?;
        let (start, end) = window(page_number, size, total);
        let _ = write!(
            body,
            r#"{{"RequestId":"{request_id}","TotalCount":{total},"PageNumber":{page_number},"PageSize":{size},"#
        );
        &matching[start..end]
    };
    body.reserve(page.iter().map(|i| i.json.get().len() + 1).sum::<usize>() + 32);
    body.push_str(r#""Instances":{"Instance":["#);
    for (n, instance) in page.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push_str(instance.json.get());
    }
    body.push_str("]}}");
    Ok(body)
}

fn parse_token(token: &str, key: u64) -> Option<usize> {
    if token.len() != 32 || !token.is_ascii() {
        return None;
    }
    let (k, offset) = token.split_at(16);
    (u64::from_str_radix(k, 16).ok()? == key)
        .then(|| usize::from_str_radix(offset, 16).ok())
        .flatten()
}

/// `(PageNumber, PageSize)` with the action's default and cap.
fn page(params: &Params, default: u64, cap: u64) -> Result<(u64, u64), Rejection> {
    let page_number = number(params, "PageNumber", 1)?;
    if page_number == 0 {
        return Err(Rejection::invalid("PageNumber"));
    }
    let size = match number(params, "PageSize", default)? {
        0 => default,
        s => s.min(cap),
    };
    Ok((page_number, size))
}

fn window(page_number: u64, size: u64, total: usize) -> (usize, usize) {
    let start = usize::try_from((page_number - 1).saturating_mul(size))
        .unwrap_or(usize::MAX)
        .min(total);
    let end = start
        .saturating_add(usize::try_from(size).unwrap_or(usize::MAX))
        .min(total);
    (start, end)
}

fn describe_disks(
    inventory: &Inventory,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let region = region(inventory, params)?;
    let (page_number, size) = page(params, 10, 100)?;
    let instances: Vec<&InstanceRecord> = match params.get("InstanceId").filter(|i| !i.is_empty()) {
        Some(id) => region.instance(id).into_iter().collect(),
        None => region.instances.iter().collect(),
    };
    let total: usize = instances.iter().map(|i| i.disk_plan.disk_count()).sum();
    let (start, end) = window(page_number, size, total);
    let disks: Vec<_> = instances
        .iter()
        .flat_map(|i| generate::disks(i, &region.info))
        .skip(start)
        .take(end - start)
        .collect();
    Ok(json!({
        "RequestId": request_id, "TotalCount": total, "PageNumber": page_number, "PageSize": size,
        "Disks": {"Disk": disks},
    })
    .to_string())
}

fn describe_security_groups(
    inventory: &Inventory,
    params: &Params,
    request_id: &str,
) -> Result<String, Rejection> {
    let region = region(inventory, params)?;
    let (page_number, size) = page(params, 10, 50)?;
    let ids = json_array(params, "SecurityGroupIds")?;
    let single = params.get("SecurityGroupId").filter(|s| !s.is_empty());
    let vpc = params.get("VpcId").filter(|s| !s.is_empty());
    let matching: Vec<_> = region
        .security_groups
        .iter()
        .filter(|g| {
            ids.as_ref()
                .is_none_or(|ids| ids.contains(&g.security_group_id))
        })
        .filter(|g| single.is_none_or(|s| s == g.security_group_id))
        .filter(|g| vpc.is_none_or(|v| v == g.vpc_id))
        .collect();
    let (start, end) = window(page_number, size, matching.len());
    let mut body = format!(
        r#"{{"RequestId":"{request_id}","RegionId":"{}","TotalCount":{},"PageNumber":{page_number},"PageSize":{size},"SecurityGroups":{{"SecurityGroup":["#,
        region.info.region_id,
        matching.len()
    );
    for (n, group) in matching[start..end].iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push_str(group.json.get());
    }
    body.push_str("]}}");
    Ok(body)
}
