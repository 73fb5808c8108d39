//! Builds the API objects of one region: networks, security groups, instances, disks.

use chrono::DateTime;
use serde_json::{Map, Value, json};

use super::catalog::{
    DISK_CATEGORIES, ENVS, IMAGES, INSTANCE_TYPES, KEY_PAIRS, ODD_NAMES, ROLES,
    SECURITY_GROUP_NAMES, STATUSES, TEAMS,
};
use super::inventory::{Gen, InstanceRecord, SecurityGroupRecord};
use super::regions::RegionInfo;

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

struct VSwitch {
    id: String,
    zone_id: String,
    octets: [u32; 3],
    next_host: u32,
}

struct Vpc {
    id: String,
    vswitches: Vec<VSwitch>,
    security_groups: Vec<String>,
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

fn networks(
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
    let (mut vpcs, groups) = networks(g, info, count);
    let mut seen = std::collections::HashSet::with_capacity(count);
    let mut instances = Vec::with_capacity(count);
    for n in 0..count {
        let mut record = instance(g, info, &mut vpcs, n);
        while !seen.insert(record.instance_id.clone()) {
            record = instance(g, info, &mut vpcs, n);
        }
        instances.push(record);
    }
    (instances, groups)
}

fn pick_status(g: &mut Gen) -> &'static str {
    let total: u32 = STATUSES.iter().map(|(_, w)| w).sum();
    let mut roll = g.range(0, total - 1);
    for (status, weight) in STATUSES {
        if roll < *weight {
            return status;
        }
        roll -= weight;
    }
    "Running"
}

fn ip_list(ips: &[String]) -> Value {
    json!({ "IpAddress": ips })
}

