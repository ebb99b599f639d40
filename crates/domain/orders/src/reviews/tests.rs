use std::sync::Arc;

use junggye_domain_common::clock::MockClock;
use junggye_members::Rating;
use junggye_members::testing::active;
use junggye_notifications::{Payload, Role};
use mockall::predicate::eq;

use super::*;
use crate::model::{MemberId, OrderId, OrderNo, ProductId};
use crate::ports::MockOrderNumbers;
use crate::testing::{BUYER, SELLER, now};

fn trade(completed: bool) -> Trade {
    Trade {
        order: OrderId(10),
        product: ProductId(5),
        item_name: "자전거".to_owned(),
        buyer: BUYER,
        seller: SELLER,
        completed,
    }
}

fn service(repo: MockReviewRepository) -> ReviewService {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    let mut numbers = MockOrderNumbers::new();
    numbers
        .expect_next()
        .returning(|| OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap());
    ReviewService::new(Arc::new(repo), Arc::new(numbers), Arc::new(clock))
}

#[tokio::test]
async fn the_buyer_reviews_the_seller_who_is_told() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade()
        .with(eq(OrderId(10)))
        .returning(|_| Ok(Some(trade(true))));
    repo.expect_insert()
        .withf(|review, outbox| {
            review.reviewer == BUYER
                && review.reviewee == SELLER
                && review.rating == Rating::Great
                && review.text.as_ref().map(ReviewText::as_str) == Some("친절해요")
                && outbox.len() == 1
                && outbox[0].member == SELLER
                && matches!(
                    outbox[0].payload,
                    Payload::ReviewReceived {
                        role: Role::Seller,
                        rating: junggye_notifications::Rating::Great,
                        ..
                    }
                )
        })
        .times(1)
        .returning(|_, _| Ok(ReviewId(1)));
    let written = service(repo)
        .write(
            &active(BUYER.0),
            OrderId(10),
            Rating::Great,
            Some("  친절해요 "),
        )
        .await
        .unwrap();
    assert_eq!(written.reviewee, SELLER);
}

#[tokio::test]
async fn the_seller_reviews_the_buyer() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(Some(trade(true))));
    repo.expect_insert()
        .withf(|review, outbox| review.reviewee == BUYER && outbox[0].member == BUYER)
        .returning(|_, _| Ok(ReviewId(2)));
    let written = service(repo)
        .write(&active(SELLER.0), OrderId(10), Rating::Bad, None)
        .await
        .unwrap();
    assert_eq!(written.reviewee, BUYER);
}

#[tokio::test]
async fn a_stranger_is_refused_without_writing() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(Some(trade(true))));
    repo.expect_insert().never();
    let err = service(repo)
        .write(&active(99), OrderId(10), Rating::Good, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::NotFound), "{err:?}");
}

#[tokio::test]
async fn an_unfinished_trade_cannot_be_reviewed() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(Some(trade(false))));
    repo.expect_insert().never();
    let err = service(repo)
        .write(&active(BUYER.0), OrderId(10), Rating::Good, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::NotCompleted), "{err:?}");
}

#[tokio::test]
async fn a_missing_order_is_not_found() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(None));
    let err = service(repo)
        .write(&active(BUYER.0), OrderId(10), Rating::Good, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_text_over_200_characters_is_refused_without_writing() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(Some(trade(true))));
    repo.expect_insert().never();
    let long = "가".repeat(201);
    let err = service(repo)
        .write(&active(BUYER.0), OrderId(10), Rating::Good, Some(&long))
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::Invalid(_)), "{err:?}");
    assert!(ReviewText::parse(&"가".repeat(200)).unwrap().is_some());
}

#[tokio::test]
async fn a_repeat_is_refused() {
    let mut repo = MockReviewRepository::new();
    repo.expect_trade().returning(|_| Ok(Some(trade(true))));
    repo.expect_insert()
        .returning(|_, _| Err(ReviewError::AlreadyReviewed));
    let err = service(repo)
        .write(&active(BUYER.0), OrderId(10), Rating::Good, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::AlreadyReviewed), "{err:?}");
}

fn likers() -> Vec<Liker> {
    vec![
        Liker {
            id: MemberId(7),
            nickname: "찜한사람".to_owned(),
        },
        Liker {
            id: SELLER,
            nickname: "판매자".to_owned(),
        },
    ]
}

#[tokio::test]
async fn the_seller_names_a_liker_as_the_buyer() {
    let mut repo = MockReviewRepository::new();
    repo.expect_likers().returning(|_| Ok(likers()));
    repo.expect_record_open_chat_sale()
        .withf(|sale| {
            sale.buyer == MemberId(7)
                && sale.seller == SELLER
                && sale.listing == junggye_products::ProductStatus::BUYER_NAMED
        })
        .times(1)
        .returning(|_| Ok(Some(OrderId(44))));
    let order = service(repo)
        .record_buyer(&active(SELLER.0), ProductId(5), MemberId(7))
        .await
        .unwrap();
    assert_eq!(order, OrderId(44));
}

#[tokio::test]
async fn only_likers_other_than_the_seller_may_be_named() {
    let mut repo = MockReviewRepository::new();
    repo.expect_likers().returning(|_| Ok(likers()));
    repo.expect_record_open_chat_sale().never();
    let service = service(repo);
    let seller = active(SELLER.0);
    for buyer in [MemberId(8), SELLER] {
        let err = service
            .record_buyer(&seller, ProductId(5), buyer)
            .await
            .unwrap_err();
        assert!(matches!(err, ReviewError::NotCandidate), "{err:?}");
    }
    let candidates = service
        .candidate_buyers(&seller, ProductId(5))
        .await
        .unwrap();
    assert_eq!(candidates.len(), 1);
}

#[tokio::test]
async fn a_listing_that_does_not_qualify_records_no_buyer() {
    let mut repo = MockReviewRepository::new();
    repo.expect_likers().returning(|_| Ok(likers()));
    repo.expect_record_open_chat_sale().returning(|_| Ok(None));
    let err = service(repo)
        .record_buyer(&active(SELLER.0), ProductId(5), MemberId(7))
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::BuyerNotRecordable), "{err:?}");
}

#[tokio::test]
async fn deleting_a_missing_review_is_not_found() {
    let mut repo = MockReviewRepository::new();
    repo.expect_delete().returning(|_| Ok(false));
    let err = service(repo).delete(ReviewId(3)).await.unwrap_err();
    assert!(matches!(err, ReviewError::NotFound), "{err:?}");
}
