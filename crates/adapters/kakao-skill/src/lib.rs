//! The Kakao i Open Builder skill server: guards, dispatch with a deadline, and the skills.
//!
//! Every skill is `POST /skill/...` with a SkillPayload. The request passes, in order: the
//! shared-secret header (401), the 64 KiB body cap (413), JSON parsing (400), the bot id
//! allowlist (403), then the per-user rate limit (answered in Korean, HTTP 200). The handler
//! then runs in its own task under a deadline: past it the user gets a friendly reply while
//! the task finishes its side effects in the background.

mod blocks;
mod config;
mod dispatch;
mod error;
mod guard;
mod handlers;
mod log_queue;
pub mod pay;
mod rate_limit;
mod reply;
mod state;

pub use blocks::{Block, BlockSpec, Blocks, ScenarioError, SlotSpec};
pub use config::SkillConfig;
pub use log_queue::{SkillLogQueue, SkillLogWriter};
pub use rate_limit::SharedCallBudget;
#[cfg(feature = "testing")]
pub use state::testing;
pub use state::{SkillServices, SkillState};

use actix_web::web;

/// Mounts `/skill/...` on an actix app. `state` must also be registered as app data.
pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<SkillState>) {
    handlers::configure(cfg, state);
}
