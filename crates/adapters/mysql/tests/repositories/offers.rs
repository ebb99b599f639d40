#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

//! Offers on both backends: one open offer per buyer, accept/reject/expire as compare-and-sets
//! moving the listing in the same transaction, paying closes the offer, and the three races
//! (two accepts, an accept against a payment at list price, an accept against the expiry job)
//! each settling to one outcome.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use junggye_domain_common::{Clock, Page};
use junggye_members::MemberRepository as _;
use junggye_mysql::entities::products;
use junggye_mysql::testing::backends;
use junggye_mysql::{
    SeaListingGateway, SeaMemberRepository, SeaOfferRepository, SeaOrderRepository,
};
use junggye_orders::{
    ListingGateway as _, MemberId, NewOffer, NewOrder, OfferConfig, OfferDecision, OfferError,
    OfferId, OfferRepository as _, OfferRole, OfferService, OfferState, OrderError,
    OrderNumbers as _, OrderRepository as _, ProductId, RandomOrderNumbers, Won,
};
use junggye_products::ProductStatus;
use sea_orm::{ConnectionTrait as _, DatabaseConnection, EntityTrait as _, Statement};

use crate::helpers::{insert_product, new_member, t0};

async fn member(db: &DatabaseConnection, key: &str) -> MemberId {
    SeaMemberRepository::new(db.clone())
        .join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap()
        .id
}

