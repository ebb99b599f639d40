//! Blocks, reports and the review flag (docs/safety.md) on both backends.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::sync::Arc;

use junggye_domain_common::Page;
use junggye_members::MemberRepository;
use junggye_members::blocks::BlockRepository;
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{
    CachedListings, ReadModelBlockRepository, SeaBlockRepository, SeaLikeRepository,
    SeaMemberRepository, SeaProductRepository, SeaReportRepository, SqliteReads, VersionSource,
};
use junggye_products::likes::LikeRepository;
use junggye_products::reports::{
    NewReport, ReportAction, ReportError, ReportId, ReportReason, ReportRepository, ReportStatus,
    ReportTarget, Reported, Resolution,
};
use junggye_products::{
    ListFilter, ListOrder, MemberId, ProductId, ProductRepository, ProductStatus, Visibility,
};
use sea_orm::ConnectionTrait as _;

use crate::helpers::{insert_product, new_member, t0};

async fn member(db: &TestDb, key: &str) -> MemberId {
    let joined = SeaMemberRepository::new(db.db.clone())
        .join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap();
    MemberId(joined.id.0)
}

fn report(reporter: MemberId, target: ReportTarget) -> NewReport {
    NewReport {
        reporter,
        target,
        reason: ReportReason::Fraud,
        created_at: t0(),
    }
}

fn ids(products: &[junggye_products::Product]) -> Vec<i64> {
    products.iter().map(|p| p.id.0).collect()
}

