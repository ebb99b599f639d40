//! The pay routes the buyer's browser walks (docs/contract.md, payment; docs/kakao-protocol.md):
//! `GET /pay/{product_id}?token=` opens a payment and redirects to the gateway's page;
//! `GET /pay/orders/{order_no}/{approve,cancel,fail}` are the gateway's redirects back, answered
//! with small Korean HTML pages.
//!
//! The use cases run in their own tasks: a buyer closing the browser mid-approve must not drop
//! a capture or a refund halfway.

mod page;
mod token;

use std::future::Future;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpResponse, web};
use junggye_members::{ActiveMember, MemberError, MemberService};
use junggye_orders::{
    ApproveOutcome, CancelReason, MemberId, Order, OrderError, OrderNo, OrderService, OrderStatus,
    ProductId,
};
use serde::Deserialize;

pub use page::{PageLink, escape, render, respond};
pub use token::{LinkError, PayLinks};

/// What the pay routes need.
pub struct PayState {
    pub orders: Arc<OrderService>,
    /// To check the buyer is still an active member.
    pub members: Arc<MemberService>,
    pub links: Arc<PayLinks>,
    /// Where "채팅으로 돌아가기" leads (`kakao.channel_url`).
    pub channel_url: String,
    /// Where payment steps run: the process's main runtime, which outlives the actix workers
    /// (see `SkillState::runtime`); `None` runs them on the worker's.
    pub runtime: Option<tokio::runtime::Handle>,
}

/// Mounts the pay routes (plain routes, no `/pay` scope: the app serves `/pay/dev/…` too).
pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<PayState>) {
    cfg.app_data(state)
        .route("/pay/{product_id}", web::get().to(start))
        .route(
            "/pay/orders/{order_no}/{key}/approve",
            web::get().to(approve),
        )
        .route("/pay/orders/{order_no}/{key}/cancel", web::get().to(cancel))
        .route("/pay/orders/{order_no}/{key}/fail", web::get().to(fail))
        // Payments made before redirect keys existed (their redirects carry none).
        .route("/pay/orders/{order_no}/approve", web::get().to(approve))
        .route("/pay/orders/{order_no}/cancel", web::get().to(cancel))
        .route("/pay/orders/{order_no}/fail", web::get().to(fail));
}

/// `{order_no}` and, on the current routes, `{key}`.
#[derive(Debug, Deserialize)]
struct RedirectPath {
    order_no: String,
    key: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ApproveQuery {
    pg_token: Option<String>,
}

fn back_to_chat(state: &PayState) -> Vec<PageLink> {
    vec![PageLink {
        label: "채팅으로 돌아가기".into(),
        href: state.channel_url.clone(),
    }]
}

fn page(state: &PayState, status: StatusCode, title: &str, message: &str) -> HttpResponse {
    respond(status, render(title, message, &back_to_chat(state), None))
}

/// Runs a use case in its own task, so it completes even when the browser goes away.
async fn detached<T: Send + 'static>(
    state: &PayState,
    work: impl Future<Output = Result<T, OrderError>> + Send + 'static,
) -> Result<T, OrderError> {
    let task = match &state.runtime {
        Some(runtime) => runtime.spawn(work),
        None => tokio::spawn(work),
    };
    task.await
        .map_err(|e| OrderError::Unexpected(anyhow::Error::new(e).context("pay task failed")))?
}

async fn start(
    path: web::Path<String>,
    query: web::Query<TokenQuery>,
    state: web::Data<PayState>,
) -> HttpResponse {
    let Ok(product) = path.parse::<i64>().map(ProductId) else {
        return page(
            &state,
            StatusCode::NOT_FOUND,
            "상품을 찾을 수 없습니다",
            "찾을 수 없는 상품입니다.",
        );
    };
    let verified = query
        .token
        .as_deref()
        .ok_or(LinkError::Invalid)
        .and_then(|t| state.links.verify(t, product));
    let buyer = match verified {
        Ok(buyer) => buyer,
        Err(LinkError::Expired) => {
            return page(
                &state,
                StatusCode::BAD_REQUEST,
                "결제 링크가 만료되었습니다",
                "결제 링크의 유효 시간이 지났습니다.\n채팅에서 상품을 다시 열어 결제해주세요.",
            );
        }
        Err(LinkError::Invalid | LinkError::OtherProduct) => {
            return page(
                &state,
                StatusCode::FORBIDDEN,
                "잘못된 결제 링크입니다",
                "이 결제 링크는 사용할 수 없습니다.\n채팅에서 상품을 다시 열어 결제해주세요.",
            );
        }
    };
    let buyer = match active_buyer(&state, buyer).await {
        Ok(buyer) => buyer,
        Err(refusal) => return refusal,
    };
    let orders = Arc::clone(&state.orders);
    match detached(&state, async move {
        orders.start_payment(&buyer, product).await
    })
    .await
    {
        Ok(started) => HttpResponse::Found()
            .insert_header((LOCATION, started.redirect_url))
            .insert_header((CACHE_CONTROL, "no-store"))
            .finish(),
        Err(err) => start_error(&state, &err),
    }
}

