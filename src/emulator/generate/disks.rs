//! The disks of an instance, derived on demand from its plan.

use serde_json::{Value, json};

use super::super::catalog::{DISK_CATEGORIES, IMAGES};
use super::super::inventory::{Gen, InstanceRecord};
use super::super::regions::RegionInfo;
use super::{resource_id, second_time};

/// The disks of an instance, derived from its plan (always the same for one inventory).
#[must_use]
pub fn disks(record: &InstanceRecord, info: &RegionInfo) -> Vec<Value> {
    let plan = record.disk_plan;
    let mut g = Gen::new(plan.seed);
    let (_, _, os_type, image_id) = IMAGES[usize::from(plan.image)];
    let charge = if plan.prepaid { "PrePaid" } else { "PostPaid" };
    (0..=plan.data_disks)
        .map(|k| {
            let system = k == 0;
            let (category, level) = *g.pick(DISK_CATEGORIES);
            let size = if system {
                if os_type == "windows" {
                    60
                } else {
                    *g.pick(&[20, 40, 40, 80, 100])
                }
            } else {
                *g.pick(&[20, 40, 100, 200, 500, 1024, 2048])
            };
            let created = second_time(plan.created_minute, g.range(0, 59));
            json!({
                "DiskId": resource_id(&mut g, "d", info),
                "DiskName": if system { String::new() } else { format!("data-{k}") },
                "Description": "",
                "Type": if system { "system" } else { "data" },
                "Category": category,
                "PerformanceLevel": level,
                "Size": size,
                "IOPS": if category == "cloud_essd" { 1800 + 50 * size } else { 0 },
                "Device": format!("/dev/xvd{}", char::from(b'a' + k)),
                "InstanceId": record.instance_id,
                "RegionId": info.region_id,
                "ZoneId": record.zone_id,
                "Status": "In_use",
                "Encrypted": !system && g.chance(0.3),
                "KMSKeyId": "",
                "DeleteWithInstance": system || g.chance(0.7),
                "DeleteAutoSnapshot": true,
                "EnableAutoSnapshot": g.chance(0.5),
                "Portable": !system,
                "ImageId": if system { image_id } else { "" },
                "SourceSnapshotId": "",
                "SerialNumber": format!("{}{}", info.id_prefix, g.id_chars(17)),
                "DiskChargeType": charge,
                "CreationTime": created,
                "AttachedTime": created,
                "ExpiredTime": "2999-09-08T16:00Z",
                "ResourceGroupId": "",
                "Tags": {"Tag": []},
            })
        })
        .collect()
}
