use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::super::ProductService;
use crate::error::ProductError;
use crate::model::{ListingDraft, MemberId, Product, ProductId, SellerProfile};
use crate::ports::MockProductRepository;
use crate::service::ListingForm;
use crate::status::{Category, ProductStatus};
use crate::values::{Description, Location, OpenChatUrl, Price, ProductName};
use ProductStatus::{Deleted, Hidden, OnSale, Pending, Sold};

fn product(status: ProductStatus) -> Product {
    Product {
        id: ProductId(1),
        seller: SellerProfile {
            id: MemberId(7),
            nickname: "판매왕".into(),
            profile_image: None,
            manner: junggye_members::MannerScore::START,
        },
        draft: ListingDraft {
            name: ProductName::parse("맥북").unwrap(),
            price: Price::from_won(15_000).unwrap(),
            description: Description::parse("좋아요").unwrap(),
            location: Location::parse("강남역").unwrap(),
            open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
            category: Category::Digital,
        },
        status,
        photos: vec![],
        version: 3,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        under_review: false,
        listed_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

/// A service whose repository holds one listing in `status` and accepts no write.
fn service_with(
    status: ProductStatus,
    repo: impl FnOnce(&mut MockProductRepository),
) -> ProductService {
    let mut mock = MockProductRepository::new();
    mock.expect_find()
        .with(eq(ProductId(1)))
        .returning(move |_| Ok(Some(product(status))));
    repo(&mut mock);
    ProductService::new(Arc::new(mock), Arc::new(MockClock::new()))
}

#[tokio::test]
async fn status_changes_follow_the_admin_rule_with_the_read_version() {
    let svc = service_with(Hidden, |repo| {
        repo.expect_change_status()
            .with(eq(ProductId(1)), eq(3), eq(Sold))
            .times(1)
            .returning(|_, _, _| Ok(product(Sold)));
    });
    assert_eq!(
        svc.admin_change_status(ProductId(1), Sold)
            .await
            .unwrap()
            .status,
        Sold
    );

    let svc = service_with(Sold, |_| {});
    assert!(matches!(
        svc.admin_change_status(ProductId(1), OnSale).await,
        Err(ProductError::InvalidTransition {
            from: Sold,
            to: OnSale
        })
    ));
    assert!(matches!(
        svc.admin_change_status(ProductId(1), Pending).await,
        Err(ProductError::Invalid(v)) if v.field == "status"
    ));
}

#[tokio::test]
async fn edits_validate_fields_and_skip_deleted_or_unchanged_listings() {
    let svc = service_with(OnSale, |repo| {
        repo.expect_update_fields()
            .withf(|id, version, d| {
                *id == ProductId(1)
                    && *version == 3
                    && d.price.won() == 20_000
                    && d.name.as_str() == "맥북"
            })
            .times(1)
            .returning(|_, _, _| Ok(product(OnSale)));
    });
    let price = |p: &str| ListingForm {
        price: Some(p.into()),
        ..ListingForm::default()
    };
    svc.admin_edit(ProductId(1), &price("2만")).await.unwrap();
    assert!(matches!(
        svc.admin_edit(ProductId(1), &price("0")).await,
        Err(ProductError::Invalid(v)) if v.field == "price"
    ));
    // Same values: nothing written (update_fields expects exactly one call above).
    svc.admin_edit(ProductId(1), &price("15000")).await.unwrap();

    let svc = service_with(Deleted, |_| {});
    assert!(matches!(
        svc.admin_edit(ProductId(1), &price("2만")).await,
        Err(ProductError::NotFound)
    ));
}

#[tokio::test]
async fn delete_refuses_pending_and_already_deleted_listings() {
    let svc = service_with(Pending, |_| {});
    assert!(matches!(
        svc.admin_delete(ProductId(1)).await,
        Err(ProductError::InvalidTransition {
            from: Pending,
            to: Deleted
        })
    ));
    let svc = service_with(Deleted, |_| {});
    assert!(matches!(
        svc.admin_delete(ProductId(1)).await,
        Err(ProductError::NotFound)
    ));
    let svc = service_with(Sold, |repo| {
        repo.expect_change_status()
            .with(eq(ProductId(1)), eq(3), eq(Deleted))
            .times(1)
            .returning(|_, _, _| Ok(product(Deleted)));
    });
    svc.admin_delete(ProductId(1)).await.unwrap();
}
