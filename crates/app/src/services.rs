//! The use cases, built once at start on one pool and shared by every inbound adapter (the
//! skills, the pay routes and the admin API), so a service has one configuration and one
//! in-process state whichever door a request came in by.

use std::sync::Arc;

use junggye_admin_http::AdminServices;
use junggye_domain_common::SystemClock;
use junggye_kakao_skill::SkillServices;
use junggye_members::blocks::{BlockRepository, BlockService};
use junggye_members::{AdminAuth, MemberRepository, MemberService};
use junggye_mysql::{
    CachedListings, CachedNotices, ReadModelBlockRepository, ReadModelMemberRepository,
    ReadModelProductRepository, SeaBlockRepository, SeaMemberRepository, SeaNoticeRepository,
    SeaProductRepository, SeaReportRepository, SeaReviewRepository, SeaSkillLogQuery,
    SeaStatsQuery, SqliteReads, VersionSource,
};
use junggye_notifications::NotificationService;
use junggye_orders::{RandomOrderNumbers, ReviewService, WithdrawalService};
use junggye_products::notices::NoticeService;
use junggye_products::reports::ReportService;
use junggye_products::{ProductRepository, ProductService};
use sea_orm::DatabaseConnection;

use crate::admin::admin_auth;
use crate::alerts::Alerts;
use crate::config::{AlertSettings, ProductSettings, ReportSettings};
use crate::deals::Deals;
use crate::images::Images;
use crate::notifications::Notifications;
use crate::orders::Orders;

pub struct Services {
    pub members: Arc<MemberService>,
    pub withdrawals: Arc<WithdrawalService>,
    pub products: Arc<ProductService>,
    pub notices: Arc<NoticeService>,
    pub admin_auth: Arc<AdminAuth>,
    // --- Likes and keyword alerts (contract §8) ---
    /// Likes, keyword alerts, and the listener the products and deals domains tell of changes.
    pub alerts: Alerts,
    pub reviews: Arc<ReviewService>,
    // --- Reports and blocks (docs/safety.md) ---
    pub member_blocks: Arc<BlockService>,
    pub reports: Arc<ReportService>,
}

impl Services {
    /// `reads`: the SQLite read model of a file-backed SQLite database, which then serves the
    /// listing pages and member lookups (sea-orm keeps the writes).
    /// `notifications` stores what likes and keyword alerts cause.
    #[must_use]
    pub fn build(
        db: &DatabaseConnection,
        reads: Option<SqliteReads>,
        notifications: Arc<NotificationService>,
        alert_settings: &AlertSettings,
        report_settings: &ReportSettings,
        product_settings: &ProductSettings,
    ) -> Self {
        let clock = Arc::new(SystemClock);
        let sea_members = SeaMemberRepository::new(db.clone());
        let sea_products = SeaProductRepository::new(db.clone());
        let sea_blocks = SeaBlockRepository::new(db.clone());
        // Every page a member browses asks for their blocks: the read model answers on SQLite.
        let block_repo: Arc<dyn BlockRepository> = match &reads {
            Some(reads) => Arc::new(ReadModelBlockRepository::new(reads.clone(), sea_blocks)),
            None => Arc::new(sea_blocks),
        };
        let (member_repo, product_repo, version): (
            Arc<dyn MemberRepository>,
            Arc<dyn ProductRepository>,
            VersionSource,
        ) = match reads {
            Some(reads) => (
                Arc::new(ReadModelMemberRepository::new(
                    reads.clone(),
                    sea_members.clone(),
                )),
                Arc::new(ReadModelProductRepository::new(reads.clone(), sea_products)),
                VersionSource::Sqlite(reads),
            ),
            None => (
                Arc::new(sea_members.clone()),
                Arc::new(sea_products),
                VersionSource::Pool(db.clone()),
            ),
        };
        let product_repo: Arc<dyn ProductRepository> =
            Arc::new(CachedListings::new(product_repo, version.clone()));
        let alerts = Alerts::build(db, alert_settings, Arc::clone(&product_repo), notifications);
        let member_blocks = Arc::new(BlockService::new(
            block_repo.clone(),
            Arc::clone(&member_repo),
            clock.clone(),
        ));
        let members = Arc::new(MemberService::new(member_repo, clock.clone()));
        let products = Arc::new(
            ProductService::new(product_repo, clock.clone())
                .with_observer(alerts.notifier.clone())
                .with_blocks(block_repo)
                .with_bump_cooldown(chrono::Duration::hours(i64::from(
                    product_settings.bump_cooldown_hours,
                ))),
        );
        let reports = Arc::new(ReportService::new(
            Arc::new(SeaReportRepository::new(db.clone())),
            Arc::clone(&products),
            Arc::clone(&members),
            clock.clone(),
            report_settings.auto_hide_threshold,
        ));
        Self {
            withdrawals: Arc::new(WithdrawalService::new(
                Arc::new(sea_members),
                Arc::clone(&members),
            )),
            members,
            products,
            notices: Arc::new(NoticeService::new(
                Arc::new(CachedNotices::new(
                    Arc::new(SeaNoticeRepository::new(db.clone())),
                    version,
                )),
                clock.clone(),
            )),
            admin_auth: Arc::new(admin_auth(db)),
            alerts,
            reviews: Arc::new(ReviewService::new(
                Arc::new(SeaReviewRepository::new(db.clone())),
                Arc::new(RandomOrderNumbers),
                clock,
            )),
            member_blocks,
            reports,
        }
    }

    #[must_use]
    pub fn skill(
        &self,
        images: &Images,
        orders: &Orders,
        deals: &Deals,
        notifications: &Notifications,
    ) -> SkillServices {
        SkillServices {
            members: Arc::clone(&self.members),
            withdrawals: Arc::clone(&self.withdrawals),
            products: Arc::clone(&self.products),
            photos: Arc::clone(&images.pipeline),
            notices: Arc::clone(&self.notices),
            orders: Arc::clone(&orders.service),
            pay_links: Arc::clone(&orders.links),
            deals: Arc::clone(&deals.feed),
            notifications: Arc::clone(&notifications.service),
            // --- Likes and keyword alerts (contract §8) ---
            likes: Arc::clone(&self.alerts.likes),
            alerts: Arc::clone(&self.alerts.alerts),
            offers: Arc::clone(&orders.offers),
            reviews: Arc::clone(&self.reviews),
            member_blocks: Arc::clone(&self.member_blocks),
            reports: Arc::clone(&self.reports),
        }
    }

    #[must_use]
    pub fn admin(
        &self,
        db: &DatabaseConnection,
        images: &Images,
        orders: &Orders,
        notifications: &Notifications,
    ) -> AdminServices {
        AdminServices {
            auth: Arc::clone(&self.admin_auth),
            members: Arc::clone(&self.members),
            withdrawals: Arc::clone(&self.withdrawals),
            products: Arc::clone(&self.products),
            notices: Arc::clone(&self.notices),
            orders: Arc::clone(&orders.service),
            images: Arc::clone(&images.store),
            skill_logs: Arc::new(SeaSkillLogQuery::new(db.clone())),
            stats: Arc::new(SeaStatsQuery::new(db.clone())),
            notifications: Arc::clone(&notifications.service),
            offers: Arc::clone(&orders.offers),
            reviews: Arc::clone(&self.reviews),
            audit: Arc::new(junggye_mysql::SeaAuditLog::new(db.clone())),
            reports: Arc::clone(&self.reports),
        }
    }
}
