//! The signed client against the emulator: regions, every page in both paging styles, each
//! filter, DryRun, disks, security groups, errors, and STS credentials from AssumeRole.

use std::time::Duration;

use ecs_tui::api::client::ECS_VERSION;
use ecs_tui::api::{
    Client, ClientOptions, Error, InstanceQuery, Paging, RetryPolicy, fetch_instances,
};
use ecs_tui::emulator::{self, Account, Emulator, EmulatorConfig, InventorySpec};
use serde_json::Value;

fn no_retries() -> ClientOptions {
    ClientOptions {
        request_timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

async fn emulator(regions: usize, instances: usize) -> Emulator {
    emulator::start(EmulatorConfig {
        regions,
        instances,
        seed: 42,
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator starts")
}

fn client(emu: &Emulator) -> Client {
    emu.client(no_retries()).expect("client")
}

fn api_code(result: Result<impl std::fmt::Debug, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.http_status, e.code.clone()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn regions_come_with_real_ids_local_names_and_endpoints() {
    let emu = emulator(12, 10).await;
    let regions = client(&emu).describe_regions().await.expect("regions");
    assert_eq!(regions.len(), 12);
    let hangzhou = regions
        .iter()
        .find(|r| r.region_id == "cn-hangzhou")
        .expect("hangzhou");
    assert_eq!(hangzhou.local_name, "华东1（杭州）");
    assert_eq!(hangzhou.region_endpoint, "ecs.aliyuncs.com");
    let beijing = regions
        .iter()
        .find(|r| r.region_id == "cn-beijing")
        .expect("beijing");
    assert_eq!(beijing.region_endpoint, "ecs.cn-beijing.aliyuncs.com");
    let expected = emu
        .inventory(&emu.credentials().access_key_id)
        .expect("inventory")
        .regions_json();
    let got: Vec<Value> = regions
        .iter()
        .map(|r| serde_json::from_str(r.raw.get()).expect("json"))
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn every_page_in_both_paging_styles_gives_the_whole_inventory() {
    for count in [0, 1, 100, 101, 250] {
        let emu = emulator(1, count).await;
        let inventory = emu
            .inventory(&emu.credentials().access_key_id)
            .expect("inventory");
        let expected: Vec<&str> = inventory.regions()[0]
            .instances
            .iter()
            .map(|i| i.json.get())
            .collect();
        let c = client(&emu);
        for paging in [Paging::Token, Paging::Number { concurrency: 3 }] {
            let got = fetch_instances(&c, "cn-qingdao", &InstanceQuery::default(), paging)
                .await
                .expect("fetch");
            let got: Vec<&str> = got.iter().map(|i| i.raw.get()).collect();
            assert_eq!(got.len(), count, "{count} instances, {paging:?}");
            assert_eq!(
                got, expected,
                "{count} instances, {paging:?}: objects byte for byte"
            );
        }
    }
}

#[tokio::test]
async fn pages_follow_the_documented_sizes() {
    use ecs_tui::api::PageRequest;
    let emu = emulator(1, 250).await;
    let c = client(&emu);
    let q = InstanceQuery::default();
    let first = c
        .describe_instances_page("cn-qingdao", &q, &PageRequest::Token(None))
        .await
        .expect("page");
    assert_eq!(first.instances.len(), 100);
    let token = first.next_token.expect("more pages");
    let second = c
        .describe_instances_page("cn-qingdao", &q, &PageRequest::Token(Some(token.clone())))
        .await
        .expect("page");
    assert_eq!(second.instances.len(), 100);
    let third = c
        .describe_instances_page("cn-qingdao", &q, &PageRequest::Token(second.next_token))
        .await
        .expect("page");
    assert_eq!((third.instances.len(), third.next_token), (50, None));
    let numbered = c
        .describe_instances_page("cn-qingdao", &q, &PageRequest::Number(3))
        .await
        .expect("page");
    assert_eq!((numbered.instances.len(), numbered.total_count), (50, 250));
    // A token belongs to its query: another filter cannot reuse it.
    let other = InstanceQuery {
        status: Some("Running".into()),
        ..InstanceQuery::default()
    };
    let reused = c
        .describe_instances_page("cn-qingdao", &other, &PageRequest::Token(Some(token)))
        .await;
    assert_eq!(api_code(reused), (400, "InvalidParameter.NextToken".into()));
}

#[tokio::test]
async fn filters_are_applied_by_the_server() {
    let emu = emulator(1, 300).await;
    let inventory = emu
        .inventory(&emu.credentials().access_key_id)
        .expect("inventory");
    let all = &inventory.regions()[0].instances;
    let c = client(&emu);
    let fetch = |q: InstanceQuery| {
        let c = c.clone();
        async move {
            fetch_instances(&c, "cn-qingdao", &q, Paging::Token)
                .await
                .expect("fetch")
                .into_iter()
                .map(|i| i.instance_id)
                .collect::<Vec<_>>()
        }
    };
    let ids_where = |f: &dyn Fn(&emulator::InstanceRecord) -> bool| {
        all.iter()
            .filter(|i| f(i))
            .map(|i| i.instance_id.clone())
            .collect::<Vec<_>>()
    };

    let running = fetch(InstanceQuery {
        status: Some("Running".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(running, ids_where(&|i| i.status == "Running"));
    assert!(!running.is_empty() && running.len() < all.len());

    let web = fetch(InstanceQuery {
        name: Some("web-*".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(web, ids_where(&|i| i.instance_name.starts_with("web-")));
    assert!(!web.is_empty());
    let exact_name = all[3].instance_name.clone();
    let exact = fetch(InstanceQuery {
        name: Some(exact_name.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(exact, ids_where(&|i| i.instance_name == exact_name));

    let has_team = fetch(InstanceQuery {
        tags: vec![("team".into(), None)],
        ..Default::default()
    })
    .await;
    assert_eq!(
        has_team,
        ids_where(&|i| i.tags.iter().any(|(k, _)| k == "team"))
    );
    assert!(has_team.len() < all.len(), "some instances have no tags");
    let prod_platform = fetch(InstanceQuery {
        tags: vec![
            ("env".into(), Some("prod".into())),
            ("team".into(), Some("platform".into())),
        ],
        ..Default::default()
    })
    .await;
    let tagged = |i: &emulator::InstanceRecord, k: &str, v: &str| {
        i.tags.iter().any(|(tk, tv)| tk == k && tv == v)
    };
    assert_eq!(
        prod_platform,
        ids_where(&|i| tagged(i, "env", "prod") && tagged(i, "team", "platform"))
    );
    assert!(!prod_platform.is_empty());

    let wanted = vec![
        all[7].instance_id.clone(),
        all[2].instance_id.clone(),
        "i-missing".to_owned(),
    ];
    let by_id = fetch(InstanceQuery {
        instance_ids: Some(wanted),
        ..Default::default()
    })
    .await;
    assert_eq!(
        by_id,
        vec![all[2].instance_id.clone(), all[7].instance_id.clone()]
    );
    let none = fetch(InstanceQuery {
        instance_ids: Some(Vec::new()),
        ..Default::default()
    })
    .await;
    assert!(
        none.is_empty(),
        "`[]` is a filter that matches nothing, as documented"
    );

    let zone = all[0].zone_id.clone();
    let in_zone = fetch(InstanceQuery {
        zone_id: Some(zone.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(in_zone, ids_where(&|i| i.zone_id == zone));
    let vpc = all[0].vpc_id.clone();
    let in_vpc = fetch(InstanceQuery {
        vpc_id: Some(vpc.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(in_vpc, ids_where(&|i| i.vpc_id == vpc));

    let bad = fetch_instances(
        &c,
        "cn-qingdao",
        &InstanceQuery {
            status: Some("Sleeping".into()),
            ..Default::default()
        },
        Paging::Token,
    )
    .await;
    assert_eq!(api_code(bad), (404, "InvalidStatus.NotFound".into()));
}

#[tokio::test]
async fn dry_run_tells_allowed_from_forbidden() {
    let mut spec = InventorySpec::new(3, 30, 5);
    spec.forbidden_regions = vec!["cn-beijing".into()];
    let emu = emulator::start(EmulatorConfig {
        accounts: vec![Account::new("key", "secret").with_inventory(spec)],
        ..EmulatorConfig::default()
    })
    .await
    .expect("start");
    let c = client(&emu);
    assert!(
        c.can_describe_instances("cn-qingdao")
            .await
            .expect("dry run")
    );
    assert!(
        !c.can_describe_instances("cn-beijing")
            .await
            .expect("dry run")
    );
    let forbidden =
        fetch_instances(&c, "cn-beijing", &InstanceQuery::default(), Paging::Token).await;
    assert_eq!(api_code(forbidden), (403, "Forbidden.RAM".into()));
    let regions = c.describe_regions().await.expect("regions");
    assert!(
        regions.iter().any(|r| r.region_id == "cn-beijing"),
        "still listed"
    );
}

#[tokio::test]
async fn disks_and_security_groups_of_an_instance() {
    let emu = emulator(2, 40).await;
    let inventory = emu
        .inventory(&emu.credentials().access_key_id)
        .expect("inventory");
    let instance = &inventory.regions()[1].instances[0];
    let c = client(&emu);
    let disks = c
        .describe_disks("cn-beijing", &instance.instance_id)
        .await
        .expect("disks");
    assert!(!disks.is_empty());
    let disks: Vec<Value> = disks
        .iter()
        .map(|d| serde_json::from_str(d.get()).expect("json"))
        .collect();
    assert_eq!(disks[0]["Type"], "system");
    assert_eq!(disks[0]["Device"], "/dev/xvda");
    for d in &disks {
        assert_eq!(d["InstanceId"], instance.instance_id.as_str());
        assert!(d["Size"].as_u64().is_some_and(|s| s >= 20));
        assert!(
            d["Category"]
                .as_str()
                .is_some_and(|c| c.starts_with("cloud"))
        );
        assert!(d["Encrypted"].is_boolean() && d["DeleteWithInstance"].is_boolean());
    }
    let again = c
        .describe_disks("cn-beijing", &instance.instance_id)
        .await
        .expect("disks");
    assert_eq!(again.len(), disks.len(), "the same disks every time");

    let groups = c
        .describe_security_groups("cn-beijing", &instance.security_group_ids)
        .await
        .expect("groups");
    let ids: Vec<String> = groups
        .iter()
        .map(|g| serde_json::from_str::<Value>(g.get()).expect("json"))
        .inspect(|g| {
            assert!(
                g["SecurityGroupName"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty())
            )
        })
        .map(|g| g["SecurityGroupId"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids, instance.security_group_ids);
}

#[tokio::test]
async fn errors_come_back_as_the_real_service_words_them() {
    let emu = emulator(2, 4).await;
    let c = client(&emu);
    let url = c.url_for_host("ecs.aliyuncs.com").expect("url");
    let missing = c.call(&url, ECS_VERSION, "DescribeInstances", &[]).await;
    assert_eq!(api_code(missing), (400, "MissingParameter".into()));
    let unknown_region =
        fetch_instances(&c, "cn-nowhere", &InstanceQuery::default(), Paging::Token).await;
    assert_eq!(
        api_code(unknown_region),
        (404, "InvalidRegionId.NotFound".into())
    );
    let unknown_action = c.call(&url, ECS_VERSION, "DescribeNothing", &[]).await;
    assert_eq!(
        api_code(unknown_action),
        (404, "InvalidAction.NotFound".into())
    );
    let wrong_version = c.call(&url, "2099-01-01", "DescribeRegions", &[]).await;
    assert_eq!(api_code(wrong_version), (400, "InvalidVersion".into()));

    let stranger = emu
        .client_as(
            ecs_tui::credentials::Credentials::new("nobody", "x"),
            no_retries(),
        )
        .expect("client");
    assert_eq!(
        api_code(stranger.describe_regions().await),
        (404, "InvalidAccessKeyId.NotFound".into())
    );
    let wrong_secret = emu
        .client_as(
            ecs_tui::credentials::Credentials::new(emu.credentials().access_key_id, "wrong"),
            no_retries(),
        )
        .expect("client");
    let Err(Error::Api(e)) = wrong_secret.describe_regions().await else {
        panic!("wrong secret accepted");
    };
    assert_eq!(
        (e.http_status, e.code.as_str()),
        (400, "SignatureDoesNotMatch")
    );
    // The emulator quotes its string to sign like the real service (tests/emulator_checks.rs);
    // the client keeps the sentence and leaves the long quote to the debug log.
    assert_eq!(
        e.message,
        "Specified signature is not matched with our calculation."
    );
    assert!(!e.request_id.is_empty() && !e.host_id.is_empty() && !e.recommend.is_empty());
}

async fn assume_role(c: &Client, arn: &str, duration: &str) -> Result<Value, Error> {
    let url = c.url_for_host("sts.aliyuncs.com")?;
    let params = [
        ("RoleArn".to_owned(), arn.to_owned()),
        ("RoleSessionName".to_owned(), "ecs-tui-test".to_owned()),
        ("DurationSeconds".to_owned(), duration.to_owned()),
    ];
    let response = c.call(&url, "2015-04-01", "AssumeRole", &params).await?;
    Ok(serde_json::from_str(&response.body).expect("json"))
}

#[tokio::test]
async fn assume_role_credentials_work_until_they_expire() {
    let emu = emulator(3, 12).await;
    let c = client(&emu);
    let arn = emu.accounts()[0].role_arn("readonly");
    let body = assume_role(&c, &arn, "900").await.expect("assume role");
    let creds = &body["Credentials"];
    let id = creds["AccessKeyId"].as_str().expect("id");
    assert!(id.starts_with("STS."));
    assert!(
        creds["Expiration"]
            .as_str()
            .is_some_and(|e| e.ends_with('Z') && e.len() == 20)
    );
    assert_eq!(
        body["AssumedRoleUser"]["Arn"],
        format!("{arn}/ecs-tui-test")
    );
    let sts = ecs_tui::credentials::Credentials::new(
        id,
        creds["AccessKeySecret"].as_str().expect("secret"),
    )
    .with_token(creds["SecurityToken"].as_str().expect("token"));

    let temporary = emu.client_as(sts.clone(), no_retries()).expect("client");
    let regions = temporary
        .describe_regions()
        .await
        .expect("STS credentials accepted");
    assert_eq!(regions.len(), 3);
    let mut without_token = sts.clone();
    without_token.security_token = None;
    let bare = emu.client_as(without_token, no_retries()).expect("client");
    assert_eq!(
        api_code(bare.describe_regions().await),
        (400, "MissingSecurityToken".into())
    );

    emu.expire_sts_credentials();
    assert_eq!(
        api_code(temporary.describe_regions().await),
        (400, "InvalidSecurityToken.Expired".into())
    );

    assert_eq!(
        api_code(assume_role(&c, &arn, "899").await),
        (400, "InvalidParameter.DurationSeconds".into())
    );
    assert_eq!(
        api_code(assume_role(&c, "readonly", "900").await),
        (400, "InvalidParameter.RoleArn".into())
    );
    assert_eq!(
        api_code(assume_role(&c, "acs:ram::999:role/readonly", "900").await),
        (404, "EntityNotExist.Role".into())
    );
}

#[tokio::test]
async fn each_account_sees_its_own_inventory() {
    let emu = emulator::demo::start().await.expect("demo").0;
    let prod = client(&emu);
    let dev = emu
        .client_as(emu.accounts()[1].credentials(), no_retries())
        .expect("client");
    let prod_regions = prod.describe_regions().await.expect("regions");
    let dev_regions = dev.describe_regions().await.expect("regions");
    assert_eq!(prod_regions.len(), 12);
    assert!(dev_regions.len() < prod_regions.len());
    let empty = fetch_instances(
        &prod,
        emulator::demo::EMPTY_REGION,
        &InstanceQuery::default(),
        Paging::Token,
    )
    .await
    .expect("empty region");
    assert!(empty.is_empty());
    assert!(
        prod.can_describe_instances(emulator::demo::EMPTY_REGION)
            .await
            .expect("dry run")
    );
    assert!(
        !prod
            .can_describe_instances(emulator::demo::FORBIDDEN_REGION)
            .await
            .expect("dry run")
    );
}
