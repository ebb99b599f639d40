#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use chrono::Duration;
use junggye_domain_common::Page;
use junggye_members::{MannerScore, MemberRepository as _, Rating};
use junggye_mysql::entities::{members, products};
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{
    ReadModelProductRepository, SeaMemberRepository, SeaOrderRepository, SeaProductRepository,
    SeaReviewRepository, SqliteReads,
};
use junggye_orders::{
    AmountBreakdown, Approval, CancelReason, MemberId, NewOrder, NewReview, OpenChatSale, OrderId,
    OrderNumbers as _, OrderRepository as _, OrderStatus, PaymentMethod, ProductId,
    RandomOrderNumbers, ReviewError, ReviewFilter, ReviewRepository as _, ReviewText, Won,
};
use junggye_products::{ProductRepository as _, ProductStatus};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, EntityTrait as _, Statement};

use crate::helpers::{insert_order, insert_product, new_member, t0};

async fn member(db: &DatabaseConnection, key: &str) -> i64 {
    SeaMemberRepository::new(db.clone())
        .join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap()
        .id
        .0
}

async fn manner(db: &DatabaseConnection, id: i64) -> String {
    let row = members::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    MannerScore::from_tenths(i64::from(row.manner_tenths)).to_string()
}

async fn notifications_of(db: &DatabaseConnection, id: i64) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM notifications WHERE member_id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

fn review(order: i64, reviewer: i64, reviewee: i64, rating: Rating, text: &str) -> NewReview {
    NewReview {
        order: OrderId(order),
        reviewer: MemberId(reviewer),
        reviewee: MemberId(reviewee),
        rating,
        text: ReviewText::parse(text).unwrap(),
        at: t0(),
    }
}

struct Trade {
    seller: i64,
    buyer: i64,
    product: i64,
    order: i64,
}

async fn completed_trade(db: &TestDb) -> Trade {
    let seller = member(&db.db, "seller").await;
    let buyer = member(&db.db, "buyer").await;
    let product = insert_product(&db.db, seller, "sold").await;
    let order = insert_order(&db.db, product, buyer, seller, "completed").await;
    Trade {
        seller,
        buyer,
        product,
        order,
    }
}

