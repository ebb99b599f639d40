use std::sync::Arc;

use junggye_deals::DealFeed;
use junggye_members::MemberService;
use junggye_members::blocks::BlockService;
use junggye_notifications::NotificationService;
use junggye_notifications::alerts::AlertService;
use junggye_orders::{OfferService, OrderService, ReviewService, WithdrawalService};
use junggye_products::ProductService;
use junggye_products::images::PhotoPipeline;
use junggye_products::likes::LikeService;
use junggye_products::notices::NoticeService;
use junggye_products::reports::ReportService;

use crate::blocks::Blocks;
use crate::config::SkillConfig;
use crate::handlers::deals::DealReplies;
use crate::pay::PayLinks;
use crate::rate_limit::{SharedCallBudget, UserRateLimiter};

/// The use cases the skills drive. All are required: a skill never finds its service missing
/// at run time; the app builds one set and hands it to both inbound adapters.
#[derive(Clone)]
pub struct SkillServices {
    pub members: Arc<MemberService>,
    pub withdrawals: Arc<WithdrawalService>,
    pub products: Arc<ProductService>,
    /// Downloads photos from Kakao's secure-image URLs into the image store.
    pub photos: Arc<PhotoPipeline>,
    pub notices: Arc<NoticeService>,
    pub orders: Arc<OrderService>,
    /// Signs the 카카오페이 결제 button's links.
    pub pay_links: Arc<PayLinks>,
    /// Hot deals, read from the cache only.
    pub deals: Arc<DealFeed>,
    /// The inbox and push preferences.
    pub notifications: Arc<NotificationService>,
    // --- Likes and keyword alerts (contract §8) ---
    /// 찜: the detail's button and the liked list.
    pub likes: Arc<LikeService>,
    /// A member's alert keywords.
    pub alerts: Arc<AlertService>,
    /// Price offers.
    pub offers: Arc<OfferService>,
    pub reviews: Arc<ReviewService>,
    // --- Reports and blocks (docs/safety.md) ---
    /// Blocks between members (not to be confused with Open Builder's blocks).
    pub member_blocks: Arc<BlockService>,
    pub reports: Arc<ReportService>,
}

/// Everything the skills need, shared by all workers.
pub struct SkillState {
    pub services: SkillServices,
    /// Block names → Open Builder block ids.
    pub blocks: Blocks,
    pub config: SkillConfig,
    pub(crate) limiter: UserRateLimiter,
    pub(crate) deal_replies: DealReplies,
    /// Where skill tasks run: the runtime that built the state (the process's main one), not
    /// the actix worker's own. A worker's runtime ends with the worker during a graceful
    /// shutdown, and database connections opened on it die with it, failing a call that is
    /// still being drained on another worker (seen in the rolling-restart test).
    pub(crate) runtime: Option<tokio::runtime::Handle>,
}

impl SkillState {
    /// The rate limiter is sized from `config`.
    pub fn new(services: SkillServices, blocks: Blocks, config: SkillConfig) -> Self {
        let limiter = UserRateLimiter::new(config.rate_limit_per_min);
        Self {
            services,
            blocks,
            config,
            limiter,
            deal_replies: DealReplies::default(),
            runtime: tokio::runtime::Handle::try_current().ok(),
        }
    }

    /// Counts calls against `budget`, shared with the other instances, instead of per instance.
    #[must_use]
    pub fn with_shared_call_budget(mut self, budget: Arc<dyn SharedCallBudget>) -> Self {
        self.limiter.share(budget);
        self
    }
}

impl std::ops::Deref for SkillState {
    type Target = SkillServices;

    fn deref(&self) -> &SkillServices {
        &self.services
    }
}

/// Services for tests that build a state without a database: every port is a mockall mock without
/// expectations, so a service a test did not mean to reach fails the test when called. A test
/// replaces the services it exercises (`SkillServices { members, ..testing::services() }`).
#[cfg(feature = "testing")]
pub mod testing {
    use std::sync::Arc;
    use std::time::Duration;

