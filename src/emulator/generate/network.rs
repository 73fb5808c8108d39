//! A region's networks: zones, VPCs, vSwitches with their address ranges, security groups.

use serde_json::json;

use super::super::catalog::SECURITY_GROUP_NAMES;
use super::super::inventory::{Gen, SecurityGroupRecord};
use super::super::regions::RegionInfo;
use super::{SPAN_MINUTES, raw, resource_id, second_time};

pub struct VSwitch {
    pub id: String,
    pub zone_id: String,
    pub octets: [u32; 3],
    pub next_host: u32,
}

pub struct Vpc {
    pub id: String,
    pub vswitches: Vec<VSwitch>,
    pub security_groups: Vec<String>,
}

pub fn networks(
    g: &mut Gen,
    info: &RegionInfo,
    instances: usize,
) -> (Vec<Vpc>, Vec<SecurityGroupRecord>) {
    const LETTERS: &[u8] = b"abcdefghijkl";
    let zone_count = 2 + g.below(3);
    let first = g.below(LETTERS.len() - zone_count);
    let zones: Vec<String> = LETTERS[first..first + zone_count]
        .iter()
        .map(|l| format!("{}-{}", info.region_id, char::from(*l)))
        .collect();
    let vpc_count = (1 + instances / 150).min(4);
    let mut vpcs = Vec::with_capacity(vpc_count);
    let mut groups = Vec::new();
    for v in 0..vpc_count {
        let vpc_id = resource_id(g, "vpc", info);
        let vswitches = zones
            .iter()
            .enumerate()
            .map(|(z, zone)| {
                let z = u32::try_from(z).unwrap_or(0);
                let octets = match v % 3 {
                    0 => [172, 16 + z, g.range(0, 120)],
                    1 => [192, 168, z * 32 + g.range(0, 8)],
                    _ => [10, z + 1, g.range(0, 120)],
                };
                VSwitch {
                    id: resource_id(g, "vsw", info),
                    zone_id: zone.clone(),
                    octets,
                    next_host: g.range(0, 40),
                }
            })
            .collect();
        let mut security_groups = Vec::new();
        for _ in 0..1 + g.below(3) {
            let id = resource_id(g, "sg", info);
            let name = *g.pick(SECURITY_GROUP_NAMES);
            let created = g.range(0, SPAN_MINUTES / 2);
            let object = json!({
                "SecurityGroupId": id,
                "SecurityGroupName": name,
                "Description": if name == "default" { "System created security group." } else { "" },
                "VpcId": vpc_id,
                "SecurityGroupType": "normal",
                "CreationTime": second_time(created, g.range(0, 59)),
                "ResourceGroupId": "",
                "ServiceManaged": false,
                "Tags": {"Tag": []},
            });
            groups.push(SecurityGroupRecord {
                security_group_id: id.clone(),
                vpc_id: vpc_id.clone(),
                json: raw(&object),
            });
            security_groups.push(id);
        }
        vpcs.push(Vpc {
            id: vpc_id,
            vswitches,
            security_groups,
        });
    }
    (vpcs, groups)
}
