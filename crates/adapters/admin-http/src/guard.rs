//! The bearer-token check in front of every protected admin route.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage as _, web};
use junggye_members::AdminAccount;

use crate::error::ApiError;
use crate::state::AdminState;

/// The admin making the request (in request extensions after the guard).
#[derive(Debug, Clone)]
pub(crate) struct AdminUser(pub AdminAccount);

/// Lets a request through only with a valid token of an existing, enabled admin.
///
/// The account is looked up on every request (by primary key) so that disabling or deleting
/// an admin takes effect at once, not when their token expires.
pub(crate) async fn require_admin(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let state = req
        .app_data::<web::Data<AdminState>>()
        .cloned()
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("admin state is not registered")))?;
    let token = bearer_token(&req).ok_or_else(|| {
        ApiError::Unauthorized("missing bearer token in the Authorization header".into())
    })?;
    let id = state.jwt.verify(token).map_err(|error| {
        tracing::info!(error = %format!("{error:#}"), "admin token refused");
        ApiError::Unauthorized("invalid or expired token".into())
    })?;
    let account = state.auth.authorize(id).await.map_err(ApiError::from)?;
    req.extensions_mut().insert(AdminUser(account));
    next.call(req).await
}

fn bearer_token(req: &ServiceRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
