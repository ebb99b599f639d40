use std::sync::Arc;

use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::*;
use crate::model::{ListingSnapshot, MemberId, OfferId, ProductId, Reservation, Won};
use crate::ports::MockListingGateway;
use crate::testing::{BUYER, SELLER, now};
use junggye_notifications::Payload;
use junggye_products::ProductStatus;

fn active(id: MemberId) -> junggye_members::ActiveMember {
    junggye_members::testing::active(id.0)
}

fn listing(status: ProductStatus) -> ListingSnapshot {
    ListingSnapshot {
        product_id: ProductId(5),
        seller_id: SELLER,
        price: Won(10_000),
        status,
        name: "아이패드".into(),
        reservation: None,
        under_review: false,
    }
}

fn offer(state: OfferState) -> Offer {
    Offer {
        id: OfferId(7),
        product_id: ProductId(5),
        product_name: "아이패드".into(),
        buyer_id: BUYER,
        seller_id: SELLER,
        price: Won(8_000),
        state,
        created_at: now(),
        answered_at: None,
        expires_at: None,
    }
}

fn service(repo: MockOfferRepository, listings: MockListingGateway) -> OfferService {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    OfferService::new(
        Arc::new(repo),
        Arc::new(listings),
        Arc::new(clock),
        OfferConfig::default(),
    )
}

fn listings_with(status: ProductStatus) -> MockListingGateway {
    let mut l = MockListingGateway::new();
    l.expect_snapshot()
        .returning(move |_| Ok(Some(listing(status))));
    l
}

#[test]
fn the_range_is_half_the_price_up_to_one_won_below_it() {
    assert_eq!(price_range(Won(10_000), 0.5), (Won(5_000), Won(9_999)));
    assert_eq!(price_range(Won(9_999), 0.5), (Won(5_000), Won(9_998)));
    assert_eq!(price_range(Won(1), 0.5).0, Won(1));
}

#[tokio::test]
async fn a_buyer_offers_in_range_and_the_seller_is_told_in_the_same_write() {
    let mut repo = MockOfferRepository::new();
    repo.expect_create()
        .withf(|o, outbox| {
            o.price == Won(5_000)
                && o.buyer_id == BUYER
                && o.seller_id == SELLER
                && matches!(
                    outbox,
                    [n] if n.member == SELLER
                        && matches!(&n.payload, Payload::OfferReceived { price: 5_000, .. })
                )
        })
        .times(1)
        .returning(|_, _| Ok(offer(OfferState::Open)));
    service(repo, listings_with(ProductStatus::OnSale))
        .make(&active(BUYER), ProductId(5), "5,000원")
        .await
        .unwrap();
}

#[tokio::test]
async fn offers_out_of_range_on_own_or_unavailable_listings_write_nothing() {
    for (status, who, price) in [
        (ProductStatus::OnSale, BUYER, "4999"),
        (ProductStatus::OnSale, BUYER, "10000"),
        (ProductStatus::OnSale, BUYER, "12000"),
        (ProductStatus::OnSale, BUYER, "abc"),
        (ProductStatus::OnSale, SELLER, "8000"),
        (ProductStatus::Reserved, BUYER, "8000"),
        (ProductStatus::Sold, BUYER, "8000"),
        (ProductStatus::Hidden, BUYER, "8000"),
    ] {
        let mut repo = MockOfferRepository::new();
        repo.expect_create().never();
        let err = service(repo, listings_with(status))
            .make(&active(who), ProductId(5), price)
            .await
            .unwrap_err();
        let expected = match (status, who, price) {
            (_, _, "abc") => matches!(err, OfferError::Invalid(_)),
            (ProductStatus::Hidden, _, _) => matches!(err, OfferError::ListingNotFound),
            (_, w, _) if w == SELLER => matches!(err, OfferError::OwnListing),
            (ProductStatus::OnSale, _, _) => matches!(
                err,
                OfferError::PriceOutOfRange {
                    min: Won(5_000),
                    max: Won(9_999)
                }
            ),
            _ => matches!(err, OfferError::NotOnSale),
        };
        assert!(expected, "{status:?} {who:?} {price}: {err:?}");
    }
}

