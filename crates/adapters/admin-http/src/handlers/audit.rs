//! `/admin/audit`: who did which admin change when, newest first.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_members::AuditEntry;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/audit", web::get().to(list));
}

/// One change asked through the admin API.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    /// The admin's username.
    pub username: String,
    /// Method and route, e.g. `POST /admin/orders/{id}/refund`.
    pub action: String,
    /// The path with its ids, e.g. `/admin/orders/42/refund`.
    pub target: String,
    /// The HTTP status it ended with (`403 viewer` when a viewer was refused).
    pub outcome: String,
    pub at: DateTime<Utc>,
}

impl From<AuditEntry> for AuditDto {
    fn from(entry: AuditEntry) -> Self {
        Self {
            id: entry.id,
            username: entry.record.username,
            action: entry.record.action,
            target: entry.record.target,
            outcome: entry.record.outcome,
            at: entry.record.at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<AuditDto>,
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only this admin's actions.
    pub username: Option<String>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// Lists admin actions.
#[utoipa::path(get, path = "/admin/audit", tag = "audit",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = AuditPage),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let username = query
        .username
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty());
    let found = state.audit.list(username, page).await?;
    Ok(HttpResponse::Ok().json(AuditPage {
        items: found.items.into_iter().map(AuditDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}
