//! The ECS actions ecs-tui calls, their parameters and their parsed answers.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::client::{Client, ECS_CENTRAL_HOST, ECS_VERSION, Response};
use super::error::Error;
use super::model::{Instance, Region};

/// Filters DescribeInstances applies on the server side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceQuery {
    pub status: Option<String>,
    /// `InstanceName`; `*` is the API's wildcard.
    pub name: Option<String>,
    /// `Tag.N.Key` and, when given, `Tag.N.Value`.
    pub tags: Vec<(String, Option<String>)>,
    pub instance_ids: Option<Vec<String>>,
    pub zone_id: Option<String>,
    pub vpc_id: Option<String>,
}

impl InstanceQuery {
    /// The filters as API parameters.
    #[must_use]
    pub fn params(&self) -> Vec<(String, String)> {
        let mut p = Vec::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                p.push((k.to_owned(), v.clone()));
            }
        };
        put("Status", &self.status);
        put("InstanceName", &self.name);
        put("ZoneId", &self.zone_id);
        put("VpcId", &self.vpc_id);
        if let Some(ids) = &self.instance_ids {
            let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
            p.push(("InstanceIds".into(), json));
        }
        for (i, (key, value)) in self.tags.iter().enumerate() {
            let n = i + 1;
            p.push((format!("Tag.{n}.Key"), key.clone()));
            if let Some(value) = value {
                p.push((format!("Tag.{n}.Value"), value.clone()));
            }
        }
        p
    }
}

/// Which page of DescribeInstances to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    /// `MaxResults=100`, and the `NextToken` of the previous page if any.
    Token(Option<String>),
    /// `PageSize=100&PageNumber=n`, n from 1.
    Number(u32),
}

/// The most DescribeInstances returns per page.
pub const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone)]
pub struct InstancePage {
    pub instances: Vec<Instance>,
    /// Empty or absent on the last page (token paging).
    pub next_token: Option<String>,
    /// Meaningful only with page-number paging.
    pub total_count: u64,
    pub request_id: String,
}

impl Client {
    /// DescribeRegions on the central endpoint; also learns every region's endpoint.
    ///
    /// # Errors
    /// The API's or the network's error, or an unreadable answer.
    pub async fn describe_regions(&self) -> Result<Vec<Region>, Error> {
        let url = self.url_for_host(ECS_CENTRAL_HOST)?;
        let response = self.call(&url, ECS_VERSION, "DescribeRegions", &[]).await?;
        let regions = super::parse::regions(&response.body)
            .map_err(|e| decode_error("DescribeRegions", &url, &response, &e))?;
        self.learn_region_endpoints(
            regions
                .iter()
                .map(|r| (r.region_id.as_str(), r.region_endpoint.as_str())),
        );
        Ok(regions)
    }

    /// One page of DescribeInstances.
    ///
    /// # Errors
    /// The API's or the network's error, or an unreadable answer.
    pub async fn describe_instances_page(
        &self,
        region_id: &str,
        query: &InstanceQuery,
        page: &PageRequest,
    ) -> Result<InstancePage, Error> {
        let url = self.url_for_region(region_id)?;
        let mut params = vec![("RegionId".to_owned(), region_id.to_owned())];
        match page {
            PageRequest::Token(token) => {
                params.push(("MaxResults".into(), PAGE_SIZE.to_string()));
                if let Some(token) = token {
                    params.push(("NextToken".into(), token.clone()));
                }
            }
            PageRequest::Number(n) => {
                params.push(("PageSize".into(), PAGE_SIZE.to_string()));
                params.push(("PageNumber".into(), n.to_string()));
            }
        }
        params.extend(query.params());
        let response = self
            .call(&url, ECS_VERSION, "DescribeInstances", &params)
            .await?;
        super::parse::instances_page(&response.body)
            .map_err(|e| decode_error("DescribeInstances", &url, &response, &e))
    }

