//! The real ECS region ids, in DescribeRegions order, with their Chinese and English names.

/// `(RegionId, LocalName zh-CN, LocalName en-US, instance id prefix)`, in the order a real
/// DescribeRegions returned them (recorded call, 2023). The prefix is what real resource ids
/// in that region start with (`i-bp1…` in Hangzhou, `i-2ze…` in Beijing).
pub const REAL_REGIONS: &[(&str, &str, &str, &str)] = &[
    ("cn-qingdao", "华北1（青岛）", "China (Qingdao)", "m5e"),
    ("cn-beijing", "华北2（北京）", "China (Beijing)", "2ze"),
    (
        "cn-zhangjiakou",
        "华北3（张家口）",
        "China (Zhangjiakou)",
        "8vb",
    ),
    ("cn-huhehaote", "华北5（呼和浩特）", "China (Hohhot)", "hp3"),
    (
        "cn-wulanchabu",
        "华北6（乌兰察布）",
        "China (Ulanqab)",
        "0jl",
    ),
    ("cn-hangzhou", "华东1（杭州）", "China (Hangzhou)", "bp1"),
    ("cn-shanghai", "华东2（上海）", "China (Shanghai)", "uf6"),
    (
        "cn-nanjing",
        "华东5（南京-本地地域）",
        "China (Nanjing - Local Region)",
        "gc7",
    ),
    ("cn-shenzhen", "华南1（深圳）", "China (Shenzhen)", "wz9"),
    ("cn-heyuan", "华南2（河源）", "China (Heyuan)", "f8z"),
    ("cn-guangzhou", "华南3（广州）", "China (Guangzhou)", "7xv"),
    (
        "cn-fuzhou",
        "华东6（福州-本地地域）",
        "China (Fuzhou - Local Region)",
        "gw3",
    ),
    (
        "cn-wuhan-lr",
        "华中1（武汉-本地地域）",
        "China (Wuhan - Local Region)",
        "n4a",
    ),
    ("cn-chengdu", "西南1（成都）", "China (Chengdu)", "2vc"),
    ("cn-hongkong", "中国香港", "China (Hong Kong)", "j6c"),
    ("ap-northeast-1", "日本（东京）", "Japan (Tokyo)", "6we"),
    (
        "ap-northeast-2",
        "韩国（首尔）",
        "South Korea (Seoul)",
        "mj7",
    ),
    ("ap-southeast-1", "新加坡", "Singapore", "t4n"),
    (
        "ap-southeast-2",
        "澳大利亚（悉尼）",
        "Australia (Sydney)",
        "p0w",
    ),
    (
        "ap-southeast-3",
        "马来西亚（吉隆坡）",
        "Malaysia (Kuala Lumpur)",
        "8ps",
    ),
    (
        "ap-southeast-6",
        "菲律宾（马尼拉）",
        "Philippines (Manila)",
        "5ts",
    ),
    (
        "ap-southeast-5",
        "印度尼西亚（雅加达）",
        "Indonesia (Jakarta)",
        "k1a",
    ),
    ("ap-south-1", "印度（孟买）", "India (Mumbai)", "a2d"),
    (
        "ap-southeast-7",
        "泰国（曼谷）",
        "Thailand (Bangkok)",
        "0jo",
    ),
    ("us-east-1", "美国（弗吉尼亚）", "US (Virginia)", "0xi"),
    ("us-west-1", "美国（硅谷）", "US (Silicon Valley)", "rj9"),
    ("eu-west-1", "英国（伦敦）", "UK (London)", "d7o"),
    ("me-east-1", "阿联酋（迪拜）", "UAE (Dubai)", "eb3"),
    (
        "eu-central-1",
        "德国（法兰克福）",
        "Germany (Frankfurt)",
        "gw8",
    ),
];

/// One region of an emulated account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInfo {
    pub region_id: String,
    pub local_name_zh: String,
    pub local_name_en: String,
    pub endpoint: String,
    pub id_prefix: String,
}

/// The first `n` regions. Past the 29 real ones, made-up regions keep large benchmarks
/// possible (`cn-emulated-30`, …); their ids still pass the official SDKs' region checks.
#[must_use]
pub fn regions(n: usize) -> Vec<RegionInfo> {
    (0..n)
        .map(|i| match REAL_REGIONS.get(i) {
            Some((id, zh, en, prefix)) => RegionInfo {
                region_id: (*id).to_owned(),
                local_name_zh: (*zh).to_owned(),
                local_name_en: (*en).to_owned(),
                endpoint: endpoint_for(id),
                id_prefix: (*prefix).to_owned(),
            },
            None => {
                let id = format!("cn-emulated-{}", i + 1);
                RegionInfo {
                    local_name_zh: format!("模拟地域{}", i + 1),
                    local_name_en: format!("Emulated region {}", i + 1),
                    endpoint: endpoint_for(&id),
                    id_prefix: format!("e{:02}", (i + 1) % 100),
                    region_id: id,
                }
            }
        })
        .collect()
}

/// Hangzhou answers on the central endpoint; every other region on its own, as the real
/// DescribeRegions reports.
#[must_use]
pub fn endpoint_for(region_id: &str) -> String {
    if region_id == "cn-hangzhou" {
        "ecs.aliyuncs.com".into()
    } else {
        format!("ecs.{region_id}.aliyuncs.com")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_regions_come_first_then_made_up_ones() {
        let r = regions(31);
        assert_eq!(r[0].region_id, "cn-qingdao");
        assert_eq!(r[5].endpoint, "ecs.aliyuncs.com");
        assert_eq!(r[1].endpoint, "ecs.cn-beijing.aliyuncs.com");
        assert_eq!(r[29].region_id, "cn-emulated-30");
        // A set, not `dedup` (which drops adjacent duplicates only): every id is unique.
        let ids: std::collections::HashSet<_> = r.iter().map(|r| r.region_id.as_str()).collect();
        assert_eq!(ids.len(), 31);
    }
}
