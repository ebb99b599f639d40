//! A local server that answers like the Event API (`kakao-event-api.md` §10), for integration
//! tests and the playground: `POST /v2/bots/{botId}/talk` and `GET /v1/tasks/{taskId}`.
//!
//! Kakao delivers after it answers a send; the stand-in delivers first (calling the event
//! block's skill, when one is configured), so a task is complete as soon as its send returns.
//! Where Kakao's behaviour is unknown (error answers, codes other than 201) the choices are
//! the stand-in's own and say so; docs/notifications.md lists them.
//!
//! From a test: `let (base_url, handle) = StandIn::new(config).start()?;`, then point an
//! [`crate::EventApiConfig`] at `base_url`. In an app:
//! `.configure(|c| configure(c, stand_in.clone()))`, inside a `web::scope` to put it under a
//! prefix (the client keeps a base URL's path).

mod deliver;
mod handlers;
mod payload;
mod server;
mod state;

pub use payload::skill_payload;
pub use state::{
    Fault, NOT_FRIEND_ERROR_TYPE, SentEvent, SentUser, SkillHook, StandIn, StandInConfig,
};

use actix_web::web;

/// Mounts the stand-in's two routes, with `state` as theirs alone (another stand-in on the same
/// app keeps its own).
pub fn configure(cfg: &mut web::ServiceConfig, state: StandIn) {
    let state = web::Data::new(state);
    cfg.service(
        web::resource("/v2/bots/{bot_id}/talk")
            .app_data(state.clone())
            .route(web::post().to(handlers::talk)),
    )
    .service(
        web::resource("/v1/tasks/{task_id}")
            .app_data(state)
            .route(web::get().to(handlers::task)),
    );
}