    use junggye_deals::{DealFeed, MockDealCache};
    use junggye_domain_common::clock::MockClock;
    use junggye_members::blocks::{BlockService, MockBlockRepository};
    use junggye_members::{MemberService, MockMemberRepository};
    use junggye_notifications::alerts::{AlertConfig, AlertService, MockKeywordRepository};
    use junggye_notifications::{
        MockNotificationRepository, MockPushGateway, NotificationConfig, NotificationService,
    };
    use junggye_orders::{
        MockListingGateway, MockOfferRepository, MockOrderNumbers, MockOrderRepository,
        MockPaymentGateway, MockReviewRepository, MockWithdrawalRepository, OfferConfig,
        OfferService, OrderConfig, OrderService, ReviewService, WithdrawalService,
    };
    use junggye_products::images::{MockImageStore, MockPhotoFetcher, PhotoPipeline};
    use junggye_products::likes::{LikeService, MockLikeRepository};
    use junggye_products::notices::{MockNoticeRepository, NoticeService};
    use junggye_products::reports::{MockReportRepository, ReportService};
    use junggye_products::{MockProductRepository, ProductService};

    use super::SkillServices;
    use crate::pay::PayLinks;

    #[must_use]
    pub fn services() -> SkillServices {
        let clock = Arc::new(MockClock::new());
        let members = Arc::new(MemberService::new(
            Arc::new(MockMemberRepository::new()),
            clock.clone(),
        ));
        let products = Arc::new(ProductService::new(
            Arc::new(MockProductRepository::new()),
            clock.clone(),
        ));
        SkillServices {
            withdrawals: Arc::new(WithdrawalService::new(
                Arc::new(MockWithdrawalRepository::new()),
                Arc::clone(&members),
            )),
            member_blocks: Arc::new(BlockService::new(
                Arc::new(MockBlockRepository::new()),
                Arc::new(MockMemberRepository::new()),
                clock.clone(),
            )),
            reports: Arc::new(ReportService::new(
                Arc::new(MockReportRepository::new()),
                Arc::clone(&products),
                Arc::clone(&members),
                clock.clone(),
                3,
            )),
            members,
            products,
            photos: Arc::new(PhotoPipeline::new(
                Arc::new(MockPhotoFetcher::new()),
                Arc::new(MockImageStore::new()),
            )),
            notices: Arc::new(NoticeService::new(
                Arc::new(MockNoticeRepository::new()),
                clock.clone(),
            )),
            orders: Arc::new(OrderService::new(
                Arc::new(MockOrderRepository::new()),
                Arc::new(MockListingGateway::new()),
                Arc::new(MockPaymentGateway::new()),
                clock.clone(),
                Arc::new(MockOrderNumbers::new()),
                OrderConfig::new("http://127.0.0.1"),
            )),
            pay_links: Arc::new(PayLinks::new(
                "http://127.0.0.1",
                b"test-only pay link secret, 32 bytes+",
                Duration::from_secs(600),
            )),
            deals: Arc::new(DealFeed::new(Arc::new(MockDealCache::new()), clock.clone())),
            notifications: Arc::new(NotificationService::new(
                Arc::new(MockNotificationRepository::new()),
                Arc::new(MockPushGateway::new()),
                clock.clone(),
                NotificationConfig::default(),
            )),
            likes: Arc::new(LikeService::new(
                Arc::new(MockLikeRepository::new()),
                Arc::new(MockProductRepository::new()),
                clock.clone(),
            )),
            alerts: Arc::new(AlertService::new(
                Arc::new(MockKeywordRepository::new()),
                Arc::new(NotificationService::new(
                    Arc::new(MockNotificationRepository::new()),
                    Arc::new(MockPushGateway::new()),
                    clock.clone(),
                    NotificationConfig::default(),
                )),
                clock.clone(),
                AlertConfig::default(),
            )),
            offers: Arc::new(OfferService::new(
                Arc::new(MockOfferRepository::new()),
                Arc::new(MockListingGateway::new()),
                clock.clone(),
                OfferConfig::default(),
            )),
            reviews: Arc::new(ReviewService::new(
                Arc::new(MockReviewRepository::new()),
                Arc::new(MockOrderNumbers::new()),
                clock,
            )),
        }
    }
}
