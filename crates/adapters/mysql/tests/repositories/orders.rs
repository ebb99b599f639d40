#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::sync::Arc;

use chrono::Duration;
use junggye_members::MemberRepository as _;
use junggye_mysql::entities::{members, products};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaOrderRepository};
use junggye_orders::Action;
use junggye_orders::{
    AmountBreakdown, Approval, CancelReason, MemberId, OrderError, OrderRepository, OrderStatus,
    PaymentMethod, PaymentStatus, ProductId, Tid, TrackingNumber,
};
use junggye_products::ProductStatus;
use sea_orm::{DatabaseConnection, EntityTrait as _};

use crate::helpers::{insert_product, new_member, new_order, t0};

async fn member(db: &DatabaseConnection, key: &str) -> i64 {
    let repo = SeaMemberRepository::new(db.clone());
    repo.join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap()
        .id
        .0
}

async fn product_status(db: &DatabaseConnection, id: i64) -> String {
    products::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

#[tokio::test]
async fn twenty_concurrent_payers_one_wins_the_rest_get_already_sold() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let product = insert_product(&db.db, seller, "on_sale").await;
        let repo = Arc::new(SeaOrderRepository::new(db.db.clone()));
        let mut ids = Vec::new();
        for i in 0..20 {
            let buyer = member(&db.db, &format!("buyer{i}")).await;
            ids.push(
                repo.create(&new_order(product, buyer, seller))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let tasks: Vec<_> = ids
            .into_iter()
            .map(|id| {
                let repo = repo.clone();
                tokio::spawn(async move {
                    repo.mark_paid(
                        id,
                        ProductId(product),
                        ProductStatus::HOLD_FOR_ORDER,
                        t0(),
                        &junggye_notifications::Outbox::default(),
                    )
                    .await
                })
            })
            .collect();
        let mut won = 0;
        let mut sold = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => won += 1,
                Err(OrderError::AlreadySold | OrderError::ListingUnavailable) => sold += 1,
                Err(e) => panic!("{}: unexpected {e:?}", db.backend()),
            }
        }
        assert_eq!((won, sold), (1, 19), "{}", db.backend());
        assert_eq!(
            product_status(&db.db, product).await,
            "pending",
            "{}",
            db.backend()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_unique_open_order_decides_even_without_the_listing_check() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller, "on_sale").await;
        let repo = SeaOrderRepository::new(db.db.clone());
        let a = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        let b = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        repo.mark_paid(
            a.id,
            ProductId(product),
            ProductStatus::HOLD_FOR_ORDER,
            t0(),
            &junggye_notifications::Outbox::default(),
        )
        .await
        .unwrap();
        let err = repo
            .mark_paid(
                b.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, OrderError::AlreadySold),
            "{}: {err:?}",
            db.backend()
        );
        // Paying twice for the same order is refused without changing anything.
        let err = repo
            .mark_paid(
                a.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, OrderError::PaymentNotReady), "{err:?}");
        assert_eq!(
            repo.find(b.id).await.unwrap().unwrap().status,
            OrderStatus::AwaitingPayment
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_listing_taken_off_sale_cannot_be_paid() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller, "reserved").await;
        let repo = SeaOrderRepository::new(db.db.clone());
        let a = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        let err = repo
            .mark_paid(
                a.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, OrderError::ListingUnavailable), "{err:?}");
        let a = repo.find(a.id).await.unwrap().unwrap();
        assert_eq!(a.status, OrderStatus::AwaitingPayment, "{}", db.backend());
        assert_eq!(product_status(&db.db, product).await, "reserved");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn full_escrow_flow_round_trips_and_counts_trades() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller, "on_sale").await;
        let repo = SeaOrderRepository::new(db.db.clone());
        let order = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        assert_eq!(order.payment.status, PaymentStatus::Ready);
        repo.attach_tid(
            order.payment.id,
            &Tid("T1234567890123456789".into()),
            "https://pay.example/m",
        )
        .await
        .unwrap();
        assert!(
            repo.set_payment_status(
                order.payment.id,
                &[PaymentStatus::Ready],
                PaymentStatus::Approving,
                None,
                t0()
            )
            .await
            .unwrap()
        );
        let approval = Approval {
            aid: Some("A1".into()),
            method: PaymentMethod::Card,
            amount: AmountBreakdown {
                total: 15_000,
                vat: 1_364,
                ..AmountBreakdown::default()
            },
            card: Some(junggye_orders::CardInfo {
                issuer_corp: Some("수협은행".into()),
                ..Default::default()
            }),
            approved_at: t0(),
        };
        assert!(
            repo.record_approval(order.payment.id, &approval, t0())
                .await
                .unwrap()
        );
        repo.mark_paid(
            order.id,
            ProductId(product),
            ProductStatus::HOLD_FOR_ORDER,
            t0(),
            &junggye_notifications::Outbox::default(),
        )
        .await
        .unwrap();
        let found = repo.find_by_no(&order.order_no).await.unwrap().unwrap();
        assert_eq!(found.status, OrderStatus::Paid);
        assert_eq!(found.paid_at, Some(t0()), "{}", db.backend());
        assert_eq!(found.payment.tid, Some(Tid("T1234567890123456789".into())));
        assert_eq!(found.payment.method, Some(PaymentMethod::Card));

        let tracking = TrackingNumber::parse("6892-1234-5678").unwrap();
        assert!(
            repo.set_tracking(
                order.id,
                &tracking,
                Action::EnterTracking.allowed_from(),
                t0(),
                &junggye_notifications::Outbox::default()
            )
            .await
            .unwrap()
        );
        let later = t0() + Duration::hours(1);
        assert!(
            repo.set_tracking(
                order.id,
                &tracking,
                Action::EnterTracking.allowed_from(),
                later,
                &junggye_notifications::Outbox::default()
            )
            .await
            .unwrap()
        );
        let shipped = repo.find(order.id).await.unwrap().unwrap();
        assert_eq!(
            shipped.shipped_at,
            Some(t0()),
            "changing the number keeps shipped_at"
        );
        assert_eq!(
            repo.shipped_before(t0() + Duration::days(8), 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            repo.complete(
                order.id,
                Action::ConfirmSale.allowed_from(),
                ProductStatus::SOLD_BY_ORDER,
                t0(),
                &junggye_notifications::Outbox::default()
            )
            .await
            .is_ok_and(|done| !done)
        );
        assert!(
            repo.confirm_purchase(
                order.id,
                Action::ConfirmPurchase.allowed_from(),
                t0(),
                &junggye_notifications::Outbox::default()
            )
            .await
            .unwrap()
        );
        assert!(
            repo.complete(
                order.id,
                Action::ConfirmSale.allowed_from(),
                ProductStatus::SOLD_BY_ORDER,
                t0(),
                &junggye_notifications::Outbox::default()
            )
            .await
            .unwrap()
        );
        assert_eq!(product_status(&db.db, product).await, "sold");
        for id in [buyer, seller] {
            let m = members::Entity::find_by_id(id)
                .one(&db.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(m.completed_trades, 1, "{}", db.backend());
        }
        let done = repo.find(order.id).await.unwrap().unwrap();
        assert_eq!(done.status, OrderStatus::Completed);
        let purchases = repo
            .list_purchases(MemberId(buyer), junggye_domain_common::Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(purchases.items.len(), 1);
        let sales = repo
            .list_sales(MemberId(seller), junggye_domain_common::Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(sales.items.len(), 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn cancelling_a_paid_order_releases_the_listing_and_owes_a_refund() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller, "on_sale").await;
        let repo = SeaOrderRepository::new(db.db.clone());
        let order = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        let approval = Approval {
            aid: None,
            method: PaymentMethod::Money,
            amount: AmountBreakdown {
                total: 15_000,
                ..AmountBreakdown::default()
            },
            card: None,
            approved_at: t0(),
        };
        repo.record_approval(order.payment.id, &approval, t0())
            .await
            .unwrap();
        repo.mark_paid(
            order.id,
            ProductId(product),
            ProductStatus::HOLD_FOR_ORDER,
            t0(),
            &junggye_notifications::Outbox::default(),
        )
        .await
        .unwrap();
        assert!(
            !repo
                .cancel(
                    order.id,
                    &[OrderStatus::Shipped],
                    CancelReason::BuyerCancelled,
                    ProductStatus::RELEASED_BY_ORDER,
                    t0(),
                    &junggye_notifications::Outbox::default()
                )
                .await
                .unwrap()
        );
        assert!(
            repo.cancel(
                order.id,
                &[OrderStatus::Paid],
                CancelReason::BuyerCancelled,
                ProductStatus::RELEASED_BY_ORDER,
                t0(),
                &junggye_notifications::Outbox::default()
            )
            .await
            .unwrap()
        );
        let cancelled = repo.find(order.id).await.unwrap().unwrap();
        assert_eq!(cancelled.status, OrderStatus::Cancelled);
        assert_eq!(cancelled.cancel_reason, Some(CancelReason::BuyerCancelled));
        assert_eq!(cancelled.payment.status, PaymentStatus::CancelRequested);
        assert_eq!(
            product_status(&db.db, product).await,
            "on_sale",
            "{}",
            db.backend()
        );
        let stale = repo
            .stale_payments(t0() + Duration::minutes(16), 10)
            .await
            .unwrap();
        assert_eq!(stale.len(), 1);
        // A new buyer can now pay for it.
        let again = repo
            .create(&new_order(product, buyer, seller))
            .await
            .unwrap();
        repo.mark_paid(
            again.id,
            ProductId(product),
            ProductStatus::HOLD_FOR_ORDER,
            t0(),
            &junggye_notifications::Outbox::default(),
        )
        .await
        .unwrap();
        db.cleanup().await;
    }
}
