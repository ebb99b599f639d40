//! `GET /admin/skill-logs`: every skill call with its bodies.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_domain_common::reports::{SkillLogFilter, SkillLogRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/skill-logs", web::get().to(list));
}

/// One skill call.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SkillLogDto {
    pub id: i64,
    /// Kakao user key, when the payload had one.
    pub user_key: Option<String>,
    pub route: String,
    /// HTTP status sent.
    pub status: u16,
    pub latency_ms: u32,
    /// Request body as received (bounded).
    pub request_body: String,
    /// Response body as sent (bounded).
    pub response_body: String,
    /// When the call arrived.
    pub created_at: DateTime<Utc>,
}

impl From<SkillLogRecord> for SkillLogDto {
    fn from(r: SkillLogRecord) -> Self {
        Self {
            id: r.id,
            user_key: r.user_key,
            route: r.route,
            status: r.status,
            latency_ms: r.latency_ms,
            request_body: r.request_body,
            response_body: r.response_body,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SkillLogPage {
    /// Calls, newest first.
    pub items: Vec<SkillLogDto>,
    /// 0-based page number.
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SkillLogQueryParams {
    /// Exactly this Kakao user key.
    pub user: Option<String>,
    /// Exactly this route, e.g. `/skill/members/join`.
    pub route: Option<String>,
    /// Calls at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Calls before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// Skill calls, newest first.
#[utoipa::path(get, path = "/admin/skill-logs", tag = "skill-logs", params(SkillLogQueryParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = SkillLogPage),
        (status = 400, description = "Malformed query (e.g. a bad timestamp)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range page size, or from after to", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<SkillLogQueryParams>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::invalid("from", "from must not be after to"));
    }
    let filter = SkillLogFilter {
        user_key: query.user.filter(|u| !u.is_empty()),
        route: query.route.filter(|r| !r.is_empty()),
        from: query.from,
        to: query.to,
    };
    let found = state.skill_logs.find(&filter, page).await?;
    Ok(HttpResponse::Ok().json(SkillLogPage {
        items: found.items.into_iter().map(SkillLogDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}
