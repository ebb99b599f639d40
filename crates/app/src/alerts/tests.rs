//! The notifier never fails or slows the change it hears of.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use junggye_notifications::alerts::{AlertError, MockKeywordRepository};
use junggye_notifications::{MockNotificationRepository, MockPushGateway, NotificationConfig};
use junggye_products::likes::MockLikeRepository;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, MockProductRepository, OpenChatUrl,
    ProductId, ProductName, ProductService, RegisterRequest, SellerProfile,
};

use super::*;

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap());
    Arc::new(clock)
}

fn product(status: ProductStatus) -> Product {
    Product {
        id: ProductId(1),
        seller: SellerProfile {
            manner: junggye_members::MannerScore::START,
            id: MemberId(7),
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
        created_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        under_review: false,
        listed_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

/// A notifier whose every dependency is slow, then fails.
fn failing_notifier() -> Arc<ListingNotifier> {
    let mut keywords = MockKeywordRepository::new();
    keywords.expect_subscribers().returning(|_| {
        std::thread::sleep(Duration::from_millis(300));
        Err(AlertError::Unexpected(anyhow::anyhow!("database down")))
    });
    let mut likes = MockLikeRepository::new();
    likes.expect_likers().returning(|_| {
        std::thread::sleep(Duration::from_millis(300));
        Err(junggye_products::ProductError::Unexpected(anyhow::anyhow!(
            "database down"
        )))
    });
    let notifications = Arc::new(NotificationService::new(
        Arc::new(MockNotificationRepository::new()),
        Arc::new(MockPushGateway::new()),
        clock(),
        NotificationConfig::default(),
    ));
    Arc::new(ListingNotifier {
        likes: Arc::new(LikeService::new(
            Arc::new(likes),
            Arc::new(MockProductRepository::new()),
            clock(),
        )),
        alerts: Arc::new(AlertService::new(
            Arc::new(keywords),
            Arc::clone(&notifications),
            clock(),
            AlertConfig::default(),
        )),
        notifications,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_notifier_neither_fails_nor_slows_a_registration_or_a_status_change() {
    let mut repo = MockProductRepository::new();
    repo.expect_create()
        .returning(|_| Ok(product(ProductStatus::OnSale)));
    repo.expect_find()
        .returning(|_| Ok(Some(product(ProductStatus::OnSale))));
    repo.expect_change_status()
        .returning(|_, _, to| Ok(product(to)));
    let service = ProductService::new(Arc::new(repo), clock()).with_observer(failing_notifier());
    let seller = junggye_members::testing::active(7);

    let start = Instant::now();
    let saved = service
        .register(
            &seller,
            RegisterRequest {
                form: junggye_products::ListingForm {
                    name: Some("맥북 에어 M1".into()),
                    price: Some("700,000".into()),
                    description: Some("깨끗해요".into()),
                    location: Some("강남역".into()),
                    open_chat_url: Some("https://open.kakao.com/o/sAbC".into()),
                    category: Some("digital".into()),
                },
                photos: Vec::new(),
            },
        )
        .await;
    let changed = service
        .change_status(&seller, ProductId(1), ProductStatus::Reserved)
        .await;
    let took = start.elapsed();

    assert!(saved.is_ok() && changed.is_ok());
    assert!(
        took < Duration::from_millis(250),
        "the change waited for its listeners: {took:?}"
    );
    // Let the detached work fail (and log) before the runtime goes.
    tokio::time::sleep(Duration::from_millis(700)).await;
}

#[test]
fn without_a_runtime_the_work_is_skipped_not_run_inline() {
    let notifier = failing_notifier();
    let start = Instant::now();
    notifier.listed(&product(ProductStatus::OnSale));
    notifier.status_changed(&product(ProductStatus::Sold), ProductStatus::OnSale);
    assert!(start.elapsed() < Duration::from_millis(250));
}

#[test]
fn every_liked_news_has_its_notification_wording() {
    let price = |won| Price::from_won(won).unwrap();
    assert_eq!(
        liked_change(LikedNews::PriceDropped {
            from: price(10_000),
            to: price(8_000)
        }),
        LikedChange::PriceDropped {
            from: 10_000,
            to: 8_000
        }
    );
    assert_eq!(
        liked_change(LikedNews::Reserved),
        LikedChange::Status(ListingState::Reserved)
    );
    assert_eq!(
        liked_change(LikedNews::Sold),
        LikedChange::Status(ListingState::Sold)
    );
    assert_eq!(
        liked_change(LikedNews::OnSaleAgain),
        LikedChange::Status(ListingState::OnSale)
    );
}
