//! `/admin/orders`: orders with their payment, admin cancel (with refund) and completion.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_orders::{Order, OrderError, OrderId, OrderStatus, Payment};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/orders", web::get().to(list))
        .route("/orders/{id}", web::get().to(get))
        .route("/orders/{id}/cancel", web::post().to(cancel))
        .route("/orders/{id}/complete", web::post().to(complete));
}

impl From<OrderError> for ApiError {
    fn from(error: OrderError) -> Self {
        match error {
            OrderError::NotFound => Self::NotFound("order not found".into()),
            OrderError::InvalidTransition { status, .. } => Self::Conflict {
                code: "invalid_transition",
                message: format!("not allowed while the order is {}", status.code()),
            },
            OrderError::Invalid(v) => Self::invalid(v.field, v.message),
            // The admin use cases start no payment: anything else is unexpected here.
            other => Self::Unexpected(anyhow::Error::new(other)),
        }
    }
}

/// A payment attempt.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PaymentDto {
    pub id: i64,
    /// `dev` | `kakaopay`.
    pub backend: String,
    /// The gateway's transaction id.
    pub tid: Option<String>,
    /// Amount in won.
    pub amount: i64,
    /// `ready` | `approving` | `approved` | `cancel_requested` | `cancelled` | `failed`.
    pub status: String,
    /// `CARD`, `MONEY`, ...
    pub method: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    /// Refund time.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The gateway's error code.
    pub failure_code: Option<String>,
}

impl From<Payment> for PaymentDto {
    fn from(p: Payment) -> Self {
        Self {
            id: p.id.0,
            backend: p.backend,
            tid: p.tid.map(|t| t.0),
            amount: p.amount.0,
            status: p.status.code().to_owned(),
            method: p.method.map(|m| m.code().to_owned()),
            approved_at: p.approved_at,
            cancelled_at: p.cancelled_at,
            failure_code: p.failure_code,
        }
    }
}

/// An order with its payment.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrderDto {
    pub id: i64,
    /// Public order number.
    pub order_no: String,
    pub product_id: i64,
    pub buyer_id: i64,
    pub seller_id: i64,
    /// Amount in won, fixed at payment.
    pub amount: i64,
    /// `awaiting_payment` | `paid` | `shipped` | `purchase_confirmed` | `completed` | `cancelled`.
    pub status: String,
    /// Set by the seller.
    pub tracking_number: Option<String>,
    /// Why it was cancelled (`admin`, `buyer_cancelled`, ...).
    pub cancel_reason: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    /// First tracking number.
    pub shipped_at: Option<DateTime<Utc>>,
    pub buyer_confirmed_at: Option<DateTime<Utc>>,
    /// The seller's sale confirmation (completion).
    pub seller_confirmed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub payment: PaymentDto,
}

impl From<Order> for OrderDto {
    fn from(o: Order) -> Self {
        Self {
            id: o.id.0,
            order_no: o.order_no.as_str().to_owned(),
            product_id: o.product_id.0,
            buyer_id: o.buyer_id.0,
            seller_id: o.seller_id.0,
            amount: o.amount.0,
            status: o.status.code().to_owned(),
            tracking_number: o.tracking_number,
            cancel_reason: o.cancel_reason.map(|r| r.code().to_owned()),
            paid_at: o.paid_at,
            shipped_at: o.shipped_at,
            buyer_confirmed_at: o.buyer_confirmed_at,
            seller_confirmed_at: o.seller_confirmed_at,
            cancelled_at: o.cancelled_at,
            created_at: o.created_at,
            payment: o.payment.into(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrderPage {
    /// Orders, newest first.
    pub items: Vec<OrderDto>,
    /// 0-based page number.
    pub page: u32,
    /// Page size.
    pub size: u32,
    /// Whether a next page exists.
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrderQuery {
    /// Exactly this status.
    pub status: Option<String>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// What an admin cancel did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CancelResult {
    /// The order after the cancel.
    pub order: OrderDto,
    /// Whether the gateway confirmed the refund; otherwise it is owed and the reconciliation
    /// job retries it.
    pub refunded: bool,
}

/// Lists orders.
#[utoipa::path(get, path = "/admin/orders", tag = "orders", params(OrderQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = OrderPage),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging or unknown status", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<OrderQuery>,
) -> Result<HttpResponse, ApiError> {
    let orders = &state.orders;
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let status = query
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            OrderStatus::from_code(s).ok_or_else(|| {
                ApiError::invalid(
                    "status",
                    "status must be awaiting_payment, paid, shipped, purchase_confirmed, completed or cancelled",
                )
            })
        })
        .transpose()?;
    let found = orders.admin_list(status, page).await?;
    Ok(HttpResponse::Ok().json(OrderPage {
        items: found.items.into_iter().map(OrderDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// One order with its payment.
#[utoipa::path(get, path = "/admin/orders/{id}", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = OrderDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let order = state.orders.admin_get(OrderId(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(OrderDto::from(order)))
}

/// Cancels an open order (paid, shipped, purchase-confirmed) and refunds it through the
/// payment gateway; the listing goes back on sale.
#[utoipa::path(post, path = "/admin/orders/{id}/cancel", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = CancelResult),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not open (awaiting payment, completed, cancelled)", body = ErrorBody),
    ))]
pub(crate) async fn cancel(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let orders = &state.orders;
    let id = OrderId(id.into_inner());
    let outcome = orders.admin_cancel(id).await?;
    let order = orders.admin_get(id).await?;
    Ok(HttpResponse::Ok().json(CancelResult {
        order: order.into(),
        refunded: outcome.refunded,
    }))
}

/// Completes an order for the seller: only once the buyer confirmed the purchase.
#[utoipa::path(post, path = "/admin/orders/{id}/complete", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = OrderDto),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "No purchase confirmation yet, or already settled", body = ErrorBody),
    ))]
pub(crate) async fn complete(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let order = state
        .orders
        .admin_complete(OrderId(id.into_inner()))
        .await?;
    Ok(HttpResponse::Ok().json(OrderDto::from(order)))
}
