//! The ECS API: signing, the client, the actions ecs-tui calls, and their models.

pub mod actions;
pub mod client;
pub mod clock;
pub mod error;
pub mod fetch;
pub mod limiter;
pub mod model;
pub mod parse;
pub mod progress;
pub mod scrub;
pub mod sign;

pub use actions::{InstanceQuery, PageRequest};
pub use client::{Client, ClientOptions, RetryPolicy};
pub use error::{ApiError, Error, TransportKind};
pub use fetch::{Paging, Plan, fetch_instances, fetch_regions};
pub use model::{Instance, Region, Tag};
