//! Runs a skill under the deadline and turns its outcome into Kakao's JSON.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::web::{self, Bytes};
use junggye_kakao_protocol::response::limits::SOFT_RESPONSE_BYTES;
use junggye_kakao_protocol::{SkillPayload, SkillResponse, ValidationRequest, ValidationResponse};

use crate::error::SkillError;
use crate::guard::Guarded;
use crate::reply;
use crate::state::SkillState;

pub(crate) type SkillResult = Result<SkillResponse, SkillError>;
/// A boxed skill future; `Send + 'static` so it can outlive the HTTP request.
pub(crate) type SkillFuture = Pin<Box<dyn Future<Output = SkillResult> + Send>>;
/// A skill: the shared state and the payload in, a reply out.
pub(crate) type SkillFn = fn(Arc<SkillState>, Arc<SkillPayload>) -> SkillFuture;

/// The reply body, kept in response extensions for the skill log (shared, not copied).
#[derive(Clone)]
pub(crate) struct ReplyBody(pub(crate) Bytes);

pub(crate) async fn run_skill(
    route: &'static str,
    skill: SkillFn,
    call: Guarded<SkillPayload>,
    state: web::Data<SkillState>,
) -> HttpResponse {
    let state = state.into_inner();
    let payload = Arc::new(call.0);
    if !state.limiter.allow(payload.user_id()).await {
        tracing::warn!(route, user = payload.user_id(), "skill call rate-limited");
        return kakao_json(reply::fallback(reply::RATE_LIMITED).to_json());
    }
    // The skill runs in its own task: past the deadline the user gets an answer while the
    // task finishes whatever it started (a save, a refund) instead of being dropped midway.
    let work = skill(Arc::clone(&state), payload);
    let task = match &state.runtime {
        Some(runtime) => runtime.spawn(work),
        None => tokio::spawn(work),
    };
    let response = match tokio::time::timeout(state.config.deadline, task).await {
        Ok(Ok(Ok(response))) => response,
        Ok(Ok(Err(err))) => reply::for_error(&state.blocks, route, &err),
        Ok(Err(join_error)) => {
            tracing::error!(route, error = %join_error, "skill task panicked");
            reply::fallback(reply::GENERIC_ERROR)
        }
        Err(_) => {
            tracing::warn!(route, deadline = ?state.config.deadline, "skill passed its deadline");
            reply::fallback(reply::TOO_SLOW)
        }
    };
    // Serialised once: the size check reads the body that is sent.
    let body = response.to_json();
    if body.len() > SOFT_RESPONSE_BYTES {
        tracing::warn!(route, "reply is larger than the 30 KiB Kakao may deliver");
    }
    kakao_json(body)
}

/// Parameter validation is pure and fast: no task, no deadline needed.
pub(crate) async fn run_validation(
    route: &str,
    validate: fn(&ValidationRequest) -> ValidationResponse,
    call: &Guarded<ValidationRequest>,
    state: &SkillState,
) -> HttpResponse {
    let response = if state.limiter.allow(call.0.user_id()).await {
        validate(&call.0)
    } else {
        tracing::warn!(route, "validation call rate-limited");
        ValidationResponse::error(reply::RATE_LIMITED)
    };
    let body = serde_json::to_string(&response)
        .unwrap_or_else(|_| r#"{"status":"ERROR","message":"잠시 후 다시 시도해주세요."}"#.into());
    kakao_json(body)
}

fn kakao_json(body: String) -> HttpResponse {
    let body = Bytes::from(body);
    let mut response = HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .body(body.clone());
    response.extensions_mut().insert(ReplyBody(body));
    response
}
