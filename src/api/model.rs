//! `Region` and `Instance`: typed fields for the UI, beside the raw JSON object the API sent.
//!
//! The raw object is kept as text (`RawValue`), not as a `Value` tree: it is several times
//! smaller, and `--output json` can print it back byte for byte.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

mod lenient;
use lenient::{lenient_bool, lenient_string, lenient_strings, lenient_struct, lenient_u64};

/// One region from DescribeRegions.
#[derive(Debug, Clone)]
pub struct Region {
    pub region_id: String,
    pub local_name: String,
    /// The API host for this region, e.g. `ecs.cn-qingdao.aliyuncs.com`; may be empty.
    pub region_endpoint: String,
    pub raw: Box<RawValue>,
}

impl PartialEq for Region {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl Region {
    /// # Errors
    /// When the object is not JSON or its fields have impossible types.
    pub fn from_raw(raw: Box<RawValue>) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Fields {
            #[serde(default, deserialize_with = "lenient_string")]
            region_id: String,
            #[serde(default, deserialize_with = "lenient_string")]
            local_name: String,
            #[serde(default, deserialize_with = "lenient_string")]
            region_endpoint: String,
        }
        require_object(&raw)?;
        let f: Fields = serde_json::from_str(raw.get())?;
        Ok(Region {
            region_id: f.region_id,
            local_name: f.local_name,
            region_endpoint: f.region_endpoint,
            raw,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// One instance from DescribeInstances. Fields the API left out or sent empty are empty here.
#[derive(Debug, Clone)]
pub struct Instance {
    pub instance_id: String,
    pub instance_name: String,
    pub host_name: String,
    pub description: String,
    pub status: String,
    pub instance_type: String,
    pub cpu: u32,
    /// As the API sends it: MiB.
    pub memory_mib: u64,
    pub region_id: String,
    pub zone_id: String,
    pub vpc_id: String,
    pub vswitch_id: String,
    pub private_ips: Vec<String>,
    pub public_ips: Vec<String>,
    /// The elastic IP bound to the instance, if any.
    pub eip: Option<String>,
    pub security_group_ids: Vec<String>,
    pub tags: Vec<Tag>,
    pub instance_charge_type: String,
    pub internet_charge_type: String,
    pub creation_time: Option<DateTime<Utc>>,
    pub expired_time: Option<DateTime<Utc>>,
    pub auto_release_time: Option<DateTime<Utc>>,
    pub os_name: String,
    pub os_type: String,
    pub image_id: String,
    pub deletion_protection: bool,
    pub raw: Box<RawValue>,
}

impl PartialEq for Instance {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl Instance {
    /// # Errors
    /// When the object is not JSON or its fields have impossible types.
    pub fn from_raw(raw: Box<RawValue>) -> Result<Self, serde_json::Error> {
        require_object(&raw)?;
        let f: InstanceFields = serde_json::from_str(raw.get())?;
        let eip = Some(f.eip_address.ip_address).filter(|ip| !ip.is_empty());
        // Classic-network instances keep their private address in InnerIpAddress.
        let mut private_ips = f.vpc_attributes.private_ip_address.ip_address;
        if private_ips.is_empty() {
            private_ips = f.inner_ip_address.ip_address;
        }
        Ok(Instance {
            instance_id: f.instance_id,
            instance_name: f.instance_name,
            host_name: f.host_name,
            description: f.description,
            status: f.status,
            instance_type: f.instance_type,
            cpu: u32::try_from(f.cpu).unwrap_or(u32::MAX),
            memory_mib: f.memory,
            region_id: f.region_id,
            zone_id: f.zone_id,
            vpc_id: f.vpc_attributes.vpc_id,
            vswitch_id: f.vpc_attributes.vswitch_id,
            private_ips,
            public_ips: f.public_ip_address.ip_address,
            eip,
            security_group_ids: f.security_group_ids.security_group_id,
            tags: f
                .tags
                .tag
                .into_iter()
                .map(|t| Tag {
                    key: t.tag_key,
                    value: t.tag_value,
                })
                .collect(),
            instance_charge_type: f.instance_charge_type,
            internet_charge_type: f.internet_charge_type,
            creation_time: parse_api_time(&f.creation_time),
            expired_time: parse_api_time(&f.expired_time),
            auto_release_time: parse_api_time(&f.auto_release_time),
            os_name: f.os_name,
            os_type: f.os_type,
            image_id: f.image_id,
            deletion_protection: f.deletion_protection,
            raw,
        })
    }

    /// Memory in GiB, as the table shows it.
    #[must_use]
    pub fn memory_gib(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let mib = self.memory_mib as f64;
        mib / 1024.0
    }

    /// The address to reach the instance from outside: an EIP first, else a public IP.
    #[must_use]
    pub fn public_address(&self) -> Option<&str> {
        self.eip
            .as_deref()
            .or_else(|| self.public_ips.first().map(String::as_str))
    }

    #[must_use]
    pub fn private_address(&self) -> Option<&str> {
        self.private_ips.first().map(String::as_str)
    }

    #[must_use]
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.value.as_str())
    }

    /// Pay-as-you-go instances carry a far-future `ExpiredTime` (2099-12-31) that means "never".
    #[must_use]
    pub fn expires(&self) -> Option<DateTime<Utc>> {
        if self.instance_charge_type == "PrePaid" {
            self.expired_time
        } else {
            None
        }
    }
}

/// serde reads a struct from an array too, field by field in order: an element that is not
/// an object would become a made-up row (found by the property tests).
fn require_object(raw: &RawValue) -> Result<(), serde_json::Error> {
    if raw.get().trim_start().starts_with('{') {
        Ok(())
    } else {
        Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Other("a value that is not an object"),
            &"a JSON object",
        ))
    }
}

/// Parses the API's times, which come with minute (`2017-12-10T04:04Z`) or second precision.
#[must_use]
pub fn parse_api_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = text.strip_suffix('Z').unwrap_or(text);
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|fmt| NaiveDateTime::parse_from_str(naive, fmt).ok())
    .map(|n| n.and_utc())
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct InstanceFields {
    #[serde(deserialize_with = "lenient_string")]
    instance_id: String,
    #[serde(deserialize_with = "lenient_string")]
    instance_name: String,
    #[serde(deserialize_with = "lenient_string")]
    host_name: String,
    #[serde(deserialize_with = "lenient_string")]
    description: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
    #[serde(deserialize_with = "lenient_string")]
    instance_type: String,
    #[serde(deserialize_with = "lenient_u64")]
    cpu: u64,
    #[serde(deserialize_with = "lenient_u64")]
    memory: u64,
    #[serde(deserialize_with = "lenient_string")]
    region_id: String,
    #[serde(deserialize_with = "lenient_string")]
    zone_id: String,
    #[serde(deserialize_with = "lenient_struct")]
    vpc_attributes: VpcAttributes,
    #[serde(deserialize_with = "lenient_struct")]
    public_ip_address: IpList,
    #[serde(deserialize_with = "lenient_struct")]
    inner_ip_address: IpList,
    #[serde(deserialize_with = "lenient_struct")]
    eip_address: EipAddress,
    #[serde(deserialize_with = "lenient_struct")]
    security_group_ids: SecurityGroupIds,
    #[serde(deserialize_with = "lenient_struct")]
    tags: Tags,
    #[serde(deserialize_with = "lenient_string")]
    instance_charge_type: String,
    #[serde(deserialize_with = "lenient_string")]
    internet_charge_type: String,
    #[serde(deserialize_with = "lenient_string")]
    creation_time: String,
    #[serde(deserialize_with = "lenient_string")]
    expired_time: String,
    #[serde(deserialize_with = "lenient_string")]
    auto_release_time: String,
    #[serde(rename = "OSName", deserialize_with = "lenient_string")]
    os_name: String,
    #[serde(rename = "OSType", deserialize_with = "lenient_string")]
    os_type: String,
    #[serde(deserialize_with = "lenient_string")]
    image_id: String,
    #[serde(deserialize_with = "lenient_bool")]
    deletion_protection: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct VpcAttributes {
    #[serde(deserialize_with = "lenient_string")]
    vpc_id: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient_string")]
    vswitch_id: String,
    #[serde(deserialize_with = "lenient_struct")]
    private_ip_address: IpList,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct IpList {
    #[serde(deserialize_with = "lenient_strings")]
    ip_address: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct EipAddress {
    #[serde(deserialize_with = "lenient_string")]
    ip_address: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct SecurityGroupIds {
    #[serde(deserialize_with = "lenient_strings")]
    security_group_id: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct Tags {
    #[serde(deserialize_with = "lenient_vec")]
    tag: Vec<TagFields>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct TagFields {
    #[serde(deserialize_with = "lenient_string")]
    tag_key: String,
    #[serde(deserialize_with = "lenient_string")]
    tag_value: String,
}

fn lenient_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Maybe<T> {
        List(Vec<Maybe<T>>),
        Value(T),
        Other(serde::de::IgnoredAny),
    }
    fn flatten<T>(m: Maybe<T>, out: &mut Vec<T>) {
        match m {
            Maybe::List(items) => items.into_iter().for_each(|i| flatten(i, out)),
            Maybe::Value(v) => out.push(v),
            Maybe::Other(_) => {}
        }
    }
    let mut out = Vec::new();
    flatten(Maybe::<T>::deserialize(d)?, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_owned()).expect("valid JSON")
    }

    const DOC_SAMPLE: &str = r#"{"InstanceId":"i-bp1j4i2jdf3owlhe****","InstanceName":"ECS-asg-MyFirstScalingGroup",
  "HostName":"iZbp1j4i2jdf3owlheb****","Status":"Running","InstanceType":"ecs.mn4.large","Cpu":2,"Memory":8192,
  "RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-f","OSName":"CentOS  7.6 64位","OSType":"linux",
  "ImageId":"centos_7_06_64_20G_alibase_20190711.vhd","InstanceNetworkType":"classic",
  "PublicIpAddress":{"IpAddress":["121.40.1.2"]},"InnerIpAddress":{"IpAddress":["10.80.1.2"]},
  "EipAddress":{"IpAddress":"","AllocationId":"","InternetChargeType":""},
  "VpcAttributes":{"NatIpAddress":"","PrivateIpAddress":{"IpAddress":[]},"VSwitchId":"","VpcId":""},
  "SecurityGroupIds":{"SecurityGroupId":["sg-bp17zljqpohu6j2i****"]},
  "Tags":{"Tag":[{"TagValue":"asg-bp1d8uuut40f4qc4****","TagKey":"acs:autoscaling:scalingGroupId"},{"TagValue":"ESS","TagKey":"ESS"}]},
  "CreationTime":"2019-11-11T08:35Z","StartTime":"2019-11-11T08:35Z","ExpiredTime":"2099-12-31T15:59Z","AutoReleaseTime":"",
  "InstanceChargeType":"PostPaid","InternetChargeType":"PayByTraffic","InternetMaxBandwidthOut":1,"InternetMaxBandwidthIn":50,
  "OperationLocks":{"LockReason":[]},"StoppedMode":"Not-applicable","SpotStrategy":"NoSpot","DeletionProtection":false}"#;

    #[test]
    fn parses_the_documentation_sample() {
        let i = Instance::from_raw(raw(DOC_SAMPLE)).expect("parses");
        assert_eq!(i.instance_id, "i-bp1j4i2jdf3owlhe****");
        assert_eq!((i.cpu, i.memory_mib), (2, 8192));
        assert!((i.memory_gib() - 8.0).abs() < f64::EPSILON);
        assert_eq!(
            i.private_ips,
            ["10.80.1.2"],
            "classic network falls back to InnerIpAddress"
        );
        assert_eq!(i.public_address(), Some("121.40.1.2"));
        assert_eq!(i.eip, None, "an empty EipAddress is no EIP");
        assert_eq!(i.tag("ESS"), Some("ESS"));
        assert_eq!(
            i.creation_time.map(|t| t.to_rfc3339()),
            Some("2019-11-11T08:35:00+00:00".into())
        );
        assert_eq!(i.expires(), None, "PostPaid never expires");
        assert_eq!(i.auto_release_time, None);
        assert_eq!(
            i.raw.get(),
            DOC_SAMPLE,
            "the raw object is kept byte for byte"
        );
    }

    #[test]
    fn tolerates_missing_empty_and_odd_fields() {
        let i = Instance::from_raw(raw(
            r#"{"InstanceId":"i-1","Cpu":"4","Memory":null,"Tags":"","PublicIpAddress":[],
                "EipAddress":{"IpAddress":"47.1.2.3"},"SomethingNew":{"x":[1,2]},"DeletionProtection":"true"}"#,
        ))
        .expect("parses");
        assert_eq!(i.cpu, 4);
        assert_eq!(i.memory_mib, 0);
        assert!(i.tags.is_empty());
        assert_eq!(i.public_address(), Some("47.1.2.3"));
        assert!(i.deletion_protection);
        assert_eq!(i.status, "");
    }

    #[test]
    fn times_with_seconds_or_minutes() {
        assert!(parse_api_time("2017-12-10T04:04Z").is_some());
        assert!(parse_api_time("2017-12-10T04:04:05Z").is_some());
        assert!(parse_api_time("").is_none());
        assert!(parse_api_time("garbage").is_none());
    }

    #[test]
    fn region_fields() {
        let r = Region::from_raw(raw(
            r#"{"RegionId":"cn-qingdao","LocalName":"华北1（青岛）","RegionEndpoint":"ecs.cn-qingdao.aliyuncs.com","Status":"available"}"#,
        ))
        .expect("parses");
        assert_eq!(r.region_endpoint, "ecs.cn-qingdao.aliyuncs.com");
        assert_eq!(r.local_name, "华北1（青岛）");
    }
}
