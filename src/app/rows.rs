//! An answer's instances as the browser holds them: shared rows and their search texts, made
//! by the worker, so the UI thread does not build 100,000 search texts when an answer comes.

use std::sync::Arc;

use super::filter;
use crate::api::Instance;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    pub instances: Vec<Arc<Instance>>,
    /// `filter::search_text` of each instance, in the same order.
    pub search: Vec<Arc<str>>,
}

impl Rows {
    #[must_use]
    pub fn len(&self) -> usize {
        self.instances.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }
}

/// Builds the search texts (on all cores for a big answer): call it off the UI thread.
impl From<Vec<Instance>> for Rows {
    fn from(instances: Vec<Instance>) -> Self {
        let search = filter::search_texts(&instances);
        Rows {
            instances: shared(instances),
            search,
        }
    }
}

/// Each instance moved behind an `Arc`, in order. Moved from the back a slice at a time, and
/// the source shrunk after each, so the two lists never both hold every instance (~60 MB at
/// 100,000; shrinking a big allocation gives its tail back without copying).
fn shared(mut instances: Vec<Instance>) -> Vec<Arc<Instance>> {
    const STEP: usize = 8_192;
    let mut shared = Vec::with_capacity(instances.len());
    while !instances.is_empty() {
        let from = instances.len().saturating_sub(STEP);
        shared.extend(instances.drain(from..).rev().map(Arc::new));
        instances.shrink_to_fit();
    }
    shared.reverse();
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_the_answers_order() {
        let instances: Vec<Instance> = (0..20_000)
            .map(|n| {
                let text = format!(r#"{{"InstanceId":"i-{n}"}}"#);
                let raw = serde_json::value::RawValue::from_string(text).expect("json");
                Instance::from_raw(raw).expect("instance")
            })
            .collect();
        let rows = Rows::from(instances.clone());
        assert_eq!(rows.len(), instances.len());
        assert!(
            rows.instances
                .iter()
                .map(AsRef::as_ref)
                .eq(instances.iter())
        );
        assert_eq!(rows.search.len(), instances.len());
        assert!(rows.search[19_999].starts_with("i-19999\t"));
    }
}
