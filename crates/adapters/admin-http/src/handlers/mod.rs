//! One module per resource.

pub(crate) mod audit;
pub(crate) mod auth;
pub(crate) mod members;
pub(crate) mod notices;
pub(crate) mod notifications;
pub(crate) mod offers;
pub(crate) mod orders;
pub(crate) mod products;
pub(crate) mod reports;
pub(crate) mod reviews;
pub(crate) mod skill_logs;
pub(crate) mod stats;
