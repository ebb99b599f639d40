//! Edits and bumps: who may, in which status, how often, and what the likers hear.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::{always, eq};

use super::*;
use crate::model::SellerProfile;
use crate::observer::MockListingObserver;
use crate::ports::MockProductRepository;
use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};

const OWNER: MemberId = MemberId(7);
const OTHER: MemberId = MemberId(8);

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
}

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    Arc::new(clock)
}

fn product(status: ProductStatus, bumped_at: Option<DateTime<Utc>>) -> Product {
    let draft = ProductService::new(Arc::new(MockProductRepository::new()), clock())
        .validate(&ListingForm {
            name: Some("아이패드".into()),
            price: Some("500000".into()),
            description: Some("좋아요".into()),
            location: Some("잠실".into()),
            open_chat_url: Some("https://open.kakao.com/o/sAbC".into()),
            category: Some("digital".into()),
        })
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
        listed_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        bumped_at,
        under_review: false,
    }
}

fn repo_with(found: Product) -> MockProductRepository {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .with(eq(ProductId(1)))
        .returning(move |_| Ok(Some(found.clone())));
    repo
}

fn service(repo: MockProductRepository) -> ProductService {
    ProductService::new(Arc::new(repo), clock())
}

fn price(raw: &str) -> EditRequest {
    EditRequest {
        form: ListingForm {
            price: Some(raw.into()),
            ..ListingForm::default()
        },
        photos: None,
    }
}

#[tokio::test]
async fn an_owner_edit_stores_the_new_fields_and_tells_likers_of_a_price_drop() {
    let mut repo = repo_with(product(OnSale, None));
    repo.expect_edit()
        .withf(|id, version, edit| {
            *id == ProductId(1)
                && *version == 3
                && edit.draft.price.won() == 450_000
                && edit.draft.name.as_str() == "아이패드"
                && edit.photos.is_none()
                && edit.at == now()
        })
        .times(1)
        .returning(|_, _, edit| {
            let mut p = product(OnSale, None);
            p.draft = edit.draft.clone();
            Ok(p)
        });
    let mut observer = MockListingObserver::new();
    observer
        .expect_price_changed()
        .withf(|p, from| p.draft.price.won() == 450_000 && from.won() == 500_000)
        .times(1)
        .return_const(());
    let edited = service(repo)
        .with_observer(Arc::new(observer))
        .edit(
            &junggye_members::testing::active(OWNER.0),
            ProductId(1),
            price("45만원"),
        )
        .await
        .unwrap();
    assert_eq!(edited.draft.price.won(), 450_000);
}

#[tokio::test]
async fn edits_are_refused_to_strangers_and_outside_editable_statuses_without_writing() {
    for (status, actor) in [
        (OnSale, OTHER),
        (Hidden, OTHER),
        (Pending, OWNER),
        (Sold, OWNER),
        (Deleted, OWNER),
    ] {
        let repo = repo_with(product(status, None));
        let err = service(repo)
            .edit(
                &junggye_members::testing::active(actor.0),
                ProductId(1),
                price("1000"),
            )
            .await
            .unwrap_err();
        let expected = match (status, actor) {
            (OnSale, OTHER) => matches!(err, ProductError::NotOwner),
            (Hidden | Deleted, _) => matches!(err, ProductError::NotFound),
            _ => matches!(err, ProductError::NotEditable(s) if s == status),
        };
        assert!(expected, "{status:?} by {actor:?}: {err:?}");
    }
    // Reserved and hidden listings may be corrected by their owner.
    for status in [Reserved, Hidden] {
        let mut repo = repo_with(product(status, None));
        repo.expect_edit()
            .returning(move |_, _, _| Ok(product(status, None)));
        service(repo)
            .edit(
                &junggye_members::testing::active(OWNER.0),
                ProductId(1),
                price("1000"),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_edit_checks_fields_like_registration_and_wants_some_change() {
    for (request, field) in [
        (price("-5"), "price"),
        (price("1000000000"), "price"),
        (
            EditRequest {
                form: ListingForm {
                    name: Some("가".repeat(31)),
                    ..ListingForm::default()
                },
                photos: None,
            },
            "name",
        ),
        (
            EditRequest {
                form: ListingForm {
                    open_chat_url: Some("https://evil.example/o/x".into()),
                    ..ListingForm::default()
                },
                photos: None,
            },
            "open_chat_url",
        ),
        (
            EditRequest {
                form: ListingForm::default(),
                photos: Some(Vec::new()),
            },
            "images",
        ),
        (EditRequest::default(), "form"),
        (price("500,000원"), "form"),
    ] {
        let repo = repo_with(product(OnSale, None));
        let err = service(repo)
            .edit(
                &junggye_members::testing::active(OWNER.0),
                ProductId(1),
                request,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, ProductError::Invalid(v) if v.field == field),
            "{field}: {err:?}"
        );
    }
}

#[tokio::test]
async fn the_first_bump_goes_at_once_and_the_next_after_the_cooldown() {
    let mut repo = repo_with(product(OnSale, None));
    repo.expect_bump()
        .with(eq(ProductId(1)), eq(3), eq(now()))
        .times(1)
        .returning(|_, _, at| Ok(product(OnSale, Some(at))));
    service(repo)
        .bump(&junggye_members::testing::active(OWNER.0), ProductId(1))
        .await
        .unwrap();

    let last = now() - Duration::hours(23);
    let repo = repo_with(product(OnSale, Some(last)));
    let err = service(repo)
        .bump(&junggye_members::testing::active(OWNER.0), ProductId(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProductError::BumpTooSoon { next_at } if next_at == last + Duration::hours(24)),
        "{err:?}"
    );

    let mut repo = repo_with(product(OnSale, Some(now() - Duration::hours(24))));
    repo.expect_bump()
        .with(eq(ProductId(1)), eq(3), always())
        .times(1)
        .returning(|_, _, at| Ok(product(OnSale, Some(at))));
    service(repo)
        .bump(&junggye_members::testing::active(OWNER.0), ProductId(1))
        .await
        .unwrap();

    // A shorter configured cooldown lets the 23-hour-old bump through.
    let mut repo = repo_with(product(OnSale, Some(last)));
    repo.expect_bump()
        .returning(|_, _, at| Ok(product(OnSale, Some(at))));
    service(repo)
        .with_bump_cooldown(Duration::hours(1))
        .bump(&junggye_members::testing::active(OWNER.0), ProductId(1))
        .await
        .unwrap();
}

#[tokio::test]
async fn only_the_owner_bumps_and_only_on_sale_listings() {
    for (status, actor) in [
        (OnSale, OTHER),
        (Reserved, OWNER),
        (Hidden, OWNER),
        (Pending, OWNER),
        (Sold, OWNER),
        (Deleted, OWNER),
    ] {
        let repo = repo_with(product(status, None));
        let err = service(repo)
            .bump(&junggye_members::testing::active(actor.0), ProductId(1))
            .await
            .unwrap_err();
        let expected = match (status, actor) {
            (OnSale, OTHER) => matches!(err, ProductError::NotOwner),
            (Deleted, _) => matches!(err, ProductError::NotFound),
            _ => matches!(err, ProductError::NotBumpable(s) if s == status),
        };
        assert!(expected, "{status:?} by {actor:?}: {err:?}");
    }
}
