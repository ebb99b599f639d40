//! The bearer-token check in front of every protected admin route, the role check (a viewer
//! only reads), and the audit record of every change an admin asks for.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage as _, HttpRequest, web};
use chrono::Utc;
use junggye_members::{AdminAccount, AuditRecord};

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
    let reads = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if reads {
        req.extensions_mut().insert(AdminUser(account));
        return next.call(req).await;
    }
    if !account.role.may_change() {
        audit(&state, &account, req.request(), "403 viewer").await;
        return Err(
            ApiError::Forbidden(format!("{} accounts can only read", account.role.code())).into(),
        );
    }
    req.extensions_mut().insert(AdminUser(account.clone()));
    let response = next.call(req).await?;
    let outcome = response.status().as_u16().to_string();
    audit(&state, &account, response.request(), &outcome).await;
    Ok(response)
}

/// Records a change asked by `account`. A failure to record is logged, not turned into a
/// failure of the action, which has already happened.
async fn audit(state: &AdminState, account: &AdminAccount, req: &HttpRequest, outcome: &str) {
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let record = AuditRecord {
        username: account.username.clone(),
        action: format!("{} {route}", req.method()),
        target: req.path().to_owned(),
        outcome: outcome.to_owned(),
        at: Utc::now(),
    };
    if let Err(error) = state.audit.record(&record).await {
        tracing::error!(error = ?error, action = %record.action, "admin action not audited");
    }
}

fn bearer_token(req: &ServiceRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
