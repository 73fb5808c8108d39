//! Reading the API's answers: pure functions from a body's text to the models, used by the
//! client and exercised directly by the property tests and fuzz targets.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::actions::InstancePage;
use super::model::{Instance, Region};

/// The regions of a DescribeRegions answer, each once (the first of a repeated `RegionId`
/// wins: a region listed twice would be fetched, and printed, twice).
///
/// # Errors
/// When the body is not a JSON object holding `Regions`, or a field has an impossible type.
pub fn regions(body: &str) -> Result<Vec<Region>, serde_json::Error> {
    // No `default`: an answer without the action's list (`{}`, `[]`) is not an empty one.
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "Regions")]
        regions: RegionList,
    }
    #[derive(Deserialize, Default)]
    struct RegionList {
        #[serde(rename = "Region", default)]
        region: Vec<Box<RawValue>>,
    }
    require_object(body)?;
    let body: Body = serde_json::from_str(body)?;
    let mut regions = body
        .regions
        .region
        .into_iter()
        .map(Region::from_raw)
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = std::collections::HashSet::new();
    let listed = regions.len();
    regions.retain(|r| seen.insert(r.region_id.clone()));
    if regions.len() < listed {
        tracing::warn!(
            listed,
            distinct = regions.len(),
            "DescribeRegions listed a region more than once; each is fetched once"
        );
    }
    Ok(regions)
}

/// serde reads a struct from an array too (`[]` would be a struct of defaults): the API's
/// answers are objects.
fn require_object(body: &str) -> Result<(), serde_json::Error> {
    if body.trim_start().starts_with('{') {
        Ok(())
    } else {
        Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Other("a body that is not a JSON object"),
            &"the API's JSON object",
        ))
    }
}

/// One page of a DescribeInstances answer.
///
/// # Errors
/// When the body is not a JSON object holding `Instances`, or a field has an impossible type.
pub fn instances_page(body: &str) -> Result<InstancePage, serde_json::Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Body {
        // No `default`: an answer without the action's list (`{}`, `[]`) is not an empty one.
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
    require_object(body)?;
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
