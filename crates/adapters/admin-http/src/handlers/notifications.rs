//! `/admin/notifications`: every notification with where its push stands, and a retry for a
//! push that ended undelivered.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_notifications::{
    AdminFilter, AdminNotification, MemberId, NotificationError, NotificationId, NotificationKind,
    PushState, render,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/notifications", web::get().to(list))
        .route("/notifications/{id}/retry", web::post().to(retry));
}

impl From<NotificationError> for ApiError {
    fn from(error: NotificationError) -> Self {
        match error {
            NotificationError::NotRetryable => Self::Conflict {
                code: "not_retryable",
                message: "only a push that failed, was unreachable or went to the inbox only \
                          can be queued again"
                    .into(),
            },
            NotificationError::Invalid(v) => Self::invalid(v.field, v.message),
            NotificationError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

/// A notification and its push.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationDto {
    pub id: i64,
    pub member_id: i64,
    /// `order_paid`, `order_shipped`, `keyword_match`, ...
    pub kind: String,
    /// What the member reads.
    pub title: String,
    pub body: String,
    /// `undecided` | `inbox` | `queued` | `sending` | `sent` | `delivered` | `failed` |
    /// `unreachable`.
    pub push_state: String,
    /// Whether the member has seen it.
    pub read: bool,
    pub created_at: DateTime<Utc>,
    /// When the push is (or was last) due.
    pub push_at: Option<DateTime<Utc>>,
    /// Failed sends so far.
    pub failures: u32,
}

impl From<AdminNotification> for NotificationDto {
    fn from(n: AdminNotification) -> Self {
        let text = render(&n.payload);
        Self {
            id: n.id.0,
            member_id: n.member.0,
            kind: n.kind.code().to_owned(),
            title: text.title,
            body: text.body,
            push_state: n.state.code().to_owned(),
            read: n.read,
            created_at: n.created_at,
            push_at: n.push_at,
            failures: n.failures,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<NotificationDto>,
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// Only this member's.
    pub member: Option<i64>,
    /// Only this kind (`order_paid`, ...).
    pub kind: Option<String>,
    /// Only this push state (`failed`, `queued`, ...).
    pub status: Option<String>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// Lists notifications.
#[utoipa::path(get, path = "/admin/notifications", tag = "notifications",
    params(NotificationQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = NotificationPage),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging, unknown kind or status", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let filled = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let kind = filled(&query.kind)
        .map(|k| {
            NotificationKind::from_code(&k).ok_or_else(|| {
                ApiError::invalid(
                    "kind",
                    "kind must be one of the notification kinds (order_paid, ...)",
                )
            })
        })
        .transpose()?;
    let state_filter = filled(&query.status)
        .map(|s| {
            PushState::from_code(&s).ok_or_else(|| {
                ApiError::invalid(
                    "status",
                    "status must be undecided, inbox, queued, sending, sent, delivered, failed or unreachable",
                )
            })
        })
        .transpose()?;
    let filter = AdminFilter {
        member: query.member.map(MemberId),
        kind,
        state: state_filter,
    };
    let found = state.notifications.admin_list(&filter, page).await?;
    Ok(HttpResponse::Ok().json(NotificationPage {
        items: found.items.into_iter().map(NotificationDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// Queues a push that failed, was unreachable or stayed in the inbox again, now.
#[utoipa::path(post, path = "/admin/notifications/{id}/retry", tag = "notifications",
    params(("id" = i64, Path, description = "Notification id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Queued"),
        (status = 401, body = ErrorBody),
        (status = 409, description = "Missing, or queued, sending, sent or delivered", body = ErrorBody),
    ))]
pub(crate) async fn retry(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state
        .notifications
        .retry(NotificationId(id.into_inner()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
