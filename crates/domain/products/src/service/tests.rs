use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::{always, eq};

use super::*;
use crate::model::SellerProfile;
use crate::ports::MockProductRepository;
use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};

fn active(id: MemberId) -> junggye_members::ActiveMember {
    junggye_members::testing::active(id.0)
}

const OWNER: MemberId = MemberId(7);
const OTHER: MemberId = MemberId(8);

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    Arc::new(clock)
}

fn form() -> ListingForm {
    ListingForm {
        name: Some("맥북 프로 14".into()),
        price: Some("1,500,000원".into()),
        description: Some("거의 새것입니다.".into()),
        location: Some("강남역".into()),
        open_chat_url: Some("https://open.kakao.com/o/sAbC".into()),
        category: Some("digital".into()),
    }
}

fn product(status: ProductStatus) -> Product {
    let draft = ProductService::new(Arc::new(MockProductRepository::new()), clock())
        .validate(&form())
        .unwrap();
    Product {
        id: ProductId(1),
        seller: SellerProfile {
            id: OWNER,
            nickname: "판매왕".into(),
            profile_image: None,
            manner: junggye_members::MannerScore::START,
        },
        draft,
        status,
        photos: vec!["p/1.jpg".into()],
        version: 3,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        under_review: false,
        listed_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

fn service(repo: MockProductRepository) -> ProductService {
    ProductService::new(Arc::new(repo), clock())
}

fn repo_with(status: ProductStatus) -> MockProductRepository {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .with(eq(ProductId(1)))
        .returning(move |_| Ok(Some(product(status))));
    repo
}

#[tokio::test]
async fn register_stores_validated_fields_with_clock_time_and_photos() {
    let mut repo = MockProductRepository::new();
    repo.expect_create()
        .withf(|p| {
            p.seller == OWNER
                && p.draft.price.won() == 1_500_000
                && p.draft.category == Category::Digital
                && p.photos.len() == 1
                && p.created_at == Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
        })
        .times(1)
        .returning(|_| Ok(product(OnSale)));
    let photo = ListingPhoto {
        key: "k".into(),
        content_type: "image/jpeg".into(),
        size: 10,
    };
    let saved = service(repo)
        .register(
            &active(OWNER),
            RegisterRequest {
                form: form(),
                photos: vec![photo],
            },
        )
        .await
        .unwrap();
    assert_eq!(saved.status, OnSale);
}

#[tokio::test]
async fn each_bad_or_missing_field_is_named_and_nothing_is_stored() {
    type Breaker = fn(&mut ListingForm);
    let cases: Vec<(Breaker, &str, &str)> = vec![
        (|f| f.name = Some("가".repeat(31)), "name", "상품명"),
        (|f| f.name = None, "name", "상품명"),
        (|f| f.price = Some("0".into()), "price", "가격"),
        (|f| f.price = None, "price", "가격"),
        (
            |f| f.description = Some("가".repeat(401)),
            "description",
            "상품 설명",
        ),
        (
            |f| f.location = Some(" ".into()),
            "location",
            "거래 희망 장소",
        ),
        (
            |f| f.open_chat_url = Some("https://x.com".into()),
            "open_chat_url",
            "오픈채팅",
        ),
        (|f| f.category = Some("cars".into()), "category", "카테고리"),
        (|f| f.category = None, "category", "카테고리"),
    ];
    for (break_it, field, word) in cases {
        let mut bad = form();
        break_it(&mut bad);
        // No expectation on create: a call would panic.
        let err = service(MockProductRepository::new())
            .register(
                &active(OWNER),
                RegisterRequest {
                    form: bad,
                    photos: vec![],
                },
            )
            .await
            .unwrap_err();
        match err {
            ProductError::Invalid(v) => {
                assert_eq!(v.field, field);
                assert!(v.message.contains(word), "{}", v.message);
            }
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn more_than_ten_photos_are_refused() {
    let photo = ListingPhoto {
        key: "k".into(),
        content_type: "image/png".into(),
        size: 1,
    };
    let err = service(MockProductRepository::new())
        .register(
            &active(OWNER),
            RegisterRequest {
                form: form(),
                photos: vec![photo; 11],
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::Invalid(v) if v.field == "images"));
}

#[tokio::test]
async fn list_overfetches_one_and_returns_the_next_cursor() {
    let mut repo = MockProductRepository::new();
    let from = Cursor {
        key: 100,
        id: ProductId(100),
    };
    repo.expect_list()
        .with(
            eq(ListFilter::Latest),
            eq(ListOrder::default()),
            eq(Some(from)),
            eq(11),
            eq(Visibility::default()),
        )
        .returning(|_, _, _, _, _| {
            Ok((0..11)
                .map(|i| Product {
                    id: ProductId(99 - i),
                    ..product(OnSale)
                })
                .collect())
        });
    let page = service(repo)
        .list(&ListFilter::Latest, &ListOrder::default(), Some(from))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 10);
    let last = &page.items[9];
    assert_eq!(
        page.next,
        Some(Cursor {
            key: last.listed_at.timestamp_micros(),
            id: ProductId(90)
        })
    );
}

#[tokio::test]
async fn last_page_has_no_cursor() {
    let mut repo = MockProductRepository::new();
    repo.expect_list()
        .returning(|_, _, _, _, _| Ok(vec![product(OnSale)]));
    let page = service(repo)
        .list(&ListFilter::Latest, &ListOrder::default(), None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next, None);
}

#[tokio::test]
async fn search_trims_the_keyword_and_refuses_blank() {
    let mut repo = MockProductRepository::new();
    repo.expect_list()
        .withf(|f, _, _, _, _| matches!(f, ListFilter::Search(k) if k.as_str() == "아이폰 15"))
        .returning(|_, _, _, _, _| Ok(vec![]));
    let svc = service(repo);
    assert!(
        svc.search("  아이폰 15 ", &ListOrder::default(), None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        svc.search("   ", &ListOrder::default(), None).await,
        Err(ProductError::Invalid(v)) if v.field == "keyword"
    ));
}

#[tokio::test]
async fn owner_sees_every_live_status_with_its_allowed_actions() {
    for status in [OnSale, Reserved, Hidden, Pending, Sold] {
        let view = service(repo_with(status))
            .detail(Some(OWNER), ProductId(1))
            .await
            .unwrap();
        assert!(view.is_owner);
        assert_eq!(view.owner_actions, status.owner_targets(), "{status:?}");
    }
}

#[tokio::test]
async fn others_see_listed_pending_and_sold_but_no_actions() {
    for viewer in [Some(OTHER), None] {
        for status in [OnSale, Reserved, Pending, Sold] {
            let view = service(repo_with(status))
                .detail(viewer, ProductId(1))
                .await
                .unwrap();
            assert!(!view.is_owner);
            assert!(view.owner_actions.is_empty());
        }
    }
}

#[tokio::test]
async fn hidden_is_invisible_to_others_and_deleted_to_everyone() {
    for (status, viewer) in [
        (Hidden, Some(OTHER)),
        (Hidden, None),
        (Deleted, Some(OTHER)),
        (Deleted, Some(OWNER)),
    ] {
        let err = service(repo_with(status))
            .detail(viewer, ProductId(1))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ProductError::NotFound),
            "{status:?} {viewer:?}"
        );
    }
}

#[tokio::test]
async fn missing_product_is_not_found() {
    let mut repo = MockProductRepository::new();
    repo.expect_find().returning(|_| Ok(None));
    let svc = service(repo);
    assert!(matches!(
        svc.detail(None, ProductId(5)).await,
        Err(ProductError::NotFound)
    ));
    assert!(matches!(
        svc.change_status(&active(OWNER), ProductId(5), Hidden)
            .await,
        Err(ProductError::NotFound)
    ));
}

const ALLOWED: [(ProductStatus, ProductStatus); 10] = [
    (OnSale, Hidden),
    (Hidden, OnSale),
    (OnSale, Reserved),
    (Reserved, OnSale),
    (OnSale, Sold),
    (Reserved, Sold),
    (OnSale, Deleted),
    (Hidden, Deleted),
    (Reserved, Deleted),
    (Sold, Deleted),
];

#[tokio::test]
async fn owner_may_make_every_allowed_transition_at_the_read_version() {
    for (from, to) in ALLOWED {
        let mut repo = repo_with(from);
        repo.expect_change_status()
            .with(eq(ProductId(1)), eq(3), eq(to))
            .times(1)
            .returning(move |_, _, to| Ok(product(to)));
        let changed = service(repo)
            .change_status(&active(OWNER), ProductId(1), to)
            .await
            .unwrap();
        assert_eq!(changed.status, to, "{from:?} -> {to:?}");
    }
}

#[tokio::test]
async fn every_forbidden_transition_is_refused_without_writing() {
    for from in [OnSale, Reserved, Hidden, Pending, Sold] {
        for to in ProductStatus::ALL {
            if ALLOWED.contains(&(from, to)) {
                continue;
            }
            // No change_status expectation: a write would panic.
            let err = service(repo_with(from))
                .change_status(&active(OWNER), ProductId(1), to)
                .await
                .unwrap_err();
            assert!(
                matches!(err, ProductError::InvalidTransition { from: f, to: t } if f == from && t == to),
                "{from:?} -> {to:?}: {err:?}"
            );
        }
    }
}

#[tokio::test]
async fn deleted_listings_cannot_change_at_all() {
    for to in ProductStatus::ALL {
        let err = service(repo_with(Deleted))
            .change_status(&active(OWNER), ProductId(1), to)
            .await
            .unwrap_err();
        assert!(matches!(err, ProductError::NotFound));
    }
}

#[tokio::test]
async fn non_owners_are_refused_every_change() {
    for from in [OnSale, Reserved, Pending, Sold] {
        for to in ProductStatus::ALL {
            let err = service(repo_with(from))
                .change_status(&active(OTHER), ProductId(1), to)
                .await
                .unwrap_err();
            assert!(matches!(err, ProductError::NotOwner), "{from:?} -> {to:?}");
        }
    }
    // A hidden listing does not even admit it exists to a stranger.
    let err = service(repo_with(Hidden))
        .change_status(&active(OTHER), ProductId(1), OnSale)
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::NotFound));
}

