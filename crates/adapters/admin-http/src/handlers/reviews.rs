//! `/admin/reviews`: every review with its order and parties, and removal of one (the reviewed
//! member's 매너온도 is recomputed without it, in the deletion's transaction).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_orders::{MemberId, OrderId, Review, ReviewError, ReviewFilter, ReviewId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/reviews", web::get().to(list))
        .route("/reviews/{id}", web::delete().to(delete));
}

impl From<ReviewError> for ApiError {
    fn from(error: ReviewError) -> Self {
        match error {
            ReviewError::NotFound => Self::NotFound("review not found".into()),
            ReviewError::Invalid(v) => Self::invalid(v.field, v.message),
            ReviewError::Unexpected(e) => Self::Unexpected(e),
            // Member-facing refusals; no admin route reaches them.
            other @ (ReviewError::NotCompleted
            | ReviewError::AlreadyReviewed
            | ReviewError::NotCandidate
            | ReviewError::BuyerNotRecordable) => Self::Conflict {
                code: "review_refused",
                message: other.to_string(),
            },
        }
    }
}

/// A review of one party of a trade by the other.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewDto {
    pub id: i64,
    pub order_id: i64,
    pub reviewer_id: i64,
    /// Empty when the reviewer has left.
    pub reviewer_nickname: String,
    pub reviewee_id: i64,
    /// `great` | `good` | `bad`.
    pub rating: String,
    pub text: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Review> for ReviewDto {
    fn from(r: Review) -> Self {
        Self {
            id: r.id.0,
            order_id: r.order.0,
            reviewer_id: r.reviewer.0,
            reviewer_nickname: r.reviewer_nickname,
            reviewee_id: r.reviewee.0,
            rating: r.rating.code().to_owned(),
            text: r.text,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewPage {
    /// Newest first.
    pub items: Vec<ReviewDto>,
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReviewQuery {
    /// Only reviews this member wrote or received.
    pub member: Option<i64>,
    /// Only this order's reviews.
    pub order: Option<i64>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// Lists reviews.
#[utoipa::path(get, path = "/admin/reviews", tag = "reviews",
    params(ReviewQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReviewPage),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<ReviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let filter = ReviewFilter {
        member: query.member.map(MemberId),
        order: query.order.map(OrderId),
    };
    let found = state.reviews.list(filter, page).await?;
    Ok(HttpResponse::Ok().json(ReviewPage {
        items: found.items.into_iter().map(ReviewDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// Deletes a review; the reviewed member's 매너온도 is recomputed without it.
#[utoipa::path(delete, path = "/admin/reviews/{id}", tag = "reviews",
    params(("id" = i64, Path, description = "Review id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody),
    ))]
pub(crate) async fn delete(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state.reviews.delete(ReviewId(id.into_inner())).await?;
    Ok(HttpResponse::NoContent().finish())
}
