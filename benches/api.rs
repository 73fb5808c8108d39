//! Benchmarks of the API layer: signing one request, parsing one page of 100 instances.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_tui::api::client::signed_params;
use ecs_tui::api::parse::instances_page as parse_instances_page;
use ecs_tui::api::sign;
use ecs_tui::credentials::Credentials;

/// One instance as DescribeInstances returns it (the documentation's sample, VPC flavour).
fn instance_json(n: usize) -> String {
    format!(
        r#"{{"InstanceId":"i-bp1j4i2jdf3owlhe{n:04}","InstanceName":"web-{n:04}","HostName":"iZbp1j4i2jdf3owlheb{n:04}Z","Description":"","Status":"Running","InstanceType":"ecs.g7.large","InstanceTypeFamily":"ecs.g7","Cpu":2,"Memory":8192,"RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","OSName":"Alibaba Cloud Linux  3.2104 LTS 64位","OSNameEn":"Alibaba Cloud Linux  3.2104 LTS 64 bit","OSType":"linux","ImageId":"aliyun_3_x64_20G_alibase_20240528.vhd","InstanceNetworkType":"vpc","PublicIpAddress":{{"IpAddress":["47.96.1.{o}"]}},"InnerIpAddress":{{"IpAddress":[]}},"EipAddress":{{"IpAddress":"","AllocationId":"","InternetChargeType":"","Bandwidth":0}},"VpcAttributes":{{"NatIpAddress":"","PrivateIpAddress":{{"IpAddress":["172.16.0.{o}"]}},"VSwitchId":"vsw-bp1s5fnvk4gn2tws03624","VpcId":"vpc-bp1opxu1zkhn00gzv26cm"}},"NetworkInterfaces":{{"NetworkInterface":[{{"NetworkInterfaceId":"eni-bp1{n:04}","Type":"Primary","MacAddress":"00:16:3e:32:b4:{o:02x}","PrimaryIpAddress":"172.16.0.{o}","PrivateIpSets":{{"PrivateIpSet":[{{"PrivateIpAddress":"172.16.0.{o}","Primary":true}}]}}}}]}},"SecurityGroupIds":{{"SecurityGroupId":["sg-bp67acfmxazb4p****"]}},"Tags":{{"Tag":[{{"TagKey":"env","TagValue":"prod"}},{{"TagKey":"team","TagValue":"web"}}]}},"CreationTime":"2024-06-01T08:35Z","StartTime":"2024-06-01T08:36Z","ExpiredTime":"2099-12-31T15:59Z","AutoReleaseTime":"","InstanceChargeType":"PostPaid","InternetChargeType":"PayByTraffic","InternetMaxBandwidthOut":5,"InternetMaxBandwidthIn":100,"OperationLocks":{{"LockReason":[]}},"StoppedMode":"Not-applicable","SpotStrategy":"NoSpot","DeletionProtection":false,"IoOptimized":true,"DeviceAvailable":true,"Recyclable":false,"SerialNumber":"4f4c3e5e-0000-4c4b-8f7e-{n:012}","ResourceGroupId":"rg-acfm{n:04}","MetadataOptions":{{"HttpEndpoint":"enabled","HttpTokens":"optional"}},"CpuOptions":{{"CoreCount":1,"ThreadsPerCore":2,"Numa":""}}}}"#,
        o = n % 250 + 1
    )
}

fn page_json(count: usize) -> String {
    let instances: Vec<String> = (0..count).map(instance_json).collect();
    format!(
        r#"{{"RequestId":"97935DF1-0289-4AA2-9DD1-72377838B16B","TotalCount":{count},"PageNumber":1,"PageSize":100,"NextToken":"","Instances":{{"Instance":[{}]}}}}"#,
        instances.join(",")
    )
}

fn bench_signing(c: &mut Criterion) {
    let creds = Credentials::new("LTAI5tAbCdEfGhx7Qa", "testsecret");
    let params: Vec<(String, String)> = vec![
        ("RegionId".into(), "cn-hangzhou".into()),
        ("MaxResults".into(), "100".into()),
        (
            "NextToken".into(),
            "caeba0bbb2be03f84eb48b699f0a4883".into(),
        ),
        ("Tag.1.Key".into(), "env".into()),
        ("Tag.1.Value".into(), "prod".into()),
    ];
    c.bench_function("sign one DescribeInstances request", |b| {
        b.iter(|| {
            signed_params(
                black_box("DescribeInstances"),
                "2014-05-26",
                black_box(&params),
                &creds,
                "2026-11-30T12:00:00Z",
                "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            )
        });
    });
    let unsigned = [("Action", "DescribeRegions"), ("Format", "JSON")];
    c.bench_function("signature of two parameters", |b| {
        b.iter(|| sign::signature(sign::Method::Post, black_box(&unsigned), "testsecret"));
    });
}

fn bench_parsing(c: &mut Criterion) {
    let body = page_json(100);
    c.bench_function("parse a page of 100 instances", |b| {
        b.iter(|| parse_instances_page(black_box(&body)).expect("valid page"));
    });
}

criterion_group!(benches, bench_signing, bench_parsing);
criterion_main!(benches);
