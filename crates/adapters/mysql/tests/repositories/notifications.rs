#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use junggye_domain_common::Page;
use junggye_members::MemberRepository as _;
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaNotificationRepository, SeaOrderRepository};
use junggye_notifications::{
    ListingRef, MemberId, NewNotification, NotificationGroup, NotificationId,
    NotificationRepository, Outgoing, Payload, PushOutcome, PushState, TaskId, Trade, TradeEvent,
    recipients,
};
use junggye_orders::{OrderRepository as _, ProductId};
use junggye_products::ProductStatus;
use sea_orm::DatabaseConnection;

use crate::helpers::{insert_product, new_member, new_order, t0};

async fn member(db: &DatabaseConnection, key: &str) -> MemberId {
    SeaMemberRepository::new(db.clone())
        .join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap()
        .id
}

fn liked(member: MemberId, product: i64) -> NewNotification {
    NewNotification {
        member,
        payload: Payload::LikedChanged {
            listing: ListingRef {
                product: ProductId(product),
                name: "자전거".into(),
            },
            change: junggye_notifications::LikedChange::PriceDropped { from: 10, to: 5 },
        },
    }
}

fn queued(member: MemberId, product: i64) -> Outgoing {
    Outgoing {
        notification: liked(member, product),
        push_at: Some(t0()),
    }
}

