#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::collections::HashMap;

use junggye_members::{
    Grade, MemberError, MemberId, MemberRepository, MemberStatus, OpenTrades, PhoneNumber, UserKey,
};
use junggye_mysql::SeaMemberRepository;
use junggye_mysql::entities::{image_deletions, members, product_images, products};
use junggye_mysql::testing::backends;
use junggye_orders::{OrderStatus, WithdrawalPlan, WithdrawalRepository as _};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{insert_image, insert_order, insert_product, new_member, t0};

async fn member_row(db: &DatabaseConnection, id: MemberId) -> members::Model {
    members::Entity::find_by_id(id.0)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

async fn products_of(db: &DatabaseConnection, seller: MemberId) -> HashMap<i64, products::Model> {
    products::Entity::find()
        .filter(products::Column::SellerId.eq(seller.0))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p))
        .collect()
}

async fn images(db: &DatabaseConnection) -> HashMap<i64, product_images::Model> {
    product_images::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i))
        .collect()
}

#[tokio::test]
async fn join_stores_an_active_bronze_member() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let joined = repo
            .join(&new_member("kakao-1", "김철수", "010-1234-5678"))
            .await
            .unwrap();
        assert_eq!(joined.user_key.as_str(), "kakao-1", "{}", db.backend());
        assert_eq!(joined.plusfriend_user_key.as_deref(), Some("pf-kakao-1"));
        assert_eq!(joined.nickname.as_str(), "김철수");
        assert_eq!(joined.phone.digits(), "01012345678");
        assert_eq!(joined.grade, Grade::Bronze);
        assert_eq!(joined.status, MemberStatus::Active);
        assert_eq!(joined.completed_trades, 0);
        assert_eq!(joined.profile_image, None);
        assert_eq!(joined.joined_at, t0());

        let by_key = repo
            .find_by_user_key(&UserKey::parse("kakao-1").unwrap())
            .await
            .unwrap();
        assert_eq!(by_key.as_ref(), Some(&joined));
        assert_eq!(repo.find_by_id(joined.id).await.unwrap(), Some(joined));
        assert_eq!(
            repo.find_by_user_key(&UserKey::parse("nobody").unwrap())
                .await
                .unwrap(),
            None
        );
        assert_eq!(repo.find_by_id(MemberId(999_999)).await.unwrap(), None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn join_of_an_existing_member_is_already_member() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        repo.join(&new_member("kakao-1", "김철수", "01012345678"))
            .await
            .unwrap();
        let again = repo
            .join(&new_member("kakao-1", "다른이름", "01099998888"))
            .await;
        assert!(
            matches!(again, Err(MemberError::AlreadyMember)),
            "{}: {again:?}",
            db.backend()
        );
        // User keys are case-sensitive on both backends (binary collation on MySQL).
        repo.join(&new_member("KAKAO-1", "대문자", "01012345678"))
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_joins_let_exactly_one_win() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        for round in 0..5 {
            let key = format!("racer-{round}");
            let a = tokio::spawn({
                let repo = repo.clone();
                let member = new_member(&key, "첫번째", "01011112222");
                async move { repo.join(&member).await }
            });
            let b = tokio::spawn({
                let repo = repo.clone();
                let member = new_member(&key, "두번째", "01033334444");
                async move { repo.join(&member).await }
            });
            let results = [a.await.unwrap(), b.await.unwrap()];
            let wins = results.iter().filter(|r| r.is_ok()).count();
            let refused = results
                .iter()
                .filter(|r| matches!(r, Err(MemberError::AlreadyMember)))
                .count();
            assert_eq!((wins, refused), (1, 1), "{}: {results:?}", db.backend());
        }
        let rows = members::Entity::find().all(&db.db).await.unwrap();
        assert_eq!(rows.len(), 5);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn rejoin_after_withdrawal_reactivates_the_same_row() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let first = repo
            .join(&new_member("kakao-1", "김철수", "01012345678"))
            .await
            .unwrap();
        repo.update_profile_image(first.id, Some("profiles/1.jpg".into()))
            .await
            .unwrap();
        repo.withdraw(&WithdrawalPlan::for_member(first.id))
            .await
            .unwrap();
        let gone = repo.find_by_id(first.id).await.unwrap().unwrap();
        assert_eq!(gone.status, MemberStatus::Withdrawn);
        assert!(!gone.is_member());

        let mut again = new_member("kakao-1", "새이름", "010-9999-8888");
        again.joined_at = t0() + chrono::Duration::days(3);
        let back = repo.join(&again).await.unwrap();
        assert_eq!(back.id, first.id, "{}", db.backend());
        assert_eq!(back.status, MemberStatus::Active);
        assert_eq!(back.nickname.as_str(), "새이름");
        assert_eq!(back.phone.digits(), "01099998888");
        assert_eq!(back.grade, Grade::Bronze);
        assert_eq!(back.profile_image, None);
        assert_eq!(back.joined_at, again.joined_at);
        assert_eq!(member_row(&db.db, first.id).await.withdrawn_at, None);
        assert_eq!(members::Entity::find().all(&db.db).await.unwrap().len(), 1);

        // A reactivated member is a member again.
        assert!(matches!(
            repo.join(&again).await,
            Err(MemberError::AlreadyMember)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn update_phone_changes_live_members_only() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let m = repo
            .join(&new_member("kakao-1", "김철수", "01012345678"))
            .await
            .unwrap();
        let phone = PhoneNumber::parse("010-5555-6666").unwrap();
        repo.update_phone(m.id, &phone).await.unwrap();
        // The same number again still finds the row (MySQL reports found, not changed, rows).
        repo.update_phone(m.id, &phone).await.unwrap();
        let now = repo.find_by_id(m.id).await.unwrap().unwrap();
        assert_eq!(now.phone, phone, "{}", db.backend());

        assert!(matches!(
            repo.update_phone(MemberId(424_242), &phone).await,
            Err(MemberError::NotFound)
        ));
        repo.withdraw(&WithdrawalPlan::for_member(m.id))
            .await
            .unwrap();
        let other = PhoneNumber::parse("01077778888").unwrap();
        assert!(matches!(
            repo.update_phone(m.id, &other).await,
            Err(MemberError::NotFound)
        ));
        assert_eq!(member_row(&db.db, m.id).await.phone, "01055556666");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn update_profile_image_returns_the_previous_key() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let m = repo
            .join(&new_member("kakao-1", "김철수", "01012345678"))
            .await
            .unwrap();
        assert_eq!(
            repo.update_profile_image(m.id, Some("a.jpg".into()))
                .await
                .unwrap(),
            None,
            "{}",
            db.backend()
        );
        assert_eq!(
            repo.update_profile_image(m.id, Some("b.jpg".into()))
                .await
                .unwrap(),
            Some("a.jpg".into())
        );
        assert_eq!(
            repo.find_by_id(m.id).await.unwrap().unwrap().profile_image,
            Some("b.jpg".into())
        );
        assert_eq!(
            repo.update_profile_image(m.id, None).await.unwrap(),
            Some("b.jpg".into())
        );
        assert_eq!(member_row(&db.db, m.id).await.profile_image, None);

        assert!(matches!(
            repo.update_profile_image(MemberId(424_242), Some("x.jpg".into()))
                .await,
            Err(MemberError::NotFound)
        ));
        repo.withdraw(&WithdrawalPlan::for_member(m.id))
            .await
            .unwrap();
        assert!(matches!(
            repo.update_profile_image(m.id, Some("c.jpg".into())).await,
            Err(MemberError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn open_trades_count_paid_shipped_and_confirmed_orders_per_side() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let me = repo
            .join(&new_member("me", "나나나", "01012345678"))
            .await
            .unwrap()
            .id;
        let other = repo
            .join(&new_member("other", "너너너", "01012345679"))
            .await
            .unwrap()
            .id;
        assert_eq!(
            repo.open_trades(me, OrderStatus::OPEN).await.unwrap(),
            OpenTrades::default()
        );

        // Me selling: one listing per order, since a listing has at most one open order.
        for status in [
            "paid",
            "shipped",
            "awaiting_payment",
            "completed",
            "cancelled",
        ] {
            let p = insert_product(&db.db, me.0, "pending").await;
            insert_order(&db.db, p, other.0, me.0, status).await;
        }
        // Me buying.
        for status in ["purchase_confirmed", "paid", "completed"] {
            let p = insert_product(&db.db, other.0, "pending").await;
            insert_order(&db.db, p, me.0, other.0, status).await;
        }
        assert_eq!(
            repo.open_trades(me, OrderStatus::OPEN).await.unwrap(),
            OpenTrades {
                as_buyer: 2,
                as_seller: 2
            },
            "{}",
            db.backend()
        );
        assert_eq!(
            repo.open_trades(other, OrderStatus::OPEN).await.unwrap(),
            OpenTrades {
                as_buyer: 2,
                as_seller: 2
            }
        );
        assert_eq!(
            repo.open_trades(MemberId(424_242), OrderStatus::OPEN)
                .await
                .unwrap(),
            OpenTrades::default()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn withdraw_with_open_trades_refuses_and_changes_nothing() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let seller = repo
            .join(&new_member("seller", "판매자", "01012345678"))
            .await
            .unwrap()
            .id;
        let buyer = repo
            .join(&new_member("buyer", "구매자", "01012345679"))
            .await
            .unwrap()
            .id;
        repo.update_profile_image(seller, Some("profiles/s.jpg".into()))
            .await
            .unwrap();
        let on_sale = insert_product(&db.db, seller.0, "on_sale").await;
        insert_image(&db.db, on_sale, 0).await;
        let sold_one = insert_product(&db.db, seller.0, "pending").await;
        insert_order(&db.db, sold_one, buyer.0, seller.0, "shipped").await;

        let member_before = member_row(&db.db, seller).await;
        let products_before = products_of(&db.db, seller).await;
        let images_before = images(&db.db).await;

        for (who, want) in [
            (
                seller,
                OpenTrades {
                    as_buyer: 0,
                    as_seller: 1,
                },
            ),
            (
                buyer,
                OpenTrades {
                    as_buyer: 1,
                    as_seller: 0,
                },
            ),
        ] {
            match repo.withdraw(&WithdrawalPlan::for_member(who)).await {
                Err(MemberError::OpenTrades(open)) => assert_eq!(open, want, "{}", db.backend()),
                other => panic!("{}: expected OpenTrades, got {other:?}", db.backend()),
            }
        }
        assert_eq!(member_row(&db.db, seller).await, member_before);
        assert_eq!(products_of(&db.db, seller).await, products_before);
        assert_eq!(images(&db.db).await, images_before);
        assert!(
            image_deletions::Entity::find()
                .all(&db.db)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            member_row(&db.db, buyer).await.status,
            MemberStatus::Active.code()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn withdraw_soft_deletes_listings_and_marks_photos() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let me = repo
            .join(&new_member("me", "나나나", "01012345678"))
            .await
            .unwrap()
            .id;
        let other = repo
            .join(&new_member("other", "너너너", "01012345679"))
            .await
            .unwrap()
            .id;
        repo.update_profile_image(me, Some("profiles/me.jpg".into()))
            .await
            .unwrap();

        let mut ids = HashMap::new();
        for status in ["on_sale", "reserved", "hidden", "sold", "deleted"] {
            let p = insert_product(&db.db, me.0, status).await;
            insert_image(&db.db, p, 0).await;
            insert_image(&db.db, p, 1).await;
            ids.insert(status, p);
        }
        // A finished sale does not block, and someone else's listing is untouched.
        insert_order(&db.db, ids["sold"], other.0, me.0, "completed").await;
        let theirs = insert_product(&db.db, other.0, "on_sale").await;
        let their_image = insert_image(&db.db, theirs, 0).await;

        repo.withdraw(&WithdrawalPlan::for_member(me))
            .await
            .unwrap();

        let row = member_row(&db.db, me).await;
        assert_eq!(row.status, "withdrawn", "{}", db.backend());
        assert!(row.withdrawn_at.is_some());
        assert_eq!(row.profile_image, None);
        let queued: Vec<String> = image_deletions::Entity::find()
            .all(&db.db)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.storage_key)
            .collect();
        assert_eq!(queued, vec!["profiles/me.jpg".to_owned()]);

        let after = products_of(&db.db, me).await;
        for status in ["on_sale", "reserved", "hidden"] {
            let p = &after[&ids[status]];
            assert_eq!(p.status, "deleted", "{status} on {}", db.backend());
            assert!(p.deleted_at.is_some(), "{status}");
            assert_eq!(p.version, 1, "{status}");
        }
        assert_eq!(after[&ids["sold"]].status, "sold");
        assert_eq!(after[&ids["sold"]].deleted_at, None);
        assert_eq!(after[&ids["deleted"]].status, "deleted");
        assert_eq!(
            after[&ids["deleted"]].version, 0,
            "already deleted: untouched"
        );

        let imgs = product_images::Entity::find()
            .order_by_asc(product_images::Column::Id)
            .all(&db.db)
            .await
            .unwrap();
        for img in &imgs {
            let should_be_marked = img.product_id != ids["sold"] && img.product_id != theirs;
            assert_eq!(
                img.deleted_at.is_some(),
                should_be_marked,
                "image {} of product {} on {}",
                img.id,
                img.product_id,
                db.backend()
            );
        }
        assert!(imgs.iter().any(|i| i.id == their_image));
        assert_eq!(products_of(&db.db, other).await[&theirs].status, "on_sale");

        // Withdrawn (or never existing) members cannot withdraw again.
        assert!(matches!(
            repo.withdraw(&WithdrawalPlan::for_member(me)).await,
            Err(MemberError::NotFound)
        ));
        assert!(matches!(
            repo.withdraw(&WithdrawalPlan::for_member(MemberId(424_242)))
                .await,
            Err(MemberError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn withdraw_without_profile_image_queues_nothing() {
    for db in backends().await {
        let repo = SeaMemberRepository::new(db.db.clone());
        let me = repo
            .join(&new_member("me", "나나나", "01012345678"))
            .await
            .unwrap()
            .id;
        repo.withdraw(&WithdrawalPlan::for_member(me))
            .await
            .unwrap();
        assert!(
            image_deletions::Entity::find()
                .all(&db.db)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.backend()
        );
        db.cleanup().await;
    }
}