#[tokio::test]
async fn accepting_reserves_for_the_ttl_and_tells_the_buyer() {
    let mut repo = MockOfferRepository::new();
    repo.expect_find()
        .with(eq(OfferId(7)))
        .times(1)
        .returning(|_| Ok(Some(offer(OfferState::Open))));
    repo.expect_due_to_expire()
        .withf(|_, p, _| *p == Some(ProductId(5)))
        .returning(|_, _, _| Ok(Vec::new()));
    repo.expect_apply()
        .withf(|id, change, expires, _, outbox| {
            *id == OfferId(7)
                && *change == OfferState::ACCEPT
                && *expires == Some(now() + chrono::Duration::hours(24))
                && matches!(
                    outbox,
                    [n] if n.member == BUYER
                        && matches!(n.payload, Payload::OfferAnswered { accepted: true, .. })
                )
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    repo.expect_find()
        .returning(|_| Ok(Some(offer(OfferState::Accepted))));
    let got = service(repo, MockListingGateway::new())
        .respond(&active(SELLER), OfferId(7), OfferDecision::Accept)
        .await
        .unwrap();
    assert_eq!(got.state, OfferState::Accepted);
}

#[tokio::test]
async fn only_the_seller_may_answer() {
    for who in [BUYER, MemberId(99)] {
        let mut repo = MockOfferRepository::new();
        repo.expect_find()
            .returning(|_| Ok(Some(offer(OfferState::Open))));
        repo.expect_apply().never();
        let err = service(repo, MockListingGateway::new())
            .respond(&active(who), OfferId(7), OfferDecision::Accept)
            .await
            .unwrap_err();
        assert!(matches!(err, OfferError::NotFound), "{err:?}");
    }
}

#[tokio::test]
async fn rejecting_an_accepted_offer_releases_the_listing_and_closed_offers_stay_closed() {
    let mut repo = MockOfferRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(offer(OfferState::Accepted))));
    repo.expect_apply()
        .withf(|_, change, _, _, _| *change == OfferState::REJECT_ACCEPTED)
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    service(repo, MockListingGateway::new())
        .respond(&active(SELLER), OfferId(7), OfferDecision::Reject)
        .await
        .unwrap();
    assert_eq!(
        OfferState::REJECT_ACCEPTED.listing,
        ListingEffect::Releases(ProductStatus::RELEASED_BY_OFFER)
    );

    for state in [OfferState::Rejected, OfferState::Expired, OfferState::Paid] {
        for decision in [OfferDecision::Accept, OfferDecision::Reject] {
            let mut repo = MockOfferRepository::new();
            repo.expect_find()
                .returning(move |_| Ok(Some(offer(state))));
            repo.expect_apply().never();
            let err = service(repo, MockListingGateway::new())
                .respond(&active(SELLER), OfferId(7), decision)
                .await
                .unwrap_err();
            assert!(matches!(err, OfferError::AlreadyAnswered(s) if s == state));
        }
    }
}

#[tokio::test]
async fn an_answer_that_lost_a_race_reports_the_state_the_offer_has_now() {
    let mut repo = MockOfferRepository::new();
    let mut seq = mockall::Sequence::new();
    repo.expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Some(offer(OfferState::Open))));
    repo.expect_apply().returning(|_, _, _, _, _| Ok(false));
    repo.expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Some(offer(OfferState::Rejected))));
    let err = service(repo, MockListingGateway::new())
        .respond(&active(SELLER), OfferId(7), OfferDecision::Reject)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        OfferError::AlreadyAnswered(OfferState::Rejected)
    ));
}

