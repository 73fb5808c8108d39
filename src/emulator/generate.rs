//! Builds the API objects of one region: networks, security groups, instances, disks.

use chrono::DateTime;
use serde_json::{Value, json};

use super::inventory::{Gen, InstanceRecord, SecurityGroupRecord};
use super::regions::RegionInfo;

mod disks;
mod instance;
mod network;

pub use disks::disks;

/// 2019-01-01T00:00Z: nothing in an emulated account is older.
const EPOCH: i64 = 1_546_300_800;
/// Creation times spread over about six and a half years after `EPOCH`.
const SPAN_MINUTES: u32 = 3_400_000;
/// What the API reports for pay-as-you-go instances.
const POSTPAID_EXPIRY: &str = "2099-12-31T15:59Z";

/// Enough to derive an instance's disks when DescribeDisks asks, instead of holding them.
#[derive(Debug, Clone, Copy)]
pub struct DiskPlan {
    seed: u64,
    data_disks: u8,
    image: u8,
    created_minute: u32,
    prepaid: bool,
}

impl DiskPlan {
    /// The system disk and the data disks.
    #[must_use]
    pub fn disk_count(&self) -> usize {
        1 + usize::from(self.data_disks)
    }
}

fn minute_time(minute: u32) -> String {
    DateTime::from_timestamp(EPOCH + i64::from(minute) * 60, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string())
        .unwrap_or_default()
}

fn second_time(minute: u32, second: u32) -> String {
    DateTime::from_timestamp(EPOCH + i64::from(minute) * 60 + i64::from(second % 60), 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A resource id as the region writes them: `i-bp1` + 17 characters in Hangzhou.
fn resource_id(g: &mut Gen, kind: &str, info: &RegionInfo) -> String {
    format!("{kind}-{}{}", info.id_prefix, g.id_chars(17))
}

/// The region object of DescribeRegions, in the language asked for.
#[must_use]
pub fn region_object(info: &RegionInfo, english: bool) -> Value {
    json!({
        "RegionId": info.region_id,
        "RegionEndpoint": info.endpoint,
        "LocalName": if english { &info.local_name_en } else { &info.local_name_zh },
    })
}

fn raw(value: &Value) -> Box<serde_json::value::RawValue> {
    serde_json::value::to_raw_value(value)
        .unwrap_or_else(|_| unreachable!("a JSON value always serialises"))
}

/// The region's instances and security groups, `count` instances in API order.
pub(crate) fn region(
    g: &mut Gen,
    info: &RegionInfo,
    count: usize,
) -> (Vec<InstanceRecord>, Vec<SecurityGroupRecord>) {
    let (mut vpcs, groups) = network::networks(g, info, count);
    let mut seen = std::collections::HashSet::with_capacity(count);
    let mut instances = Vec::with_capacity(count);
    for n in 0..count {
        let mut record = instance::instance(g, info, &mut vpcs, n);
        while !seen.insert(record.instance_id.clone()) {
            record = instance::instance(g, info, &mut vpcs, n);
        }
        instances.push(record);
    }
    (instances, groups)
}
