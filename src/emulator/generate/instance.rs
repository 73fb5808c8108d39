//! One instance's API object, in the API's field order, with realistic values.

use chrono::DateTime;
use serde_json::{Map, Value, json};

use super::super::catalog::{
    ENVS, IMAGES, INSTANCE_TYPES, KEY_PAIRS, ODD_NAMES, ROLES, STATUSES, TEAMS,
};
use super::super::inventory::{Gen, InstanceRecord};
use super::super::regions::RegionInfo;
use super::network::Vpc;
use super::{DiskPlan, EPOCH, POSTPAID_EXPIRY, SPAN_MINUTES, minute_time, raw, resource_id};

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
pub fn instance(g: &mut Gen, info: &RegionInfo, vpcs: &mut [Vpc], n: usize) -> InstanceRecord {
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
