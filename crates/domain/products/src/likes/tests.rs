use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::{always, eq};

use super::*;
use crate::likes::ports::MockLikeRepository;
use crate::model::{ListingDraft, SellerProfile};
use crate::ports::MockProductRepository;
use crate::status::Category;
use crate::values::{Description, Location, OpenChatUrl, Price, ProductName};
use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};

const OWNER: MemberId = MemberId(7);
const FAN: MemberId = MemberId(8);
const ID: ProductId = ProductId(1);

fn product(status: ProductStatus) -> Product {
    Product {
        id: ID,
        seller: SellerProfile {
            manner: junggye_members::MannerScore::START,
            id: OWNER,
            nickname: "판매왕".into(),
            profile_image: None,
        },
        draft: ListingDraft {
            name: ProductName::parse("맥북 에어 M1").unwrap(),
            price: Price::from_won(700_000).unwrap(),
            description: Description::parse("깨끗해요").unwrap(),
            location: Location::parse("강남역").unwrap(),
            open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
            category: Category::Digital,
        },
        status,
        photos: Vec::new(),
        version: 1,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        under_review: false,
        listed_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

fn products_with(status: ProductStatus) -> MockProductRepository {
    let mut products = MockProductRepository::new();
    products
        .expect_find()
        .with(eq(ID))
        .returning(move |_| Ok(Some(product(status))));
    products
}

fn service(likes: MockLikeRepository, products: MockProductRepository) -> LikeService {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap());
    LikeService::new(Arc::new(likes), Arc::new(products), Arc::new(clock))
}

fn member(id: MemberId) -> junggye_members::ActiveMember {
    junggye_members::testing::active(id.0)
}

#[tokio::test]
async fn toggle_likes_a_visible_listing_and_returns_the_new_count() {
    for status in [OnSale, Reserved, Pending, Sold] {
        let mut likes = MockLikeRepository::new();
        likes
            .expect_toggle()
            .with(eq(FAN), eq(ID), always())
            .times(1)
            .returning(|_, _, _| Ok(true));
        likes.expect_count().with(eq(ID)).returning(|_| Ok(3));
        let toggled = service(likes, products_with(status))
            .toggle(&member(FAN), ID)
            .await
            .unwrap();
        assert_eq!(
            toggled,
            Toggled {
                liked: true,
                count: 3
            },
            "{status:?}"
        );
    }
}

#[tokio::test]
async fn toggle_reports_an_unlike() {
    let mut likes = MockLikeRepository::new();
    likes.expect_toggle().returning(|_, _, _| Ok(false));
    likes.expect_count().returning(|_| Ok(0));
    let toggled = service(likes, products_with(OnSale))
        .toggle(&member(FAN), ID)
        .await
        .unwrap();
    assert_eq!(
        toggled,
        Toggled {
            liked: false,
            count: 0
        }
    );
}

#[tokio::test]
async fn hidden_deleted_and_missing_listings_cannot_be_liked_and_nothing_is_written() {
    for status in [Hidden, Deleted] {
        let err = service(MockLikeRepository::new(), products_with(status))
            .toggle(&member(FAN), ID)
            .await
            .unwrap_err();
        assert!(matches!(err, ProductError::NotFound), "{status:?}: {err:?}");
    }
    let mut products = MockProductRepository::new();
    products.expect_find().returning(|_| Ok(None));
    let err = service(MockLikeRepository::new(), products)
        .toggle(&member(FAN), ID)
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::NotFound));
}

#[tokio::test]
async fn the_owner_cannot_like_their_own_listing() {
    let err = service(MockLikeRepository::new(), products_with(OnSale))
        .toggle(&member(OWNER), ID)
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::OwnListing), "{err:?}");
    // A hidden listing is hidden from its owner's like button too: it says not found, as it
    // does to everyone (the detail never shows the button there).
    let err = service(MockLikeRepository::new(), products_with(Hidden))
        .toggle(&member(OWNER), ID)
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::NotFound), "{err:?}");
}

#[tokio::test]
async fn the_liked_page_asks_for_the_statuses_others_may_see() {
    let mut likes = MockLikeRepository::new();
    likes
        .expect_liked()
        .withf(|member, statuses, page| {
            *member == FAN
                && statuses == [OnSale, Reserved, Pending, Sold]
                && page.size() == LIKES_PAGE_SIZE
        })
        .times(1)
        .returning(|_, _, _| {
            Ok(Paged {
                items: vec![product(Sold)],
                has_more: false,
            })
        });
    let page = service(likes, MockProductRepository::new())
        .liked(FAN, Page::new(0, LIKES_PAGE_SIZE))
        .await
        .unwrap();
    assert_eq!(page.items[0].status, Sold);
}

#[tokio::test]
async fn the_summary_asks_whether_the_viewer_likes_it_only_when_someone_does() {
    let mut likes = MockLikeRepository::new();
    likes.expect_count().returning(|_| Ok(0));
    likes.expect_is_liked().never();
    let none = service(likes, MockProductRepository::new())
        .summary(Some(FAN), ID)
        .await
        .unwrap();
    assert_eq!(none, LikeSummary::default());

    let mut likes = MockLikeRepository::new();
    likes.expect_count().returning(|_| Ok(2));
    likes
        .expect_is_liked()
        .with(eq(FAN), eq(ID))
        .returning(|_, _| Ok(true));
    let svc = service(likes, MockProductRepository::new());
    assert_eq!(
        svc.summary(Some(FAN), ID).await.unwrap(),
        LikeSummary {
            count: 2,
            liked: true
        }
    );
    assert_eq!(
        svc.summary(None, ID).await.unwrap(),
        LikeSummary {
            count: 2,
            liked: false
        }
    );
}
