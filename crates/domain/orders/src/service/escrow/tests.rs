//! The admin use cases: cancel with a refund through the gateway, completion's escrow rule.

use std::sync::Arc;

use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::super::{OrderConfig, OrderService};
use crate::OrderError;
use crate::gateway::{Cancellation, GatewayError};
use crate::model::{CancelReason, Order, OrderId, OrderStatus, PaymentId, PaymentStatus, Won};
use crate::ports::{MockListingGateway, MockOrderNumbers, MockOrderRepository, MockPaymentGateway};
use crate::testing::{self, now};

/// A paid order: the admin use cases only act on orders whose money was captured.
fn order(status: OrderStatus) -> Order {
    let mut order = testing::order(status, PaymentStatus::Approved);
    order.paid_at = Some(now());
    order.buyer_confirmed_at = (status == OrderStatus::PurchaseConfirmed).then(now);
    order.payment.approved_at = Some(now());
    order
}

fn service(repo: MockOrderRepository, gateway: MockPaymentGateway) -> OrderService {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    OrderService::new(
        Arc::new(repo),
        Arc::new(MockListingGateway::new()),
        Arc::new(gateway),
        Arc::new(clock),
        Arc::new(MockOrderNumbers::new()),
        OrderConfig::new("https://shop.example"),
    )
}

fn repo_with(status: OrderStatus) -> MockOrderRepository {
    let mut repo = MockOrderRepository::new();
    repo.expect_find()
        .with(eq(OrderId(10)))
        .returning(move |_| Ok(Some(order(status))));
    repo
}

#[tokio::test]
async fn admin_cancel_refunds_open_orders_through_the_gateway() {
    let mut repo = repo_with(OrderStatus::Shipped);
    repo.expect_cancel()
        .withf(|id, from, reason, _, _, _outbox| {
            *id == OrderId(10)
                && from.contains(&OrderStatus::Shipped)
                && *reason == CancelReason::Admin
        })
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    repo.expect_set_payment_status()
        .withf(|id, _, to, _, _| *id == PaymentId(20) && *to == PaymentStatus::Cancelled)
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let mut gateway = MockPaymentGateway::new();
    gateway
        .expect_cancel()
        .withf(|r| r.amount == Won(15_000))
        .times(1)
        .returning(|_| {
            Ok(Cancellation {
                cancelled_amount: Won(15_000),
                cancel_available_amount: Won(0),
                cancelled_at: now(),
            })
        });
    let outcome = service(repo, gateway)
        .admin_cancel(OrderId(10))
        .await
        .unwrap();
    assert!(outcome.refunded);
}

#[tokio::test]
async fn admin_cancel_leaves_an_unconfirmed_refund_owed() {
    let mut repo = repo_with(OrderStatus::Paid);
    repo.expect_cancel()
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    repo.expect_set_payment_status()
        .withf(|_, _, to, _, _| *to == PaymentStatus::CancelRequested)
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let mut gateway = MockPaymentGateway::new();
    gateway
        .expect_cancel()
        .returning(|_| Err(GatewayError::Timeout));
    gateway
        .expect_order()
        .returning(|_| Err(GatewayError::Timeout));
    let outcome = service(repo, gateway)
        .admin_cancel(OrderId(10))
        .await
        .unwrap();
    assert!(!outcome.refunded);
}

#[tokio::test]
async fn admin_cancel_and_complete_refuse_the_wrong_statuses() {
    for status in [
        OrderStatus::AwaitingPayment,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ] {
        let svc = service(repo_with(status), MockPaymentGateway::new());
        assert!(
            matches!(
                svc.admin_cancel(OrderId(10)).await,
                Err(OrderError::InvalidTransition { .. })
            ),
            "cancel in {status:?}"
        );
    }
    for status in [
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Completed,
    ] {
        let svc = service(repo_with(status), MockPaymentGateway::new());
        assert!(
            matches!(
                svc.admin_complete(OrderId(10)).await,
                Err(OrderError::InvalidTransition { .. })
            ),
            "complete in {status:?}"
        );
    }
    let mut repo = repo_with(OrderStatus::PurchaseConfirmed);
    repo.expect_complete()
        .with(
            eq(OrderId(10)),
            mockall::predicate::always(),
            mockall::predicate::always(),
            eq(now()),
            mockall::predicate::always(),
        )
        .times(1)
        .returning(|_, _, _, _, _outbox| Ok(true));
    service(repo, MockPaymentGateway::new())
        .admin_complete(OrderId(10))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_seller_never_sees_an_order_that_was_not_paid() {
    for paid in [false, true] {
        let mut repo = MockOrderRepository::new();
        repo.expect_find().returning(move |_| {
            Ok(Some(if paid {
                order(OrderStatus::Paid)
            } else {
                testing::order(OrderStatus::AwaitingPayment, PaymentStatus::Ready)
            }))
        });
        let svc = service(repo, MockPaymentGateway::new());
        let as_seller = svc.order_for(testing::SELLER, OrderId(10)).await;
        assert_eq!(as_seller.is_ok(), paid, "paid: {paid}");
        let as_buyer = svc.order_for(testing::BUYER, OrderId(10)).await;
        assert!(as_buyer.is_ok(), "the buyer sees it");
    }
}