/// The buyer as a member who may pay, or the refusal page: suspended (read only) or withdrawn.
async fn active_buyer(state: &PayState, id: MemberId) -> Result<ActiveMember, HttpResponse> {
    let member = state
        .members
        .get(id)
        .await
        .and_then(junggye_members::Member::into_active);
    match member {
        Ok(active) => Ok(active),
        Err(MemberError::Suspended) => Err(page(
            state,
            StatusCode::FORBIDDEN,
            "결제할 수 없습니다",
            "관리자에 의해 이용이 제한된 계정입니다.",
        )),
        Err(MemberError::Unexpected(e)) => {
            tracing::error!(error = ?e, "pay: member lookup failed");
            Err(page(
                state,
                StatusCode::INTERNAL_SERVER_ERROR,
                "일시적인 오류",
                "일시적인 오류가 발생했습니다.\n잠시 후 다시 시도해주세요.",
            ))
        }
        Err(_) => Err(page(
            state,
            StatusCode::FORBIDDEN,
            "결제할 수 없습니다",
            "회원만 결제할 수 있습니다.",
        )),
    }
}

fn start_error(state: &PayState, err: &OrderError) -> HttpResponse {
    let (status, title, message) = match err {
        OrderError::ListingNotFound => (
            StatusCode::NOT_FOUND,
            "상품을 찾을 수 없습니다",
            "찾을 수 없는 상품입니다.",
        ),
        OrderError::NotOnSale => (
            StatusCode::CONFLICT,
            "판매중인 상품이 아닙니다",
            "이미 판매되었거나 예약중인 상품입니다.",
        ),
        OrderError::OwnListing => (
            StatusCode::FORBIDDEN,
            "결제할 수 없습니다",
            "본인이 등록한 상품은 구매할 수 없습니다.",
        ),
        OrderError::Blocked => (
            StatusCode::FORBIDDEN,
            "결제할 수 없습니다",
            crate::error::BLOCKED_TRADE,
        ),
        OrderError::Gateway(e) => {
            tracing::warn!(code = %e.code(), "pay: ready failed");
            (
                StatusCode::BAD_GATEWAY,
                "결제를 시작하지 못했습니다",
                "결제 서비스에 연결하지 못했습니다.\n잠시 후 다시 시도해주세요.",
            )
        }
        other => {
            tracing::error!(error = ?other, "pay: start failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "일시적인 오류",
                "일시적인 오류가 발생했습니다.\n잠시 후 다시 시도해주세요.",
            )
        }
    };
    page(state, status, title, message)
}

fn not_found(state: &PayState) -> HttpResponse {
    page(
        state,
        StatusCode::NOT_FOUND,
        "주문을 찾을 수 없습니다",
        "찾을 수 없는 주문입니다.",
    )
}

fn unexpected(state: &PayState, err: &OrderError) -> HttpResponse {
    tracing::error!(error = ?err, "pay redirect failed");
    page(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        "일시적인 오류",
        "일시적인 오류가 발생했습니다.\n결제가 완료되었다면 채팅의 구매내역에서 확인할 수 있습니다.",
    )
}