#[tokio::test]
async fn the_expiry_job_expires_each_due_offer_once() {
    let mut repo = MockOfferRepository::new();
    repo.expect_due_to_expire()
        .withf(|at, p, _| *at == now() && p.is_none())
        .returning(|_, _, _| Ok(vec![OfferId(1), OfferId(2)]));
    repo.expect_apply()
        .withf(|_, change, _, _, _| *change == OfferState::EXPIRE)
        .times(2)
        .returning(|id, _, _, _, _| Ok(id == OfferId(1)));
    let expired = service(repo, MockListingGateway::new())
        .expire_due()
        .await
        .unwrap();
    assert_eq!(expired, 1, "the other was expired by another instance");
}

#[test]
fn the_reservation_ends_at_expiry_or_when_the_listing_is_no_longer_reserved() {
    let reservation = Reservation {
        offer: OfferId(7),
        buyer: BUYER,
        price: Won(8_000),
        expires_at: now() + chrono::Duration::hours(1),
    };
    let reserved = ListingSnapshot {
        reservation: Some(reservation),
        ..listing(ProductStatus::Reserved)
    };
    assert_eq!(reserved.live_reservation(now()), Some(reservation));
    assert_eq!(
        reserved.live_reservation(now() + chrono::Duration::hours(1)),
        None
    );
    let by_hand = ListingSnapshot {
        reservation: Some(reservation),
        ..listing(ProductStatus::OnSale)
    };
    assert_eq!(by_hand.live_reservation(now()), None);
    let terms = reserved.terms_for(BUYER, now()).unwrap();
    assert_eq!((terms.amount, terms.offer), (Won(8_000), Some(OfferId(7))));
    assert!(reserved.terms_for(MemberId(3), now()).is_err());
}

#[test]
fn codes_round_trip() {
    for s in OfferState::ALL {
        assert_eq!(OfferState::from_code(s.code()), Some(s));
    }
    for r in [OfferRole::Received, OfferRole::Sent] {
        assert_eq!(OfferRole::from_code(r.code()), Some(r));
    }
    for d in [OfferDecision::Accept, OfferDecision::Reject] {
        assert_eq!(OfferDecision::from_code(d.code()), Some(d));
    }
}

fn blocked_between_buyer_and_seller() -> Arc<junggye_members::blocks::MockBlockRepository> {
    let mut blocks = junggye_members::blocks::MockBlockRepository::new();
    blocks
        .expect_either_way()
        .with(eq(BUYER), eq(SELLER))
        .returning(|_, _| Ok(true));
    Arc::new(blocks)
}

#[tokio::test]
async fn no_offer_is_made_or_accepted_across_a_block() {
    let mut repo = MockOfferRepository::new();
    repo.expect_create().never();
    let err = service(repo, listings_with(ProductStatus::OnSale))
        .with_blocks(blocked_between_buyer_and_seller())
        .make(&active(BUYER), ProductId(5), "8000")
        .await
        .unwrap_err();
    assert!(matches!(err, OfferError::Blocked), "{err:?}");

    let mut repo = MockOfferRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(offer(OfferState::Open))));
    repo.expect_apply().never();
    let err = service(repo, MockListingGateway::new())
        .with_blocks(blocked_between_buyer_and_seller())
        .respond(&active(SELLER), OfferId(7), OfferDecision::Accept)
        .await
        .unwrap_err();
    assert!(matches!(err, OfferError::Blocked), "{err:?}");
}

#[tokio::test]
async fn a_listing_under_review_takes_no_offer() {
    let mut l = MockListingGateway::new();
    l.expect_snapshot().returning(|_| {
        Ok(Some(ListingSnapshot {
            under_review: true,
            ..listing(ProductStatus::OnSale)
        }))
    });
    let mut repo = MockOfferRepository::new();
    repo.expect_create().never();
    let err = service(repo, l)
        .make(&active(BUYER), ProductId(5), "8000")
        .await
        .unwrap_err();
    assert!(matches!(err, OfferError::ListingNotFound), "{err:?}");
    let hidden = ListingSnapshot {
        under_review: true,
        ..listing(ProductStatus::OnSale)
    };
    assert!(hidden.terms_for(BUYER, now()).is_err());
}