#[allow(clippy::too_many_lines)] // one object, written in the API's field order
fn instance(g: &mut Gen, info: &RegionInfo, vpcs: &mut [Vpc], n: usize) -> InstanceRecord {
    let instance_id = resource_id(g, "i", info);
    let suffix = &instance_id[2..];
    let (itype, family, cpu, memory, gpus, gpu_spec) = *g.pick(INSTANCE_TYPES);
    let image = g.below(IMAGES.len());
    let (os_name, os_name_en, os_type, image_id) = IMAGES[image];
    let role = *g.pick(ROLES);
    let env = *g.pick(ENVS);
    let name = if g.chance(0.08) {
        format!("{}-{}", g.pick(ODD_NAMES), 1 + n % 9)
    } else {
        format!("{role}-{env}-{:02}", 1 + n % 40)
    };
    let host_name = if g.chance(0.5) {
        format!("iZ{suffix}Z")
    } else {
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            + "-host"
    };
    let status = pick_status(g);
    let vpc_index = g.below(vpcs.len());
    let vpc = &mut vpcs[vpc_index];
    let vsw_index = g.below(vpc.vswitches.len());
    let vsw = &mut vpc.vswitches[vsw_index];
    let host = vsw.next_host;
    vsw.next_host += 1 + g.range(0, 3);
    let private_ip = format!(
        "{}.{}.{}.{}",
        vsw.octets[0],
        vsw.octets[1],
        (vsw.octets[2] + host / 250) % 256,
        host % 250 + 3
    );
    let (vpc_id, vswitch_id, zone_id) = (vpc.id.clone(), vsw.id.clone(), vsw.zone_id.clone());
    let sg_count = 1 + usize::from(vpc.security_groups.len() > 1 && g.chance(0.3));
    let security_group_ids: Vec<String> = vpc.security_groups[..sg_count].to_vec();

    let public_octets = *g.pick(&[
        [47, 96],
        [47, 98],
        [39, 104],
        [120, 27],
        [8, 136],
        [121, 41],
    ]);
    let public_ip = |g: &mut Gen| {
        format!(
            "{}.{}.{}.{}",
            public_octets[0],
            public_octets[1],
            g.range(0, 255),
            g.range(1, 254)
        )
    };
    let network = g.below(100);
    let public_ips: Vec<String> = if network < 40 {
        vec![public_ip(g)]
    } else {
        Vec::new()
    };
    let eip = if (40..55).contains(&network) {
        json!({"AllocationId": resource_id(g, "eip", info), "IpAddress": public_ip(g),
               "InternetChargeType": "PayByTraffic", "Bandwidth": 5 * g.range(1, 20),
               "IsSupportUnassociate": true})
    } else {
        json!({"AllocationId": "", "IpAddress": "", "InternetChargeType": ""})
    };
    let bandwidth_out = if network < 40 {
        *g.pick(&[1, 5, 10, 50, 100])
    } else {
        0
    };

    let created = g.range(0, SPAN_MINUTES);
    let started = created + g.range(1, 200_000).min(SPAN_MINUTES - created + 1);
    let prepaid = g.chance(0.3);
    let spot = !prepaid && g.chance(0.08);
    let expired = if prepaid {
        let days = 30 * i64::from(*g.pick(&[1, 3, 6, 12, 24, 36]));
        DateTime::from_timestamp(EPOCH + i64::from(created) * 60 + days * 86_400, 0)
            .map(|t| t.format("%Y-%m-%dT16:00Z").to_string())
            .unwrap_or_default()
    } else {
        POSTPAID_EXPIRY.to_owned()
    };
    let locked = status == "Stopped" && prepaid && g.chance(0.3);

    let mut tags = Vec::new();
    if g.chance(0.85) {
        tags.push(("env".to_owned(), env.to_owned()));
        tags.push(("team".to_owned(), (*g.pick(TEAMS)).to_owned()));
        tags.push(("app".to_owned(), role.to_owned()));
        if g.chance(0.1) {
            tags.push((
                "acs:autoscaling:scalingGroupId".to_owned(),
                format!("asg-{}{}", info.id_prefix, g.id_chars(17)),
            ));
        }
    }
    let data_disks = u8::try_from(g.below(3)).unwrap_or(0);
    let disk_plan = DiskPlan {
        seed: g.u64(),
        data_disks,
        image: u8::try_from(image).unwrap_or(0),
        created_minute: created,
        prepaid,
    };

    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_owned(), v);
    };
    put("InstanceId", json!(instance_id));
    put("InstanceName", json!(name));
    put("HostName", json!(host_name));
    put(
        "Description",
        json!(if g.chance(0.2) {
            "managed by terraform"
        } else {
            ""
        }),
    );
    put("Status", json!(status));
    put("InstanceType", json!(itype));
    put("InstanceTypeFamily", json!(family));
    put("Cpu", json!(cpu));
    put("Memory", json!(memory));
    put(
        "CpuOptions",
        json!({"CoreCount": (cpu / 2).max(1), "ThreadsPerCore": if cpu > 1 { 2 } else { 1 }, "Numa": ""}),
    );
    put("GPUAmount", json!(gpus));
    put("GPUSpec", json!(gpu_spec));
    put("RegionId", json!(info.region_id));
    put("ZoneId", json!(zone_id));
    put("OSName", json!(os_name));
    put("OSNameEn", json!(os_name_en));
    put("OSType", json!(os_type));
    put("ImageId", json!(image_id));
    put(
        "KeyPairName",
        json!(if os_type == "linux" {
            *g.pick(KEY_PAIRS)
        } else {
            ""
        }),
    );
    put("InstanceNetworkType", json!("vpc"));
    put("PublicIpAddress", ip_list(&public_ips));
    put("InnerIpAddress", ip_list(&[]));
    put("EipAddress", eip);
    put(
        "VpcAttributes",
        json!({"VpcId": vpc_id, "VSwitchId": vswitch_id, "NatIpAddress": "",
        "PrivateIpAddress": {"IpAddress": [private_ip]}}),
    );
    put(
        "NetworkInterfaces",
        json!({"NetworkInterface": [{
        "NetworkInterfaceId": resource_id(g, "eni", info), "Type": "Primary",
        "MacAddress": format!("00:16:3e:{:02x}:{:02x}:{:02x}", g.range(0, 255), g.range(0, 255), g.range(0, 255)),
        "PrimaryIpAddress": private_ip,
        "PrivateIpSets": {"PrivateIpSet": [{"PrivateIpAddress": private_ip, "Primary": true}]}}]}),
    );
    put(
        "SecurityGroupIds",
        json!({"SecurityGroupId": security_group_ids}),
    );
    if !tags.is_empty() {
        let list: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({"TagKey": k, "TagValue": v}))
            .collect();
        put("Tags", json!({"Tag": list}));
    }
    put(
        "InstanceChargeType",
        json!(if prepaid { "PrePaid" } else { "PostPaid" }),
    );
    put(
        "InternetChargeType",
        json!(if network < 40 && g.chance(0.3) {
            "PayByBandwidth"
        } else {
            "PayByTraffic"
        }),
    );
    put("InternetMaxBandwidthOut", json!(bandwidth_out));
    put(
        "InternetMaxBandwidthIn",
        json!(if network < 40 { 100 } else { 0 }),
    );
    put(
        "SpotStrategy",
        json!(if spot { "SpotAsPriceGo" } else { "NoSpot" }),
    );
    put("SpotPriceLimit", json!(0.0));
    put(
        "StoppedMode",
        json!(match (status, spot) {
            ("Stopped", true) => "StopCharging",
            ("Stopped", false) => "KeepCharging",
            _ => "Not-applicable",
        }),
    );
    put("SaleCycle", json!(""));
    put("DeletionProtection", json!(env == "prod" && g.chance(0.5)));
    put("CreationTime", json!(minute_time(created)));
    put("StartTime", json!(minute_time(started)));
    put("ExpiredTime", json!(expired));
    put("AutoReleaseTime", json!(""));
    put(
        "OperationLocks",
        json!({"LockReason": if locked { vec![json!({"LockReason": "financial", "LockMsg": ""})] } else { Vec::new() }}),
    );
    put(
        "ResourceGroupId",
        json!(format!("rg-acfm{}", g.id_chars(11))),
    );
    put(
        "SerialNumber",
        json!(uuid::Uuid::from_u64_pair(g.u64(), g.u64()).to_string()),
    );
    put("DeploymentSetId", json!(""));
    put(
        "MetadataOptions",
        json!({"HttpEndpoint": "enabled", "HttpTokens": if g.chance(0.4) { "required" } else { "optional" }}),
    );
    put("IoOptimized", json!(true));
    put("DeviceAvailable", json!(true));
    put("Recyclable", json!(false));
    put(
        "CreditSpecification",
        json!(if family == "ecs.t6" { "Standard" } else { "" }),
    );
    put("VlanId", json!(""));
    put("ClusterId", json!(""));
    InstanceRecord {
        instance_id,
        instance_name: name,
        status,
        zone_id,
        vpc_id,
        vswitch_id,
        instance_type: itype,
        instance_charge_type: if prepaid { "PrePaid" } else { "PostPaid" },
        security_group_ids,
        tags,
        disk_plan,
        json: raw(&Value::Object(o)),
    }
}

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
