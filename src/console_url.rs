//! The Alibaba Cloud console page of one instance.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// `https://ecs.console.aliyun.com/server/<instance-id>/detail?regionId=<region>`, the form
/// the console itself links to. Both parts are escaped: they come from the API, not from us.
#[must_use]
pub fn instance_url(region_id: &str, instance_id: &str) -> String {
    let id = utf8_percent_encode(instance_id, NON_ALPHANUMERIC).to_string();
    let region = utf8_percent_encode(region_id, NON_ALPHANUMERIC).to_string();
    // Ids and regions are letters, digits and '-': keep the URL readable for those.
    let (id, region) = (id.replace("%2D", "-"), region.replace("%2D", "-"));
    format!("https://ecs.console.aliyun.com/server/{id}/detail?regionId={region}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_detail_page() {
        assert_eq!(
            instance_url("cn-hangzhou", "i-bp1a2b3c4d5e6f7g8h9"),
            "https://ecs.console.aliyun.com/server/i-bp1a2b3c4d5e6f7g8h9/detail?regionId=cn-hangzhou"
        );
    }

    #[test]
    fn odd_characters_are_escaped() {
        assert_eq!(
            instance_url("cn-x&y=1", "i-a/../b"),
            "https://ecs.console.aliyun.com/server/i-a%2F%2E%2E%2Fb/detail?regionId=cn-x%26y%3D1"
        );
    }
}
