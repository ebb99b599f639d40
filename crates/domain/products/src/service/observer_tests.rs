//! The listing observer hears every stored registration, status change and price change, and
//! nothing of a change that was refused or failed.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::*;
use crate::model::SellerProfile;
use crate::observer::MockListingObserver;
use crate::ports::MockProductRepository;
use ProductStatus::{OnSale, Reserved, Sold};

const OWNER: MemberId = MemberId(7);

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap());
    Arc::new(clock)
}

fn form() -> ListingForm {
    ListingForm {
        name: Some("맥북 에어 M1".into()),
        price: Some("700,000".into()),
        description: Some("깨끗해요".into()),
        location: Some("강남역".into()),
        open_chat_url: Some("https://open.kakao.com/o/sAbC".into()),
        category: Some("digital".into()),
    }
}

fn product(status: ProductStatus, won: i64) -> Product {
    let mut draft = ProductService::new(Arc::new(MockProductRepository::new()), clock())
        .validate(&form())
        .unwrap();
    draft.price = Price::from_won(won).unwrap();
    Product {
        id: ProductId(1),
        seller: SellerProfile {
            manner: junggye_members::MannerScore::START,
            id: OWNER,
            nickname: "판매왕".into(),
            profile_image: None,
        },
        draft,
        status,
        photos: Vec::new(),
        version: 3,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        under_review: false,
        listed_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

fn service(repo: MockProductRepository, observer: MockListingObserver) -> ProductService {
    ProductService::new(Arc::new(repo), clock()).with_observer(Arc::new(observer))
}

#[tokio::test]
async fn a_registration_is_heard_once_stored() {
    let mut repo = MockProductRepository::new();
    repo.expect_create()
        .returning(|_| Ok(product(OnSale, 700_000)));
    let mut observer = MockListingObserver::new();
    observer
        .expect_listed()
        .withf(|p| p.id == ProductId(1) && p.status == OnSale)
        .times(1)
        .return_const(());
    service(repo, observer)
        .register(
            &junggye_members::testing::active(OWNER.0),
            RegisterRequest {
                form: form(),
                photos: Vec::new(),
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refused_or_failed_registration_is_not_heard() {
    let mut observer = MockListingObserver::new();
    observer.expect_listed().never();
    let mut repo = MockProductRepository::new();
    repo.expect_create()
        .returning(|_| Err(ProductError::Unexpected(anyhow::anyhow!("disk full"))));
    let svc = service(repo, observer);
    let owner = junggye_members::testing::active(OWNER.0);
    let bad = ListingForm {
        price: Some("0".into()),
        ..form()
    };
    for form in [bad, form()] {
        assert!(
            svc.register(
                &owner,
                RegisterRequest {
                    form,
                    photos: Vec::new()
                }
            )
            .await
            .is_err()
        );
    }
}

#[tokio::test]
async fn an_owner_status_change_is_heard_with_the_status_it_left() {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(product(OnSale, 700_000))));
    repo.expect_change_status()
        .with(eq(ProductId(1)), eq(3), eq(Reserved))
        .returning(|_, _, to| Ok(product(to, 700_000)));
    let mut observer = MockListingObserver::new();
    observer
        .expect_status_changed()
        .withf(|p, from| p.status == Reserved && *from == OnSale)
        .times(1)
        .return_const(());
    observer.expect_price_changed().never();
    service(repo, observer)
        .change_status(
            &junggye_members::testing::active(OWNER.0),
            ProductId(1),
            Reserved,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lost_race_or_refused_change_is_not_heard() {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(product(OnSale, 700_000))));
    repo.expect_change_status()
        .returning(|_, _, _| Err(ProductError::Conflict));
    let mut observer = MockListingObserver::new();
    observer.expect_status_changed().never();
    let svc = service(repo, observer);
    let owner = junggye_members::testing::active(OWNER.0);
    assert!(svc.change_status(&owner, ProductId(1), Sold).await.is_err());
    let stranger = junggye_members::testing::active(99);
    assert!(
        svc.change_status(&stranger, ProductId(1), Sold)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_admin_status_change_is_heard_too() {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(product(Reserved, 700_000))));
    repo.expect_change_status()
        .returning(|_, _, to| Ok(product(to, 700_000)));
    let mut observer = MockListingObserver::new();
    observer
        .expect_status_changed()
        .withf(|p, from| p.status == OnSale && *from == Reserved)
        .times(1)
        .return_const(());
    service(repo, observer)
        .admin_change_status(ProductId(1), OnSale)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_edited_price_is_heard_with_the_old_price() {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(product(OnSale, 700_000))));
    repo.expect_update_fields()
        .withf(|_, _, draft| draft.price.won() == 650_000)
        .returning(|_, _, draft| {
            let mut edited = product(OnSale, 700_000);
            edited.draft = draft.clone();
            Ok(edited)
        });
    let mut observer = MockListingObserver::new();
    observer
        .expect_price_changed()
        .withf(|p, from| p.draft.price.won() == 650_000 && from.won() == 700_000)
        .times(1)
        .return_const(());
    observer.expect_status_changed().never();
    let edit = ListingForm {
        price: Some("650,000".into()),
        ..ListingForm::default()
    };
    service(repo, observer)
        .admin_edit(ProductId(1), &edit)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_edit_that_keeps_the_price_is_not_a_price_change() {
    let mut repo = MockProductRepository::new();
    repo.expect_find()
        .returning(|_| Ok(Some(product(OnSale, 700_000))));
    repo.expect_update_fields().returning(|_, _, draft| {
        let mut edited = product(OnSale, 700_000);
        edited.draft = draft.clone();
        Ok(edited)
    });
    let mut observer = MockListingObserver::new();
    observer.expect_price_changed().never();
    let edit = ListingForm {
        location: Some("역삼역".into()),
        ..ListingForm::default()
    };
    service(repo, observer)
        .admin_edit(ProductId(1), &edit)
        .await
        .unwrap();
}