async fn status(db: &DatabaseConnection, id: ProductId) -> String {
    products::Entity::find_by_id(id.0)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

fn offer(product: ProductId, buyer: MemberId, seller: MemberId, price: i64) -> NewOffer {
    NewOffer {
        product_id: product,
        buyer_id: buyer,
        seller_id: seller,
        price: Won(price),
        created_at: t0(),
    }
}

struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn service(db: &DatabaseConnection, now: DateTime<Utc>) -> Arc<OfferService> {
    Arc::new(OfferService::new(
        Arc::new(SeaOfferRepository::new(db.clone())),
        Arc::new(SeaListingGateway::new(db.clone())),
        Arc::new(FixedClock(now)),
        OfferConfig::default(),
    ))
}

fn active(id: MemberId) -> junggye_members::ActiveMember {
    junggye_members::testing::active(id.0)
}

async fn state(repo: &SeaOfferRepository, id: OfferId) -> OfferState {
    repo.find(id).await.unwrap().unwrap().state
}

async fn notifications(db: &DatabaseConnection, member: MemberId, kind: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM notifications WHERE member_id = ? AND kind = ?",
            vec![member.0.into(), kind.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

fn order_for(product: ProductId, buyer: MemberId, seller: MemberId, amount: i64) -> NewOrder {
    NewOrder {
        order_no: RandomOrderNumbers.next(),
        product_id: product,
        buyer_id: buyer,
        seller_id: seller,
        amount: Won(amount),
        item_name: "상품".into(),
        backend: "dev".into(),
        cid: "TC0ONETIME".into(),
        created_at: t0(),
        offer: None,
        redirect_key: None,
    }
}

#[tokio::test]
async fn one_open_offer_per_buyer_and_listing_even_when_sent_at_once() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let repo = Arc::new(SeaOfferRepository::new(db.db.clone()));
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let repo = repo.clone();
                tokio::spawn(async move {
                    repo.create(&offer(product, buyer, seller, 10_000 + i), &[])
                        .await
                })
            })
            .collect();
        let (mut made, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => made += 1,
                Err(OfferError::AlreadyOffered) => refused += 1,
                Err(e) => panic!("{}: {e:?}", db.backend()),
            }
        }
        assert_eq!((made, refused), (1, 7), "{}", db.backend());
        // Once answered, the buyer may offer again.
        let open = repo
            .list(buyer, OfferRole::Sent, Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(open.items.len(), 1);
        assert!(
            repo.apply(open.items[0].id, OfferState::REJECT_OPEN, None, t0(), &[])
                .await
                .unwrap()
        );
        repo.create(&offer(product, buyer, seller, 9_000), &[])
            .await
            .unwrap();
        let received = repo
            .list(seller, OfferRole::Received, Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(received.items.len(), 2, "{}", db.backend());
        assert_eq!(received.items[0].price, Won(9_000), "newest first");
        assert_eq!(received.items[0].product_name, "상품 on_sale");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn accept_reserves_for_the_buyer_reject_puts_it_back_and_both_notify_in_the_same_write() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let other = member(&db.db, "other").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let offers = service(&db.db, t0());
        let made = offers
            .make(&active(buyer), product, "12,000원")
            .await
            .unwrap();
        assert_eq!(notifications(&db.db, seller, "offer_received").await, 1);
        let accepted = offers
            .respond(&active(seller), made.id, OfferDecision::Accept)
            .await
            .unwrap();
        assert_eq!(accepted.state, OfferState::Accepted);
        assert_eq!(accepted.expires_at, Some(t0() + Duration::hours(24)));
        assert_eq!(
            status(&db.db, product).await,
            "reserved",
            "{}",
            db.backend()
        );
        assert_eq!(notifications(&db.db, buyer, "offer_answered").await, 1);

        let snapshot = SeaListingGateway::new(db.db.clone())
            .snapshot(product)
            .await
            .unwrap()
            .unwrap();
        let terms = snapshot.terms_for(buyer, t0()).unwrap();
        assert_eq!((terms.amount, terms.offer), (Won(12_000), Some(made.id)));
        assert!(
            snapshot.terms_for(other, t0()).is_err(),
            "others may not pay"
        );
        // Offers on a reserved listing are refused.
        assert!(matches!(
            offers.make(&active(other), product, "10000").await,
            Err(OfferError::NotOnSale)
        ));

        offers
            .respond(&active(seller), made.id, OfferDecision::Reject)
            .await
            .unwrap();
        assert_eq!(status(&db.db, product).await, "on_sale", "{}", db.backend());
        assert_eq!(notifications(&db.db, buyer, "offer_answered").await, 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn paying_closes_the_offer_only_for_its_buyer_price_and_before_expiry() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let other = member(&db.db, "other").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let repo = SeaOfferRepository::new(db.db.clone());
        let orders = SeaOrderRepository::new(db.db.clone());
        let made = repo
            .create(&offer(product, buyer, seller, 11_000), &[])
            .await
            .unwrap();
        let expires = t0() + Duration::hours(24);
        assert!(
            repo.apply(made.id, OfferState::ACCEPT, Some(expires), t0(), &[])
                .await
                .unwrap()
        );
        // A forged order: another buyer naming the offer, or the buyer at another amount.
        for (who, amount) in [(other, 11_000), (buyer, 5_000)] {
            let forged = orders
                .create(&NewOrder {
                    offer: Some(made.id),
                    redirect_key: None,
                    ..order_for(product, who, seller, amount)
                })
                .await
                .unwrap();
            let err = orders
                .mark_paid(
                    forged.id,
                    product,
                    ProductStatus::HOLD_FOR_OFFER,
                    t0(),
                    &junggye_notifications::Outbox::default(),
                )
                .await
                .unwrap_err();
            assert!(matches!(err, OrderError::ListingUnavailable), "{err:?}");
        }
        // After expiry the reservation is gone even before the job ran.
        let late = orders
            .create(&NewOrder {
                offer: Some(made.id),
                redirect_key: None,
                ..order_for(product, buyer, seller, 11_000)
            })
            .await
            .unwrap();
        assert!(
            orders
                .mark_paid(
                    late.id,
                    product,
                    ProductStatus::HOLD_FOR_OFFER,
                    expires,
                    &junggye_notifications::Outbox::default()
                )
                .await
                .is_err()
        );
        assert_eq!(state(&repo, made.id).await, OfferState::Accepted);
        let paid = orders
            .create(&NewOrder {
                offer: Some(made.id),
                redirect_key: None,
                ..order_for(product, buyer, seller, 11_000)
            })
            .await
            .unwrap();
        orders
            .mark_paid(
                paid.id,
                product,
                ProductStatus::HOLD_FOR_OFFER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            state(&repo, made.id).await,
            OfferState::Paid,
            "{}",
            db.backend()
        );
        assert_eq!(status(&db.db, product).await, "pending");
        let stored = orders.find(paid.id).await.unwrap().unwrap();
        assert_eq!((stored.amount, stored.offer), (Won(11_000), Some(made.id)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn two_accepts_of_different_offers_on_one_listing_one_wins() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let repo = SeaOfferRepository::new(db.db.clone());
        let mut ids = Vec::new();
        for i in 0..6 {
            let buyer = member(&db.db, &format!("buyer{i}")).await;
            ids.push(
                repo.create(&offer(product, buyer, seller, 10_000 + i), &[])
                    .await
                    .unwrap()
                    .id,
            );
        }
        let offers = service(&db.db, t0());
        let tasks: Vec<_> = ids
            .iter()
            .map(|&id| {
                let offers = offers.clone();
                tokio::spawn(async move {
                    offers
                        .respond(&active(seller), id, OfferDecision::Accept)
                        .await
                })
            })
            .collect();
        let (mut won, mut lost) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(o) => {
                    assert_eq!(o.state, OfferState::Accepted);
                    won += 1;
                }
                Err(OfferError::NotOnSale) => lost += 1,
                Err(e) => panic!("{}: {e:?}", db.backend()),
            }
        }
        assert_eq!((won, lost), (1, 5), "{}", db.backend());
        let mut accepted = 0;
        for id in ids {
            match state(&repo, id).await {
                OfferState::Accepted => accepted += 1,
                OfferState::Open => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(accepted, 1);
        assert_eq!(status(&db.db, product).await, "reserved");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_accept_racing_a_payment_at_list_price_settles_one_way() {
    for db in backends().await {
        for round in 0..4 {
            let seller = member(&db.db, &format!("seller{round}")).await;
            let offerer = member(&db.db, &format!("offerer{round}")).await;
            let payer = member(&db.db, &format!("payer{round}")).await;
            let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
            let repo = SeaOfferRepository::new(db.db.clone());
            let orders = Arc::new(SeaOrderRepository::new(db.db.clone()));
            let made = repo
                .create(&offer(product, offerer, seller, 9_000), &[])
                .await
                .unwrap();
            let order = orders
                .create(&order_for(product, payer, seller, 15_000))
                .await
                .unwrap();
            let offers = service(&db.db, t0());
            let accept = tokio::spawn(async move {
                offers
                    .respond(&active(seller), made.id, OfferDecision::Accept)
                    .await
            });
            let pay = {
                let orders = orders.clone();
                tokio::spawn(async move {
                    orders
                        .mark_paid(
                            order.id,
                            product,
                            ProductStatus::HOLD_FOR_ORDER,
                            t0(),
                            &junggye_notifications::Outbox::default(),
                        )
                        .await
                })
            };
            let (accepted, paid) = (accept.await.unwrap(), pay.await.unwrap());
            let offer_state = state(&repo, made.id).await;
            let listing = status(&db.db, product).await;
            match (accepted, paid) {
                (Ok(_), Err(OrderError::ListingUnavailable)) => {
                    assert_eq!(
                        (offer_state, listing.as_str()),
                        (OfferState::Accepted, "reserved")
                    );
                }
                (Err(OfferError::NotOnSale), Ok(())) => {
                    assert_eq!(
                        (offer_state, listing.as_str()),
                        (OfferState::Open, "pending")
                    );
                }
                other => panic!("{}: both or neither won: {other:?}", db.backend()),
            }
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_accept_after_expiry_races_the_expiry_job_on_several_instances() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let first = member(&db.db, "first").await;
        let second = member(&db.db, "second").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let repo = SeaOfferRepository::new(db.db.clone());
        let old = repo
            .create(&offer(product, first, seller, 9_000), &[])
            .await
            .unwrap();
        let new = repo
            .create(&offer(product, second, seller, 10_000), &[])
            .await
            .unwrap();
        offers_accept_at(&db.db, old.id, seller, t0()).await;
        // A day and a minute later: the first reservation is over.
        let later = t0() + Duration::hours(24) + Duration::minutes(1);
        let offers = service(&db.db, later);
        let jobs: Vec<_> = (0..3)
            .map(|_| {
                let offers = offers.clone();
                tokio::spawn(async move { offers.expire_due().await })
            })
            .collect();
        let accept = {
            let offers = offers.clone();
            tokio::spawn(async move {
                offers
                    .respond(&active(seller), new.id, OfferDecision::Accept)
                    .await
            })
        };
        let mut expired_by_jobs = 0;
        for j in jobs {
            expired_by_jobs += j.await.unwrap().unwrap();
        }
        assert!(expired_by_jobs <= 1, "{}: expired twice", db.backend());
        let accepted = accept.await.unwrap().unwrap();
        assert_eq!(accepted.state, OfferState::Accepted);
        assert_eq!(state(&repo, old.id).await, OfferState::Expired);
        assert_eq!(
            status(&db.db, product).await,
            "reserved",
            "{}",
            db.backend()
        );
        let snapshot = SeaListingGateway::new(db.db.clone())
            .snapshot(product)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            snapshot.live_reservation(later).map(|r| r.buyer),
            Some(second)
        );
        // The expired offer cannot be accepted any more.
        assert!(matches!(
            offers
                .respond(&active(seller), old.id, OfferDecision::Accept)
                .await,
            Err(OfferError::AlreadyAnswered(OfferState::Expired))
        ));
        // A second expiry run finds nothing; the new reservation stands.
        assert_eq!(offers.expire_due().await.unwrap(), 0);
        db.cleanup().await;
    }
}

async fn offers_accept_at(
    db: &DatabaseConnection,
    id: OfferId,
    seller: MemberId,
    at: DateTime<Utc>,
) {
    service(db, at)
        .respond(&active(seller), id, OfferDecision::Accept)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_expiry_job_puts_the_listing_back_on_sale() {
    for db in backends().await {
        let seller = member(&db.db, "seller").await;
        let buyer = member(&db.db, "buyer").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let repo = SeaOfferRepository::new(db.db.clone());
        let made = repo
            .create(&offer(product, buyer, seller, 9_000), &[])
            .await
            .unwrap();
        offers_accept_at(&db.db, made.id, seller, t0()).await;
        assert_eq!(
            service(&db.db, t0() + Duration::hours(23))
                .expire_due()
                .await
                .unwrap(),
            0
        );
        assert_eq!(status(&db.db, product).await, "reserved");
        assert_eq!(
            service(&db.db, t0() + Duration::hours(24))
                .expire_due()
                .await
                .unwrap(),
            1
        );
        assert_eq!(status(&db.db, product).await, "on_sale", "{}", db.backend());
        assert_eq!(state(&repo, made.id).await, OfferState::Expired);
        let listed = repo.of_listing(product, 10).await.unwrap();
        assert_eq!(listed.len(), 1);
        db.cleanup().await;
    }
}
