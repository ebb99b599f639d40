//! The junggye server: configuration, telemetry and the wiring of every adapter.
//!
//! This is the only crate that sees everything; it holds no business rules.

pub mod admin;
pub mod alerts;
pub mod background;
mod call_budget;
pub mod cli;
pub mod config;
pub mod deals;
pub mod health;
pub mod images;
pub mod listing_care;
pub mod metrics;
pub mod notifications;
pub mod orders;
pub mod playground;
pub mod seed;
pub mod services;
pub mod skill_log_retention;
pub mod startup;
pub mod telemetry;