async fn approve(
    path: web::Path<RedirectPath>,
    query: web::Query<ApproveQuery>,
    state: web::Data<PayState>,
) -> HttpResponse {
    let RedirectPath { order_no, key } = path.into_inner();
    let Some(no) = OrderNo::parse(&order_no) else {
        return not_found(&state);
    };
    let pg_token = query.pg_token.clone().unwrap_or_default();
    let orders = Arc::clone(&state.orders);
    let outcome = detached(&state, async move {
        orders.approve(&no, key.as_deref(), &pg_token).await
    })
    .await;
    let ok = StatusCode::OK;
    match outcome {
        Ok(ApproveOutcome::Paid(order)) => page(
            &state,
            ok,
            "결제가 완료되었습니다",
            &format!(
                "주문번호 {}\n결제금액 {}원\n판매자가 운송장번호를 입력하면 채팅의 구매내역에서 확인할 수 있습니다.",
                order.order_no,
                junggye_products::format_won(order.amount.0)
            ),
        ),
        Ok(ApproveOutcome::Refunded { reason, refunded }) => {
            let head = match reason {
                CancelReason::SoldOut => "이미 판매된 상품입니다.",
                CancelReason::ListingUnavailable => "더 이상 판매중이 아닌 상품입니다.",
                _ => "주문을 완료하지 못했습니다.",
            };
            let tail = if refunded {
                "결제가 취소(환불)되었습니다."
            } else {
                "결제 취소(환불)가 접수되었으며 곧 처리됩니다."
            };
            page(
                &state,
                ok,
                "결제가 취소되었습니다",
                &format!("{head} {tail}"),
            )
        }
        Ok(ApproveOutcome::Failed) => page(
            &state,
            ok,
            "결제가 완료되지 않았습니다",
            "결제가 승인되지 않았습니다. 청구된 금액은 없습니다.",
        ),
        Ok(ApproveOutcome::Pending) => page(
            &state,
            StatusCode::ACCEPTED,
            "결제를 확인하고 있습니다",
            "결제 결과를 확인하는 중입니다.\n잠시 후 채팅의 구매내역에서 확인해주세요.",
        ),
        Ok(ApproveOutcome::Cancelled(reason)) => page(
            &state,
            ok,
            "취소된 주문입니다",
            reason.map_or("취소된 주문입니다.", CancelReason::message),
        ),
        Err(OrderError::NotFound) => not_found(&state),
        Err(OrderError::PaymentNotReady) => page(
            &state,
            StatusCode::BAD_REQUEST,
            "잘못된 결제 요청입니다",
            "결제 정보를 확인할 수 없습니다.\n채팅에서 상품을 다시 열어 결제해주세요.",
        ),
        Err(err) => unexpected(&state, &err),
    }
}

async fn cancel(path: web::Path<RedirectPath>, state: web::Data<PayState>) -> HttpResponse {
    redirect_back(path.into_inner(), &state, true).await
}

async fn fail(path: web::Path<RedirectPath>, state: web::Data<PayState>) -> HttpResponse {
    redirect_back(path.into_inner(), &state, false).await
}

async fn redirect_back(path: RedirectPath, state: &PayState, cancelled: bool) -> HttpResponse {
    let Some(no) = OrderNo::parse(&path.order_no) else {
        return not_found(state);
    };
    let key = path.key;
    let orders = Arc::clone(&state.orders);
    let result = detached(state, async move {
        if cancelled {
            orders.payment_cancelled(&no, key.as_deref()).await
        } else {
            orders.payment_failed(&no, key.as_deref()).await
        }
    })
    .await;
    match result {
        Ok(order) => abandoned_page(state, &order, cancelled),
        Err(OrderError::NotFound) => not_found(state),
        Err(err) => unexpected(state, &err),
    }
}

fn abandoned_page(state: &PayState, order: &Order, cancelled: bool) -> HttpResponse {
    let ok = StatusCode::OK;
    match order.status {
        OrderStatus::Cancelled | OrderStatus::AwaitingPayment if cancelled => page(
            state,
            ok,
            "결제가 취소되었습니다",
            "결제를 취소했습니다. 청구된 금액은 없습니다.",
        ),
        OrderStatus::Cancelled | OrderStatus::AwaitingPayment => page(
            state,
            ok,
            "결제가 완료되지 않았습니다",
            "결제에 실패했거나 시간이 초과되었습니다. 청구된 금액은 없습니다.",
        ),
        _ => page(
            state,
            ok,
            "이미 결제된 주문입니다",
            "이 주문은 이미 결제가 완료되었습니다.\n채팅의 구매내역에서 확인해주세요.",
        ),
    }
}
