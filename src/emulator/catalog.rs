//! The realistic values instances are drawn from: instance types, images, names and tags.

/// `(InstanceType, InstanceTypeFamily, vCPUs, memory MiB, GPUs, GPUSpec)`, real ECS types.
pub const INSTANCE_TYPES: &[(&str, &str, u32, u32, u32, &str)] = &[
    ("ecs.t6-c1m1.large", "ecs.t6", 2, 2048, 0, ""),
    ("ecs.t6-c1m2.large", "ecs.t6", 2, 4096, 0, ""),
    ("ecs.e-c1m2.large", "ecs.e", 2, 4096, 0, ""),
    ("ecs.u1-c1m2.large", "ecs.u1", 2, 4096, 0, ""),
    ("ecs.u1-c1m4.xlarge", "ecs.u1", 4, 16384, 0, ""),
    ("ecs.g7.large", "ecs.g7", 2, 8192, 0, ""),
    ("ecs.g7.xlarge", "ecs.g7", 4, 16384, 0, ""),
    ("ecs.g7.2xlarge", "ecs.g7", 8, 32768, 0, ""),
    ("ecs.g7.4xlarge", "ecs.g7", 16, 65536, 0, ""),
    ("ecs.c7.large", "ecs.c7", 2, 4096, 0, ""),
    ("ecs.c7.xlarge", "ecs.c7", 4, 8192, 0, ""),
    ("ecs.c7.2xlarge", "ecs.c7", 8, 16384, 0, ""),
    ("ecs.r7.large", "ecs.r7", 2, 16384, 0, ""),
    ("ecs.r7.xlarge", "ecs.r7", 4, 32768, 0, ""),
    ("ecs.g6.large", "ecs.g6", 2, 8192, 0, ""),
    ("ecs.c6.xlarge", "ecs.c6", 4, 8192, 0, ""),
    ("ecs.hfc7.xlarge", "ecs.hfc7", 4, 8192, 0, ""),
    ("ecs.g8i.xlarge", "ecs.g8i", 4, 16384, 0, ""),
    ("ecs.gn6i-c4g1.xlarge", "ecs.gn6i", 4, 15360, 1, "NVIDIA T4"),
    (
        "ecs.gn7i-c8g1.2xlarge",
        "ecs.gn7i",
        8,
        30720,
        1,
        "NVIDIA A10",
    ),
];

/// `(OSName zh-CN, OSNameEn, OSType, ImageId)`; the API's names carry the double space.
pub const IMAGES: &[(&str, &str, &str, &str)] = &[
    (
        "Alibaba Cloud Linux  3.2104 LTS 64位",
        "Alibaba Cloud Linux  3.2104 LTS 64 bit",
        "linux",
        "aliyun_3_x64_20G_alibase_20240528.vhd",
    ),
    (
        "Alibaba Cloud Linux  2.1903 LTS 64位",
        "Alibaba Cloud Linux  2.1903 LTS 64 bit",
        "linux",
        "aliyun_2_1903_x64_20G_alibase_20240321.vhd",
    ),
    (
        "CentOS  7.9 64位",
        "CentOS  7.9 64 bit",
        "linux",
        "centos_7_9_x64_20G_alibase_20240628.vhd",
    ),
    (
        "Ubuntu  22.04 64位",
        "Ubuntu  22.04 64 bit",
        "linux",
        "ubuntu_22_04_x64_20G_alibase_20240508.vhd",
    ),
    (
        "Ubuntu  20.04 64位",
        "Ubuntu  20.04 64 bit",
        "linux",
        "ubuntu_20_04_x64_20G_alibase_20230907.vhd",
    ),
    (
        "Debian  12.5 64位",
        "Debian  12.5 64 bit",
        "linux",
        "debian_12_5_x64_20G_alibase_20240424.vhd",
    ),
    (
        "Rocky Linux  9.3 64位",
        "Rocky Linux  9.3 64 bit",
        "linux",
        "rockylinux_9_3_x64_20G_alibase_20240112.vhd",
    ),
    (
        "Windows Server  2022 数据中心版 64位中文版",
        "Windows Server  2022 Data Center Edition 64bit Chinese Edition",
        "windows",
        "win2022_21H2_x64_dtc_zh-cn_40G_alibase_20240515.vhd",
    ),
    (
        "Windows Server  2019 数据中心版 64位英文版",
        "Windows Server  2019 Data Center Edition 64bit English Edition",
        "windows",
        "win2019_1809_x64_dtc_en-us_40G_alibase_20240515.vhd",
    ),
];

/// What the machines are for: the first part of their names and their `app` tag.
pub const ROLES: &[&str] = &[
    "web", "api", "worker", "db", "redis", "k8s-node", "gateway", "batch", "jenkins", "bastion",
    "kafka", "es", "nginx", "monitor",
];

/// Names people really give, Chinese ones included (they are wide in a terminal).
pub const ODD_NAMES: &[&str] = &[
    "测试机",
    "订单服务",
    "数据库主库",
    "launch-advisor",
    "ECS-asg-MyFirstScalingGroup",
    "iZ-temp",
    "压测客户端",
];

pub const ENVS: &[&str] = &["prod", "prod", "prod", "staging", "dev", "test"];
pub const TEAMS: &[&str] = &["platform", "payments", "search", "data", "growth", "infra"];
pub const KEY_PAIRS: &[&str] = &["ops-2023", "deploy", "jenkins", ""];

/// Status shares, roughly what an account looks like: mostly running.
pub const STATUSES: &[(&str, u32)] = &[
    ("Running", 76),
    ("Stopped", 17),
    ("Starting", 2),
    ("Stopping", 2),
    ("Pending", 3),
];

/// `(Category, PerformanceLevel)` of disks.
pub const DISK_CATEGORIES: &[(&str, &str)] = &[
    ("cloud_essd", "PL0"),
    ("cloud_essd", "PL1"),
    ("cloud_efficiency", ""),
    ("cloud_ssd", ""),
    ("cloud_auto", ""),
];

pub const SECURITY_GROUP_NAMES: &[&str] = &[
    "sg-web-public",
    "sg-internal",
    "sg-db",
    "sg-bastion",
    "default",
    "k8s-cluster-sg",
];

/// Lowercase letters and digits, the alphabet of real resource ids.
pub const ID_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