#[tokio::test]
async fn each_party_reviews_once_and_the_score_follows_in_the_same_transaction() {
    for db in backends().await {
        let t = completed_trade(&db).await;
        let repo = SeaReviewRepository::new(db.db.clone());
        let trade = repo.trade(OrderId(t.order)).await.unwrap().unwrap();
        assert!(trade.completed);
        assert_eq!(
            (trade.buyer, trade.seller),
            (MemberId(t.buyer), MemberId(t.seller))
        );
        assert_eq!(manner(&db.db, t.seller).await, "36.5°");

        let notice = junggye_notifications::NewNotification {
            member: MemberId(t.seller),
            payload: junggye_notifications::Payload::ReviewReceived {
                trade: junggye_notifications::TradeRef {
                    order: OrderId(t.order),
                    product: ProductId(t.product),
                    item_name: "상품".into(),
                },
                role: junggye_notifications::Role::Seller,
                rating: junggye_notifications::Rating::Great,
            },
        };
        repo.insert(
            &review(t.order, t.buyer, t.seller, Rating::Great, "친절해요"),
            std::slice::from_ref(&notice),
        )
        .await
        .unwrap();
        // One completed trade (+0.1°) and one great review (+0.5°).
        assert_eq!(manner(&db.db, t.seller).await, "37.1°", "{}", db.backend());
        assert_eq!(notifications_of(&db.db, t.seller).await, 1);

        let again = repo
            .insert(
                &review(t.order, t.buyer, t.seller, Rating::Bad, ""),
                &[notice],
            )
            .await
            .unwrap_err();
        assert!(matches!(again, ReviewError::AlreadyReviewed), "{again:?}");
        assert_eq!(manner(&db.db, t.seller).await, "37.1°");
        assert_eq!(notifications_of(&db.db, t.seller).await, 1, "rolled back");

        repo.insert(&review(t.order, t.seller, t.buyer, Rating::Bad, ""), &[])
            .await
            .unwrap();
        assert_eq!(manner(&db.db, t.buyer).await, "35.6°");

        let received = repo.received(MemberId(t.seller), 5).await.unwrap();
        assert_eq!(received.total, 1);
        assert_eq!(received.latest[0].text.as_deref(), Some("친절해요"));
        assert_eq!(received.latest[0].reviewer_nickname, "회원buyer");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_admin_list_filters_and_a_deletion_recomputes_the_score() {
    for db in backends().await {
        let t = completed_trade(&db).await;
        let repo = SeaReviewRepository::new(db.db.clone());
        repo.insert(
            &review(t.order, t.buyer, t.seller, Rating::Great, "굿"),
            &[],
        )
        .await
        .unwrap();
        repo.insert(&review(t.order, t.seller, t.buyer, Rating::Good, ""), &[])
            .await
            .unwrap();
        let all = repo
            .list(ReviewFilter::default(), Page::new(0, 1))
            .await
            .unwrap();
        assert_eq!(all.items.len(), 1);
        assert!(all.has_more);
        let by_order = repo
            .list(
                ReviewFilter {
                    member: None,
                    order: Some(OrderId(t.order)),
                },
                Page::new(0, 10),
            )
            .await
            .unwrap();
        assert_eq!(by_order.items.len(), 2);
        let other = repo
            .list(
                ReviewFilter {
                    member: Some(MemberId(t.seller + 100)),
                    order: None,
                },
                Page::new(0, 10),
            )
            .await
            .unwrap();
        assert!(other.items.is_empty());

        let to_seller = by_order
            .items
            .iter()
            .find(|r| r.reviewee == MemberId(t.seller))
            .unwrap();
        assert!(repo.delete(to_seller.id).await.unwrap());
        assert!(!repo.delete(to_seller.id).await.unwrap());
        assert_eq!(manner(&db.db, t.seller).await, "36.6°", "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_open_chat_sale_with_a_named_liker_becomes_a_reviewable_trade() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let liker = member(&db.db, "liker").await;
        let product = insert_product(&db.db, seller, "sold").await;
        let on_sale = insert_product(&db.db, seller, "on_sale").await;
        db.db
            .execute_raw(Statement::from_string(
                db.db.get_database_backend(),
                format!(
                    "INSERT INTO likes (member_id, product_id, created_at) \
                     VALUES ({liker}, {product}, '2026-11-24 09:00:00')"
                ),
            ))
            .await
            .unwrap();
        let repo = SeaReviewRepository::new(db.db.clone());
        let likers = repo.likers(ProductId(product)).await.unwrap();
        assert_eq!(likers.len(), 1);
        assert_eq!(likers[0].id, MemberId(liker));
        assert_eq!(likers[0].nickname, "회원liker");

        let sale = |product: i64| OpenChatSale {
            product: ProductId(product),
            seller: MemberId(seller),
            buyer: MemberId(liker),
            order_no: RandomOrderNumbers.next(),
            listing: ProductStatus::BUYER_NAMED,
            at: t0(),
        };
        assert_eq!(
            repo.record_open_chat_sale(&sale(on_sale)).await.unwrap(),
            None
        );
        let order = repo
            .record_open_chat_sale(&sale(product))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            repo.record_open_chat_sale(&sale(product)).await.unwrap(),
            None,
            "the buyer is recorded once"
        );
        let row = products::Entity::find_by_id(product)
            .one(&db.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.buyer_id, Some(liker));
        assert_eq!(row.status, "sold");

        let trade = repo.trade(order).await.unwrap().unwrap();
        assert!(trade.completed);
        assert_eq!(trade.buyer, MemberId(liker));
        // Not an escrow order: the escrow views do not show it.
        let orders = SeaOrderRepository::new(db.db.clone());
        assert!(orders.find(order).await.unwrap().is_none());
        let seller_row = members::Entity::find_by_id(seller)
            .one(&db.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(seller_row.completed_trades, 1);
        assert_eq!(manner(&db.db, seller).await, "36.6°");
        assert_eq!(manner(&db.db, liker).await, "36.6°", "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_buyer_cancellation_counts_against_the_buyer_only() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller, "on_sale").await;
        let repo = SeaOrderRepository::new(db.db.clone());
        let order = repo
            .create(&NewOrder {
                order_no: RandomOrderNumbers.next(),
                product_id: ProductId(product),
                buyer_id: MemberId(buyer),
                seller_id: MemberId(seller),
                amount: Won(15_000),
                item_name: "아이패드".into(),
                backend: "dev".into(),
                cid: "TC0ONETIME".into(),
                created_at: t0(),
                offer: None,
                redirect_key: None,
            })
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
            repo.cancel(
                order.id,
                &[OrderStatus::Paid],
                CancelReason::BuyerCancelled,
                ProductStatus::RELEASED_BY_ORDER,
                t0() + Duration::minutes(1),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap()
        );
        assert_eq!(manner(&db.db, buyer).await, "36.0°", "{}", db.backend());
        assert_eq!(manner(&db.db, seller).await, "36.5°");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn cards_show_the_sellers_score_on_both_read_paths() {
    for db in backends().await {
        let t = completed_trade(&db).await;
        let on_sale = insert_product(&db.db, t.seller, "on_sale").await;
        SeaReviewRepository::new(db.db.clone())
            .insert(&review(t.order, t.buyer, t.seller, Rating::Great, ""), &[])
            .await
            .unwrap();
        let sea = SeaProductRepository::new(db.db.clone());
        let card = sea.find(ProductId(on_sale)).await.unwrap().unwrap();
        assert_eq!(card.seller.manner.to_string(), "37.1°", "{}", db.backend());
        if let Some(reads) = SqliteReads::for_url(&db.url) {
            let read_model = ReadModelProductRepository::new(reads, sea);
            let card = read_model.find(ProductId(on_sale)).await.unwrap().unwrap();
            assert_eq!(card.seller.manner.to_string(), "37.1°");
        }
        let members = SeaMemberRepository::new(db.db.clone());
        let seller = members
            .find_by_id(MemberId(t.seller))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(seller.manner.to_string(), "37.1°");
        db.cleanup().await;
    }
}
