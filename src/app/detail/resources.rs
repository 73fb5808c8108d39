//! What the describe view reads from API objects: disks, security groups, and the instance
//! fields the table does not need (read from the raw object, leniently).

use serde_json::Value;
use serde_json::value::RawValue;

/// One disk from DescribeDisks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Disk {
    pub disk_id: String,
    pub name: String,
    /// `system` or `data`.
    pub kind: String,
    pub category: String,
    pub performance_level: String,
    pub size_gib: u64,
    pub device: String,
    pub encrypted: bool,
    pub delete_with_instance: bool,
}

impl Disk {
    #[must_use]
    pub fn from_raw(raw: &RawValue) -> Disk {
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        Disk {
            disk_id: text(&v, "DiskId"),
            name: text(&v, "DiskName"),
            kind: text(&v, "Type"),
            category: text(&v, "Category"),
            performance_level: text(&v, "PerformanceLevel"),
            size_gib: number(&v, "Size"),
            device: text(&v, "Device"),
            encrypted: flag(&v, "Encrypted"),
            delete_with_instance: flag(&v, "DeleteWithInstance"),
        }
    }
}

/// One security group from DescribeSecurityGroups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
}

impl SecurityGroup {
    #[must_use]
    pub fn from_raw(raw: &RawValue) -> SecurityGroup {
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        SecurityGroup {
            id: text(&v, "SecurityGroupId"),
            name: text(&v, "SecurityGroupName"),
            description: text(&v, "Description"),
        }
    }
}

/// Instance fields only the describe view shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extra {
    pub type_family: String,
    pub network_type: String,
    pub bandwidth_out: u64,
    pub spot_strategy: String,
    pub spot_price_limit: String,
    pub stopped_mode: String,
    pub start_time: String,
    pub key_pair: String,
    pub os_name_en: String,
    pub resource_group: String,
    pub locks: Vec<String>,
    pub gpu: String,
}

impl Extra {
    #[must_use]
    pub fn from_raw(raw: &RawValue) -> Extra {
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let locks = v
            .pointer("/OperationLocks/LockReason")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|l| match l {
                        Value::String(s) => s.clone(),
                        other => text(other, "LockReason"),
                    })
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let gpus = number(&v, "GPUAmount");
        let gpu = if gpus > 0 {
            format!("{gpus} × {}", text(&v, "GPUSpec"))
        } else {
            String::new()
        };
        Extra {
            type_family: text(&v, "InstanceTypeFamily"),
            network_type: text(&v, "InstanceNetworkType"),
            bandwidth_out: number(&v, "InternetMaxBandwidthOut"),
            spot_strategy: text(&v, "SpotStrategy"),
            spot_price_limit: text(&v, "SpotPriceLimit"),
            stopped_mode: text(&v, "StoppedMode"),
            start_time: text(&v, "StartTime"),
            key_pair: text(&v, "KeyPairName"),
            os_name_en: text(&v, "OSNameEn"),
            resource_group: text(&v, "ResourceGroupId"),
            locks,
            gpu,
        }
    }
}

/// A field as text, whatever JSON type it came as; empty when absent.
fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn number(v: &Value, key: &str) -> u64 {
    match v.get(key) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

fn flag(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("json")
    }

    #[test]
    fn disks_and_groups_leniently() {
        let d = Disk::from_raw(&raw(
            r#"{"DiskId":"d-1","Type":"system","Category":"cloud_essd","PerformanceLevel":"PL1",
                "Size":"40","Device":"/dev/xvda","Encrypted":"true","DeleteWithInstance":true}"#,
        ));
        assert_eq!(d.size_gib, 40);
        assert!(d.encrypted && d.delete_with_instance);
        assert_eq!(d.category, "cloud_essd");
        let g = SecurityGroup::from_raw(&raw(
            r#"{"SecurityGroupId":"sg-1","SecurityGroupName":"web","Description":"http"}"#,
        ));
        assert_eq!((g.id.as_str(), g.name.as_str()), ("sg-1", "web"));
        assert_eq!(Disk::from_raw(&raw("[]")), Disk::default());
    }

    #[test]
    fn extra_instance_fields() {
        let e = Extra::from_raw(&raw(
            r#"{"SpotStrategy":"SpotAsPriceGo","InternetMaxBandwidthOut":5,"GPUAmount":1,"GPUSpec":"NVIDIA T4",
                "OperationLocks":{"LockReason":[{"LockReason":"financial"}]}}"#,
        ));
        assert_eq!(e.spot_strategy, "SpotAsPriceGo");
        assert_eq!(e.bandwidth_out, 5);
        assert_eq!(e.locks, ["financial"]);
        assert_eq!(e.gpu, "1 × NVIDIA T4");
    }
}