#[tokio::test]
async fn a_concurrent_change_surfaces_as_conflict() {
    let mut repo = repo_with(OnSale);
    repo.expect_change_status()
        .with(always(), always(), always())
        .returning(|_, _, _| Err(ProductError::Conflict));
    let err = service(repo)
        .change_status(&active(OWNER), ProductId(1), Reserved)
        .await
        .unwrap_err();
    assert!(matches!(err, ProductError::Conflict));
}

#[tokio::test]
async fn a_viewer_loses_the_listings_of_members_they_blocked_and_owners_keep_theirs_under_review() {
    let mut blocks = junggye_members::blocks::MockBlockRepository::new();
    blocks
        .expect_blocked_by()
        .with(eq(OTHER))
        .returning(|_| Ok(vec![MemberId(3)]));
    blocks
        .expect_blocked_by()
        .with(eq(OWNER))
        .returning(|_| Ok(vec![]));
    let mut repo = MockProductRepository::new();
    repo.expect_list()
        .withf(|f, _, _, _, v| {
            *f == ListFilter::Latest
                && *v
                    == Visibility {
                        include_under_review: false,
                        hidden_sellers: vec![MemberId(3)],
                    }
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(vec![]));
    repo.expect_list()
        .withf(|f, _, _, _, v| {
            matches!(f, ListFilter::Seller(s, _) if *s == OWNER)
                && v.include_under_review
                && v.hidden_sellers.is_empty()
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(vec![]));
    let svc = service(repo).with_blocks(Arc::new(blocks));
    svc.list_for(
        Some(OTHER),
        &ListFilter::Latest,
        &ListOrder::default(),
        None,
    )
    .await
    .unwrap();
    svc.list_for(
        Some(OWNER),
        &ListFilter::Seller(OWNER, OnSale),
        &ListOrder::default(),
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_listing_under_review_is_found_only_by_its_owner() {
    let mut repo = MockProductRepository::new();
    repo.expect_find().returning(|_| {
        Ok(Some(Product {
            under_review: true,
            ..product(OnSale)
        }))
    });
    let svc = service(repo);
    assert!(matches!(
        svc.detail(Some(OTHER), ProductId(1)).await,
        Err(ProductError::NotFound)
    ));
    assert!(matches!(
        svc.detail(None, ProductId(1)).await,
        Err(ProductError::NotFound)
    ));
    assert!(
        svc.detail(Some(OWNER), ProductId(1))
            .await
            .unwrap()
            .is_owner
    );
}
