//! `/admin/reports`: the report queue (docs/safety.md) and the decision on one report, which
//! closes every open report of its target.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_products::reports::{Report, ReportAction, ReportError, ReportId, ReportStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/reports", web::get().to(list))
        .route("/reports/{id}/resolve", web::post().to(resolve));
}

impl From<ReportError> for ApiError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::NotFound => Self::NotFound("report not found".into()),
            ReportError::AlreadyResolved => Self::Conflict {
                code: "already_resolved",
                message: "the report was resolved before".into(),
            },
            ReportError::NotApplicable(action) => Self::Conflict {
                code: "not_applicable",
                message: format!("{} does not apply to this report's target", action.code()),
            },
            ReportError::Product(e) => e.into(),
            // Member-facing refusal; no admin route reaches it.
            ReportError::OwnTarget => {
                Self::Unexpected(anyhow::anyhow!("member-only refusal on admin: {error}"))
            }
            ReportError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

/// A report of a listing or a member.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportDto {
    pub id: i64,
    pub reporter_id: i64,
    /// `product` | `member`.
    pub target_type: String,
    pub target_id: i64,
    /// `fraud` | `prohibited` | `spam` | `abusive` | `other`.
    pub reason: String,
    /// `open` | `resolved`.
    pub status: String,
    /// `dismiss` | `hide_listing` | `suspend_member`, once resolved.
    pub action: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<Report> for ReportDto {
    fn from(r: Report) -> Self {
        Self {
            id: r.id.0,
            reporter_id: r.reporter.0,
            target_type: r.target.kind().to_owned(),
            target_id: r.target.id(),
            reason: r.reason.code().to_owned(),
            status: r.status.code().to_owned(),
            action: r.action.map(|a| a.code().to_owned()),
            created_at: r.created_at,
            resolved_at: r.resolved_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportPage {
    /// Open reports oldest first; resolved ones newest first.
    pub items: Vec<ReportDto>,
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportQuery {
    /// `open` (default) | `resolved`.
    pub status: Option<String>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// The decision on a report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResolveReport {
    /// `dismiss` (a listing comes back into view) | `hide_listing` | `suspend_member` (the
    /// member, or the listing's seller).
    pub action: String,
}

/// Lists reports by status.
#[utoipa::path(get, path = "/admin/reports", tag = "reports",
    params(ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportPage),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Unknown status or out-of-range paging", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let status = match query.status.as_deref() {
        None => ReportStatus::Open,
        Some(code) => ReportStatus::from_code(code)
            .ok_or_else(|| ApiError::invalid("status", "status must be open or resolved"))?,
    };
    let found = state.reports.list(status, page).await?;
    Ok(HttpResponse::Ok().json(ReportPage {
        items: found.items.into_iter().map(ReportDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// Decides a report: applies the action and closes every open report of its target.
#[utoipa::path(post, path = "/admin/reports/{id}/resolve", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    request_body = ResolveReport,
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportDto),
        (status = 400, description = "Malformed body or id", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such report", body = ErrorBody),
        (status = 409, description = "Already resolved (`already_resolved`), an action that does not fit the target (`not_applicable`), or a listing that cannot be hidden now (`invalid_transition`)", body = ErrorBody),
        (status = 422, description = "Unknown action", body = ErrorBody),
    ))]
pub(crate) async fn resolve(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    body: web::Json<ResolveReport>,
) -> Result<HttpResponse, ApiError> {
    let action = ReportAction::from_code(&body.action).ok_or_else(|| {
        ApiError::invalid(
            "action",
            "action must be dismiss, hide_listing or suspend_member",
        )
    })?;
    let report = state
        .reports
        .resolve(ReportId(id.into_inner()), action)
        .await?;
    Ok(HttpResponse::Ok().json(ReportDto::from(report)))
}
