//! Reading the API's answers: pure functions from a body's text to the models, used by the
//! client and exercised directly by the property tests and fuzz targets.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::actions::InstancePage;
use super::model::{Instance, Region};

/// The regions of a DescribeRegions answer.
///
/// # Errors
/// When the body is not JSON or a field has an impossible type.
pub fn regions(body: &str) -> Result<Vec<Region>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "Regions", default)]
        regions: RegionList,
    }
    #[derive(Deserialize, Default)]
    struct RegionList {
        #[serde(rename = "Region", default)]
        region: Vec<Box<RawValue>>,
    }
    let body: Body = serde_json::from_str(body)?;
    body.regions
        .region
        .into_iter()
        .map(Region::from_raw)
        .collect()
}

/// One page of a DescribeInstances answer.
///
/// # Errors
/// When the body is not JSON or a field has an impossible type.
pub fn instances_page(body: &str) -> Result<InstancePage, serde_json::Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Body {
        #[serde(default)]
        instances: InstanceList,
        #[serde(default)]
        next_token: Option<String>,
        #[serde(default)]
        total_count: u64,
        #[serde(default)]
        request_id: String,
    }
    #[derive(Deserialize, Default)]
    struct InstanceList {
        #[serde(rename = "Instance", default)]
        instance: Vec<Box<RawValue>>,
    }
    let body: Body = serde_json::from_str(body)?;
    let instances = body
        .instances
        .instance
        .into_iter()
        .map(Instance::from_raw)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(InstancePage {
        instances,
        next_token: body.next_token.filter(|t| !t.is_empty()),
        total_count: body.total_count,
        request_id: body.request_id,
    })
}
