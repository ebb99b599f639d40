use std::sync::Arc;

use chrono::{TimeZone as _, Utc};
use junggye_domain_common::clock::MockClock;
use junggye_members::testing::{active, member};
use junggye_members::{MemberService, MemberStatus, MockMemberRepository};
use mockall::predicate::eq;

use super::*;
use crate::model::{MemberId, Product, ProductId, SellerProfile};
use crate::ports::MockProductRepository;
use crate::service::{ListingForm, ProductService};
use crate::status::ProductStatus;

const SELLER: i64 = 7;

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap());
    Arc::new(clock)
}

fn listing(under_review: bool) -> Product {
    let draft = ProductService::new(Arc::new(MockProductRepository::new()), clock())
        .validate(&ListingForm {
            name: Some("맥북".into()),
            price: Some("10000".into()),
            description: Some("좋아요".into()),
            location: Some("강남역".into()),
            open_chat_url: Some("https://open.kakao.com/o/sAbC".into()),
            category: Some("digital".into()),
        })
        .unwrap();
    Product {
        id: ProductId(1),
        seller: SellerProfile {
            id: MemberId(SELLER),
            nickname: "판매왕".into(),
            profile_image: None,
            manner: junggye_members::MannerScore::START,
        },
        draft,
        status: ProductStatus::OnSale,
        photos: vec![],
        version: 0,
        created_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        under_review,
        listed_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        bumped_at: None,
    }
}

fn service(
    repo: MockReportRepository,
    products: MockProductRepository,
    members: MockMemberRepository,
) -> ReportService {
    ReportService::new(
        Arc::new(repo),
        Arc::new(ProductService::new(Arc::new(products), clock())),
        Arc::new(MemberService::new(Arc::new(members), clock())),
        clock(),
        3,
    )
}

fn with_listing(under_review: bool) -> MockProductRepository {
    let mut products = MockProductRepository::new();
    products
        .expect_find()
        .returning(move |_| Ok(Some(listing(under_review))));
    products
}

#[tokio::test]
async fn own_listing_and_oneself_are_refused_without_writing() {
    let reports = service(
        MockReportRepository::new(),
        with_listing(false),
        MockMemberRepository::new(),
    );
    let seller = active(SELLER);
    let err = reports
        .make(
            &seller,
            ReportTarget::Product(ProductId(1)),
            ReportReason::Spam,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::OwnTarget), "{err:?}");
    let err = reports
        .make(
            &seller,
            ReportTarget::Member(MemberId(SELLER)),
            ReportReason::Spam,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::OwnTarget), "{err:?}");
}

#[tokio::test]
async fn a_listing_under_review_cannot_be_reported_by_strangers() {
    let reports = service(
        MockReportRepository::new(),
        with_listing(true),
        MockMemberRepository::new(),
    );
    let err = reports
        .make(
            &active(9),
            ReportTarget::Product(ProductId(1)),
            ReportReason::Fraud,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_report_is_stored_with_the_threshold() {
    let mut repo = MockReportRepository::new();
    repo.expect_create()
        .withf(|report, hide_at| {
            report.reporter == MemberId(9)
                && report.target == ReportTarget::Product(ProductId(1))
                && report.reason == ReportReason::Fraud
                && *hide_at == 3
        })
        .returning(|_, _| Ok(Reported::Received));
    let reports = service(repo, with_listing(false), MockMemberRepository::new());
    let reported = reports
        .make(
            &active(9),
            ReportTarget::Product(ProductId(1)),
            ReportReason::Fraud,
        )
        .await
        .unwrap();
    assert_eq!(reported, Reported::Received);
}

#[tokio::test]
async fn withdrawn_members_cannot_be_reported() {
    let mut members = MockMemberRepository::new();
    members
        .expect_find_by_id()
        .with(eq(MemberId(5)))
        .returning(|id| Ok(Some(member(id, MemberStatus::Withdrawn))));
    let reports = service(
        MockReportRepository::new(),
        MockProductRepository::new(),
        members,
    );
    let err = reports
        .make(
            &active(9),
            ReportTarget::Member(MemberId(5)),
            ReportReason::Abusive,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::NotFound), "{err:?}");
}

fn stored(status: ReportStatus, target: ReportTarget) -> Report {
    Report {
        id: ReportId(4),
        reporter: MemberId(9),
        target,
        reason: ReportReason::Spam,
        status,
        action: None,
        created_at: Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap(),
        resolved_at: None,
    }
}

#[tokio::test]
async fn a_resolved_report_is_not_decided_again() {
    let mut repo = MockReportRepository::new();
    repo.expect_find().returning(|_| {
        Ok(Some(stored(
            ReportStatus::Resolved,
            ReportTarget::Member(MemberId(5)),
        )))
    });
    let reports = service(
        repo,
        MockProductRepository::new(),
        MockMemberRepository::new(),
    );
    let err = reports
        .resolve(ReportId(4), ReportAction::Dismiss)
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::AlreadyResolved), "{err:?}");
}

#[tokio::test]
async fn hiding_a_member_does_not_apply_and_closes_nothing() {
    let mut repo = MockReportRepository::new();
    repo.expect_find().returning(|_| {
        Ok(Some(stored(
            ReportStatus::Open,
            ReportTarget::Member(MemberId(5)),
        )))
    });
    let reports = service(
        repo,
        MockProductRepository::new(),
        MockMemberRepository::new(),
    );
    let err = reports
        .resolve(ReportId(4), ReportAction::HideListing)
        .await
        .unwrap_err();
    assert!(matches!(err, ReportError::NotApplicable(_)), "{err:?}");
}

#[tokio::test]
async fn suspending_over_a_listing_suspends_its_seller_then_closes_the_reports() {
    let mut repo = MockReportRepository::new();
    repo.expect_find().returning(|_| {
        Ok(Some(stored(
            ReportStatus::Open,
            ReportTarget::Product(ProductId(1)),
        )))
    });
    repo.expect_resolve()
        .withf(|r| {
            r.report == ReportId(4)
                && r.action == ReportAction::SuspendMember
                && r.target == ReportTarget::Product(ProductId(1))
        })
        .times(1)
        .returning(|_| Ok(()));
    let mut members = MockMemberRepository::new();
    members
        .expect_set_status()
        .with(eq(MemberId(SELLER)), eq(MemberStatus::Suspended))
        .times(1)
        .returning(|_, _| Ok(()));
    members
        .expect_find_by_id()
        .returning(|id| Ok(Some(member(id, MemberStatus::Suspended))));
    let reports = service(repo, with_listing(true), members);
    reports
        .resolve(ReportId(4), ReportAction::SuspendMember)
        .await
        .unwrap();
}