#[tokio::test]
async fn a_paid_order_stores_the_sellers_notification_in_its_transaction_and_a_rollback_none() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = insert_product(&db.db, seller.0, "on_sale").await;
        let orders = SeaOrderRepository::new(db.db.clone());
        let notes = SeaNotificationRepository::new(db.db.clone());
        let first = orders
            .create(&new_order(product, buyer.0, seller.0))
            .await
            .unwrap();
        let second = orders
            .create(&new_order(product, buyer.0, seller.0))
            .await
            .unwrap();
        let outbox = |order| -> junggye_notifications::Outbox {
            recipients(&TradeEvent::OrderPaid {
                trade: Trade {
                    order,
                    product: ProductId(product),
                    seller,
                    buyer,
                    item_name: "아이패드".into(),
                },
                amount: 15_000,
            })
            .into()
        };
        orders
            .mark_paid(
                first.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &outbox(first.id),
            )
            .await
            .unwrap();
        // The loser's change rolls back, and its notification with it.
        orders
            .mark_paid(
                second.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &outbox(second.id),
            )
            .await
            .unwrap_err();
        let inbox = notes.inbox(seller, Page::new(0, 10)).await.unwrap();
        assert_eq!(inbox.items.len(), 1, "{}", db.backend());
        assert!(inbox.items[0].unread);
        assert!(matches!(
            &inbox.items[0].payload,
            Payload::OrderPaid { trade, amount: 15_000 } if trade.order == first.id
        ));
        assert_eq!(notes.unread_count(seller).await.unwrap(), 1);
        assert_eq!(notes.unread_count(buyer).await.unwrap(), 0);
        let undecided = notes.undecided(10).await.unwrap();
        assert_eq!(undecided.len(), 1);
        assert_eq!(undecided[0].member, seller);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_inbox_is_the_members_own_newest_first_and_marking_read_touches_only_theirs() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let b = member(&db.db, "b").await;
        let notes = SeaNotificationRepository::new(db.db.clone());
        let ids = notes
            .insert(&[queued(a, 1), queued(a, 2), queued(b, 3)], t0())
            .await
            .unwrap();
        let page = notes.inbox(a, Page::new(0, 1)).await.unwrap();
        assert_eq!(page.items.len(), 1);
        assert!(page.has_more);
        assert_eq!(page.items[0].id, ids[1], "newest first");
        // b's id among a's: ignored.
        notes.mark_read(a, &[ids[0], ids[2]], t0()).await.unwrap();
        assert_eq!(notes.unread_count(a).await.unwrap(), 1);
        assert_eq!(notes.unread_count(b).await.unwrap(), 1);
        assert!(notes.find(a, ids[2]).await.unwrap().is_none(), "not a's");
        assert!(notes.find(b, ids[2]).await.unwrap().is_some());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn preferences_switch_groups_off_and_on() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let notes = SeaNotificationRepository::new(db.db.clone());
        notes
            .set_preference(a, NotificationGroup::Keyword, false)
            .await
            .unwrap();
        notes
            .set_preference(a, NotificationGroup::Keyword, false)
            .await
            .unwrap();
        let prefs = notes.preferences(a).await.unwrap();
        assert!(!prefs.enabled(NotificationGroup::Keyword));
        assert!(prefs.enabled(NotificationGroup::Trade));
        notes
            .set_preference(a, NotificationGroup::Keyword, true)
            .await
            .unwrap();
        assert!(
            notes
                .preferences(a)
                .await
                .unwrap()
                .enabled(NotificationGroup::Keyword)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn two_dispatchers_claiming_at_once_never_take_the_same_push() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let notes = Arc::new(SeaNotificationRepository::new(db.db.clone()));
        let batch: Vec<Outgoing> = (0..40).map(|i| queued(a, i)).collect();
        notes.insert(&batch, t0()).await.unwrap();
        let now = t0() + Duration::seconds(1);
        let claims: Vec<_> = (0..2)
            .map(|i| {
                let notes = Arc::clone(&notes);
                // Distinct lease ends, as two instances' clocks would give.
                let lease = now + Duration::seconds(30) + Duration::microseconds(i);
                tokio::spawn(async move { notes.claim_due(now, lease, 25).await.unwrap() })
            })
            .collect();
        let mut seen = HashSet::new();
        let mut total = 0;
        for claim in claims {
            for push in claim.await.unwrap() {
                total += 1;
                assert!(seen.insert(push.id), "{}: claimed twice", db.backend());
            }
        }
        assert_eq!(total, 40, "{}", db.backend());
        // Leased: nothing is due again until the leases expire.
        assert!(notes.claim_due(now, now, 100).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_push_goes_queued_sending_sent_delivered_and_an_interrupted_send_is_never_resent() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let notes = SeaNotificationRepository::new(db.db.clone());
        let ids = notes
            .insert(&[queued(a, 1), queued(a, 2)], t0())
            .await
            .unwrap();
        let now = t0();
        let lease = now + Duration::seconds(30);
        let claimed: Vec<NotificationId> = notes
            .claim_due(now, lease, 10)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(claimed, ids);
        let sending = notes.begin_send(&ids, lease, now).await.unwrap();
        assert_eq!(sending.len(), 2);
        // The first is sent and delivered; the dispatcher stops before recording the second.
        let task = TaskId("task-1".into());
        notes
            .record_sent(&ids[..1], &task, now + Duration::seconds(5))
            .await
            .unwrap();
        let tasks = notes
            .tasks_to_check(now + Duration::seconds(5), 10)
            .await
            .unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].pushes[0].id, ids[0]);
        notes
            .record_outcomes(&[(ids[0], PushOutcome::Delivered)], now)
            .await
            .unwrap();
        // After the lease: the interrupted send is given up, not claimed again.
        let later = lease + Duration::seconds(1);
        assert!(
            notes
                .claim_due(later, later + Duration::seconds(30), 10)
                .await
                .unwrap()
                .is_empty()
        );
        let stats = notes.stats().await.unwrap();
        assert_eq!((stats.delivered, stats.failed, stats.queued), (1, 1, 0));
        // An admin may queue the given-up one again, not the delivered one.
        assert!(
            notes
                .requeue(ids[1], PushState::RETRYABLE, later)
                .await
                .unwrap()
        );
        assert!(
            !notes
                .requeue(ids[0], PushState::RETRYABLE, later)
                .await
                .unwrap()
        );
        assert_eq!(
            notes
                .claim_due(later, later + Duration::seconds(30), 10)
                .await
                .unwrap()
                .len(),
            1
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_failed_push_is_queued_again_at_its_retry_time() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let notes = SeaNotificationRepository::new(db.db.clone());
        let ids = notes.insert(&[queued(a, 1)], t0()).await.unwrap();
        let lease = t0() + Duration::seconds(30);
        notes.claim_due(t0(), lease, 10).await.unwrap();
        notes.begin_send(&ids, lease, t0()).await.unwrap();
        let retry_at = t0() + Duration::seconds(10);
        notes
            .record_outcomes(
                &[(
                    ids[0],
                    PushOutcome::Failed {
                        retry_at: Some(retry_at),
                    },
                )],
                t0(),
            )
            .await
            .unwrap();
        let early = retry_at - Duration::seconds(1);
        assert!(
            notes
                .claim_due(early, early + Duration::seconds(30), 10)
                .await
                .unwrap()
                .is_empty()
        );
        let due = notes
            .claim_due(retry_at, retry_at + Duration::seconds(30), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].failures, 1);
        assert_eq!(due[0].user_key, "a");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_later_keyword_match_folds_into_the_first_and_makes_it_unread() {
    for db in backends().await {
        let a = member(&db.db, "a").await;
        let notes = SeaNotificationRepository::new(db.db.clone());
        let matched = |product: i64, name: &str| Payload::KeywordMatch {
            keyword: "맥북".into(),
            listing: ListingRef {
                product: ProductId(product),
                name: name.into(),
            },
            price: 1_000,
            count: 1,
        };
        let since = t0() - Duration::minutes(10);
        assert!(
            notes
                .fold_keyword(a, since, &matched(1, "맥북 프로"))
                .await
                .unwrap()
                .is_none()
        );
        let ids = notes
            .insert(
                &[Outgoing {
                    notification: NewNotification {
                        member: a,
                        payload: matched(1, "맥북 프로"),
                    },
                    push_at: None,
                }],
                t0(),
            )
            .await
            .unwrap();
        notes.mark_read(a, &ids, t0()).await.unwrap();
        let folded = notes
            .fold_keyword(a, since, &matched(2, "맥북 에어"))
            .await
            .unwrap();
        assert_eq!(folded, Some(ids[0]));
        let shown = notes.find(a, ids[0]).await.unwrap().unwrap();
        assert!(shown.unread);
        assert!(matches!(
            shown.payload,
            Payload::KeywordMatch { count: 2, ref listing, .. } if listing.product == ProductId(2)
        ));
        // Past the window: a new notification instead.
        let later = t0() + Duration::minutes(11);
        assert!(
            notes
                .fold_keyword(a, later - Duration::minutes(10), &matched(3, "맥북"))
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_completed_order_tells_the_listings_likers_but_not_its_parties() {
    use junggye_orders::{Action, OrderRepository as _, TrackingNumber};
    use sea_orm::{ConnectionTrait as _, Statement};
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let fan = member(&db.db, "fan").await;
        let product = insert_product(&db.db, seller.0, "on_sale").await;
        for who in [buyer, fan] {
            db.db
                .execute_raw(Statement::from_string(
                    db.db.get_database_backend(),
                    format!(
                        "INSERT INTO likes (member_id, product_id, created_at) \
                         VALUES ({}, {product}, '2026-12-01 00:00:00')",
                        who.0
                    ),
                ))
                .await
                .unwrap();
        }
        let orders = SeaOrderRepository::new(db.db.clone());
        let order = orders
            .create(&new_order(product, buyer.0, seller.0))
            .await
            .unwrap();
        let none = junggye_notifications::Outbox::default();
        orders
            .mark_paid(
                order.id,
                ProductId(product),
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &none,
            )
            .await
            .unwrap();
        let tracking = TrackingNumber::parse("123456789012").unwrap();
        orders
            .set_tracking(
                order.id,
                &tracking,
                Action::EnterTracking.allowed_from(),
                t0(),
                &none,
            )
            .await
            .unwrap();
        orders
            .confirm_purchase(
                order.id,
                Action::ConfirmPurchase.allowed_from(),
                t0(),
                &none,
            )
            .await
            .unwrap();
        let told = junggye_notifications::Outbox {
            notifications: vec![],
            likers: Some(junggye_notifications::LikersNotice {
                product: ProductId(product),
                payload: Payload::LikedChanged {
                    listing: ListingRef {
                        product: ProductId(product),
                        name: "아이패드".into(),
                    },
                    change: junggye_notifications::LikedChange::Status(
                        junggye_notifications::ListingState::Sold,
                    ),
                },
                except: vec![buyer, seller],
            }),
        };
        assert!(
            orders
                .complete(
                    order.id,
                    Action::ConfirmSale.allowed_from(),
                    ProductStatus::SOLD_BY_ORDER,
                    t0(),
                    &told,
                )
                .await
                .unwrap()
        );
        let notes = SeaNotificationRepository::new(db.db.clone());
        let fan_inbox = notes.inbox(fan, Page::new(0, 10)).await.unwrap();
        assert_eq!(fan_inbox.items.len(), 1, "{}", db.backend());
        assert!(matches!(
            fan_inbox.items[0].payload,
            Payload::LikedChanged { .. }
        ));
        assert_eq!(
            notes.unread_count(buyer).await.unwrap(),
            0,
            "the buyer liked it too"
        );
        assert_eq!(notes.undecided(10).await.unwrap().len(), 1);
        db.cleanup().await;
    }
}
