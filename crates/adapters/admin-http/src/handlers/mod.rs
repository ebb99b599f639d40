//! One module per resource.

pub(crate) mod auth;
pub(crate) mod members;
pub(crate) mod skill_logs;
pub(crate) mod stats;
