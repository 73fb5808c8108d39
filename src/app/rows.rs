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
            instances: instances.into_iter().map(Arc::new).collect(),
            search,
        }
    }
}