#[tokio::test]
async fn blocks_toggle_once_per_pair_and_are_seen_either_way() {
    for db in backends().await {
        let repo = SeaBlockRepository::new(db.db.clone());
        let (a, b, c) = (
            member(&db, "a").await,
            member(&db, "b").await,
            member(&db, "c").await,
        );
        let be = db.backend();
        assert!(repo.toggle(a, b, t0()).await.unwrap(), "{be}");
        assert_eq!(repo.blocked_by(a).await.unwrap(), [b], "{be}");
        assert!(repo.blocked_by(b).await.unwrap().is_empty(), "{be}");
        assert!(repo.either_way(a, b).await.unwrap(), "{be}");
        assert!(repo.either_way(b, a).await.unwrap(), "{be}");
        assert!(!repo.either_way(a, c).await.unwrap(), "{be}");
        // The read model (SQLite files) answers the page-time question the same way.
        if let Some(reads) = SqliteReads::for_url(&db.url) {
            let read_model = ReadModelBlockRepository::new(reads, repo.clone());
            assert_eq!(read_model.blocked_by(a).await.unwrap(), [b], "{be}");
            assert!(read_model.blocked_by(c).await.unwrap().is_empty(), "{be}");
        }
        assert!(!repo.toggle(a, b, t0()).await.unwrap(), "{be}");
        assert!(!repo.either_way(b, a).await.unwrap(), "{be}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn lists_leave_out_blocked_sellers_and_listings_under_review_but_not_for_their_owner() {
    for db in backends().await {
        let seller = member(&db, "seller").await;
        let other = member(&db, "other").await;
        let viewer = member(&db, "viewer").await;
        let flagged = insert_product(&db.db, seller.0, "on_sale").await;
        let plain = insert_product(&db.db, seller.0, "on_sale").await;
        let others = insert_product(&db.db, other.0, "on_sale").await;
        db.db
            .execute_unprepared(&format!(
                "UPDATE products SET under_review = 1 WHERE id = {flagged}"
            ))
            .await
            .unwrap();
        let sea: Arc<dyn ProductRepository> = Arc::new(SeaProductRepository::new(db.db.clone()));
        let cached = CachedListings::new(sea, VersionSource::Pool(db.db.clone()));
        let be = db.backend();
        let shared = Visibility::default();
        let blocking = Visibility {
            include_under_review: false,
            hidden_sellers: vec![other],
        };
        // The blocker's page first, so a wrongly shared cache would serve it to the guest.
        for _ in 0..2 {
            let mine = cached
                .list(
                    &ListFilter::Latest,
                    &ListOrder::default(),
                    None,
                    10,
                    &blocking,
                )
                .await
                .unwrap();
            assert_eq!(ids(&mine), [plain], "{be}");
            let guest = cached
                .list(
                    &ListFilter::Latest,
                    &ListOrder::default(),
                    None,
                    10,
                    &shared,
                )
                .await
                .unwrap();
            assert_eq!(ids(&guest), [others, plain], "{be}");
        }
        let own = Visibility {
            include_under_review: true,
            hidden_sellers: Vec::new(),
        };
        let filter = ListFilter::Seller(seller, ProductStatus::OnSale);
        let owner_view = cached
            .list(&filter, &ListOrder::default(), None, 10, &own)
            .await
            .unwrap();
        assert_eq!(ids(&owner_view), [plain, flagged], "{be}");
        assert!(owner_view[1].under_review, "{be}");
        let profile = cached
            .list(&filter, &ListOrder::default(), None, 10, &shared)
            .await
            .unwrap();
        assert_eq!(ids(&profile), [plain], "{be}");

        // Likes: neither the listing under review nor the blocked seller's.
        let likes = SeaLikeRepository::new(db.db.clone());
        for product in [flagged, plain, others] {
            likes
                .toggle(viewer, ProductId(product), t0())
                .await
                .unwrap();
        }
        SeaBlockRepository::new(db.db.clone())
            .toggle(viewer, other, t0())
            .await
            .unwrap();
        let liked = likes
            .liked(viewer, &[ProductStatus::OnSale], Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(ids(&liked.items), [plain], "{be}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_threshold_report_flags_the_listing_and_repeats_change_nothing() {
    for db in backends().await {
        let repo = SeaReportRepository::new(db.db.clone());
        let seller = member(&db, "seller").await;
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let target = ReportTarget::Product(product);
        let products = SeaProductRepository::new(db.db.clone());
        let be = db.backend();
        let mut reporters = Vec::new();
        for key in ["r1", "r2", "r3"] {
            reporters.push(member(&db, key).await);
        }
        assert_eq!(
            repo.create(&report(reporters[0], target), 2).await.unwrap(),
            Reported::Received,
            "{be}"
        );
        // The same reporter again: one report, no second vote.
        assert_eq!(
            repo.create(&report(reporters[0], target), 2).await.unwrap(),
            Reported::AlreadyReported,
            "{be}"
        );
        assert!(
            !products.find(product).await.unwrap().unwrap().under_review,
            "{be}"
        );
        repo.create(&report(reporters[1], target), 2).await.unwrap();
        assert!(
            products.find(product).await.unwrap().unwrap().under_review,
            "{be}"
        );

        let open = repo
            .list(ReportStatus::Open, Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(open.items.len(), 2, "{be}");
        assert_eq!(open.items[0].reporter, reporters[0], "{be}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn resolving_closes_every_open_report_of_the_target_once() {
    for db in backends().await {
        let repo = SeaReportRepository::new(db.db.clone());
        let seller = member(&db, "seller").await;
        let (r1, r2) = (member(&db, "r1").await, member(&db, "r2").await);
        let product = ProductId(insert_product(&db.db, seller.0, "on_sale").await);
        let target = ReportTarget::Product(product);
        let be = db.backend();
        repo.create(&report(r1, target), 2).await.unwrap();
        repo.create(&report(r2, target), 2).await.unwrap();
        repo.create(&report(r1, ReportTarget::Member(seller)), 2)
            .await
            .unwrap();
        let first = repo
            .list(ReportStatus::Open, Page::new(0, 10))
            .await
            .unwrap()
            .items[0]
            .id;
        let resolution = Resolution {
            report: first,
            target,
            action: ReportAction::Dismiss,
            at: t0(),
        };
        repo.resolve(&resolution).await.unwrap();
        assert!(matches!(
            repo.resolve(&resolution).await,
            Err(ReportError::AlreadyResolved)
        ));
        let products = SeaProductRepository::new(db.db.clone());
        assert!(
            !products.find(product).await.unwrap().unwrap().under_review,
            "{be}"
        );
        let open = repo
            .list(ReportStatus::Open, Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(open.items.len(), 1, "{be}");
        assert_eq!(open.items[0].target, ReportTarget::Member(seller), "{be}");
        let resolved = repo
            .list(ReportStatus::Resolved, Page::new(0, 10))
            .await
            .unwrap();
        assert_eq!(resolved.items.len(), 2, "{be}");
        assert!(
            resolved
                .items
                .iter()
                .all(|r| r.action == Some(ReportAction::Dismiss) && r.resolved_at.is_some()),
            "{be}"
        );
        assert!(repo.find(ReportId(9_999)).await.unwrap().is_none(), "{be}");
        db.cleanup().await;
    }
}