    /// Whether this identity may call DescribeInstances in the region. A RAM user without the
    /// permission gets an empty list rather than an error, so an empty region is ambiguous
    /// until DryRun tells: `DryRunOperation` means allowed, `Forbidden*` means not.
    ///
    /// # Errors
    /// Any other failure of the check itself.
    pub async fn can_describe_instances(&self, region_id: &str) -> Result<bool, Error> {
        let url = self.url_for_region(region_id)?;
        let params = [
            ("RegionId".to_owned(), region_id.to_owned()),
            ("DryRun".to_owned(), "true".to_owned()),
        ];
        match self
            .call(&url, ECS_VERSION, "DescribeInstances", &params)
            .await
        {
            Ok(_) => Ok(true),
            Err(Error::Api(e)) if e.code == "DryRunOperation" => Ok(true),
            Err(Error::Api(e)) if e.code.starts_with("Forbidden") || e.code == "NoPermission" => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// DescribeDisks for one instance: the disk objects as the API sent them.
    ///
    /// # Errors
    /// The API's or the network's error, or an unreadable answer.
    pub async fn describe_disks(
        &self,
        region_id: &str,
        instance_id: &str,
    ) -> Result<Vec<Box<RawValue>>, Error> {
        let params = [
            ("RegionId".to_owned(), region_id.to_owned()),
            ("InstanceId".to_owned(), instance_id.to_owned()),
            ("PageSize".to_owned(), PAGE_SIZE.to_string()),
        ];
        self.describe_list(region_id, "DescribeDisks", &params, "Disks", "Disk")
            .await
    }

    /// DescribeSecurityGroups for the given ids (names and descriptions for the detail view).
    ///
    /// # Errors
    /// The API's or the network's error, or an unreadable answer.
    pub async fn describe_security_groups(
        &self,
        region_id: &str,
        security_group_ids: &[String],
    ) -> Result<Vec<Box<RawValue>>, Error> {
        let ids = serde_json::to_string(security_group_ids).unwrap_or_else(|_| "[]".into());
        let params = [
            ("RegionId".to_owned(), region_id.to_owned()),
            ("SecurityGroupIds".to_owned(), ids),
            ("PageSize".to_owned(), "50".to_owned()),
        ];
        self.describe_list(
            region_id,
            "DescribeSecurityGroups",
            &params,
            "SecurityGroups",
            "SecurityGroup",
        )
        .await
    }

    /// A Describe* call whose answer is `{outer: {inner: [objects]}}`.
    async fn describe_list(
        &self,
        region_id: &str,
        action: &str,
        params: &[(String, String)],
        outer: &str,
        inner: &str,
    ) -> Result<Vec<Box<RawValue>>, Error> {
        let url = self.url_for_region(region_id)?;
        let response = self.call(&url, ECS_VERSION, action, params).await?;
        let body: serde_json::Map<String, serde_json::Value> = decode(action, &url, &response)?;
        let items = body
            .get(outer)
            .and_then(|o| o.get(inner))
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .map(serde_json::value::to_raw_value)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| decode_error(action, &url, &response, &e))
    }
}

fn decode<'a, T: Deserialize<'a>>(
    action: &str,
    url: &reqwest::Url,
    response: &'a Response,
) -> Result<T, Error> {
    serde_json::from_str(&response.body).map_err(|e| decode_error(action, url, response, &e))
}

fn decode_error(
    action: &str,
    url: &reqwest::Url,
    response: &Response,
    e: &serde_json::Error,
) -> Error {
    // serde's message may quote a value from the body.
    response.scrubber.error(Error::Decode {
        action: action.to_owned(),
        host: url.host_str().unwrap_or_default().to_owned(),
        http_status: response.http_status,
        request_id: response.request_id.clone(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_api_parameters() {
        let q = InstanceQuery {
            status: Some("Running".into()),
            name: Some("web-*".into()),
            tags: vec![("env".into(), Some("prod".into())), ("team".into(), None)],
            instance_ids: Some(vec!["i-a".into(), "i-b".into()]),
            zone_id: Some("cn-hangzhou-h".into()),
            vpc_id: Some("vpc-1".into()),
        };
        let p = q.params();
        let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("Status"), Some("Running"));
        assert_eq!(get("InstanceName"), Some("web-*"));
        assert_eq!(get("Tag.1.Key"), Some("env"));
        assert_eq!(get("Tag.1.Value"), Some("prod"));
        assert_eq!(get("Tag.2.Key"), Some("team"));
        assert_eq!(get("Tag.2.Value"), None, "a key alone matches any value");
        assert_eq!(get("InstanceIds"), Some(r#"["i-a","i-b"]"#));
        assert_eq!(get("ZoneId"), Some("cn-hangzhou-h"));
        assert_eq!(get("VpcId"), Some("vpc-1"));
    }
}
