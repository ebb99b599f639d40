//! `POST /admin/login`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AdminState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "ops")]
    pub username: String,
    pub password: String,
}

/// A fresh access token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// The JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

/// Exchanges a username and password for an access token.
#[utoipa::path(
    post,
    path = "/admin/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong username or password, or disabled account", body = ErrorBody),
        (status = 429, description = "Too many attempts from this IP or for this username", body = ErrorBody),
    )
)]
pub(crate) async fn login(
    req: HttpRequest,
    state: web::Data<AdminState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let ip = state.trusted_proxies.of(&req);
    if !state.login_limit.allow(&ip, &body.username) {
        tracing::warn!(%ip, "admin login rate limit hit");
        return Err(ApiError::TooManyAttempts);
    }
    let account = state
        .auth
        .login(&body.username, &body.password)
        .await
        .inspect_err(|_| tracing::info!(%ip, "admin login refused"))?;
    let token = state.jwt.issue(account.id)?;
    tracing::info!(admin = account.id.0, %ip, "admin logged in");
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: token,
        token_type: "Bearer",
        expires_in: state.jwt.ttl().as_secs(),
    }))
}
