//! The Kakao Event API as the notifications' push channel: [`EventApiClient`] implements
//! `junggye_notifications::PushGateway` over `POST /v2/bots/{botId}/talk` and
//! `GET /v1/tasks/{taskId}` (`kakao-event-api.md`).
//!
//! With the `stand-in` feature, `stand_in` is a local server that answers like Kakao, for
//! integration tests and the playground. The status and per-user result mapping is described
//! in `docs/notifications.md` ("Event API adapter").

mod client;
mod config;
mod dto;
#[cfg(test)]
mod properties;
mod results;
mod send;
#[cfg(feature = "stand-in")]
pub mod stand_in;

pub use client::EventApiClient;
pub use config::EventApiConfig;
pub use results::SKILL_ERROR_TYPE;
