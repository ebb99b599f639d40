//! The offers of a listing, for its admin view.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_orders::{Offer, OfferError};
use junggye_products::ProductId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/products/{id}/offers", web::get().to(list));
}

impl From<OfferError> for ApiError {
    fn from(error: OfferError) -> Self {
        // The admin view only reads: any refusal here is unexpected.
        Self::Unexpected(anyhow::Error::new(error))
    }
}

/// A price offer on a listing.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OfferDto {
    pub id: i64,
    pub product_id: i64,
    pub buyer_id: i64,
    pub seller_id: i64,
    /// Offered price in won.
    pub price: i64,
    /// `open` | `accepted` | `rejected` | `expired` | `paid`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// End of the reservation an acceptance made.
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<Offer> for OfferDto {
    fn from(o: Offer) -> Self {
        Self {
            id: o.id.0,
            product_id: o.product_id.0,
            buyer_id: o.buyer_id.0,
            seller_id: o.seller_id.0,
            price: o.price.0,
            state: o.state.code().to_owned(),
            created_at: o.created_at,
            answered_at: o.answered_at,
            expires_at: o.expires_at,
        }
    }
}

/// The offers of one listing, newest first (at most 100).
#[utoipa::path(get, path = "/admin/products/{id}/offers", tag = "products",
    params(("id" = i64, Path, description = "Listing id")),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<OfferDto>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let product = ProductId(id.into_inner());
    // 404 for a listing that never existed, like its own view.
    state.products.admin_get(product).await?;
    let offers = state.offers.of_listing(product).await?;
    Ok(HttpResponse::Ok().json(offers.into_iter().map(OfferDto::from).collect::<Vec<_>>()))
}
