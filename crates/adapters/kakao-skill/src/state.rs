use std::sync::Arc;

use junggye_deals::DealFeed;
use junggye_members::MemberService;
use junggye_orders::OrderService;
use junggye_products::ProductService;
use junggye_products::images::PhotoPipeline;
use junggye_products::notices::NoticeService;

use crate::blocks::Blocks;
use crate::config::SkillConfig;
use crate::handlers::deals::DealReplies;
use crate::pay::PayLinks;
use crate::rate_limit::UserRateLimiter;

/// Everything the skills need, shared by all workers.
pub struct SkillState {
    /// Member use cases.
    pub members: Arc<MemberService>,
    /// Block names → Open Builder block ids.
    pub blocks: Blocks,
    /// Guards and deadline.
    pub config: SkillConfig,
    pub(crate) limiter: UserRateLimiter,
    /// Hot deals read from the cache; `None` answers that no deals are available.
    pub deals: Option<Arc<DealFeed>>,
    /// Photo downloads and the image store; `None` refuses photo uploads (generic error).
    pub photos: Option<Arc<PhotoPipeline>>,
    /// Notices; `None` lists none.
    pub notices: Option<Arc<NoticeService>>,
    /// Listings; `None` answers product skills with the generic error.
    pub products: Option<Arc<ProductService>>,
    /// Orders; `None` answers order skills with the generic error.
    pub orders: Option<Arc<OrderService>>,
    /// Pay links for the 카카오페이 결제 button; `None` shows no button.
    pub pay_links: Option<Arc<PayLinks>>,
    pub(crate) deal_replies: DealReplies,
}

impl SkillState {
    /// Builds the state; the rate limiter is sized from `config`.
    pub fn new(members: Arc<MemberService>, blocks: Blocks, config: SkillConfig) -> Self {
        let limiter = UserRateLimiter::new(config.rate_limit_per_min);
        Self {
            members,
            blocks,
            config,
            limiter,
            deals: None,
            photos: None,
            notices: None,
            products: None,
            orders: None,
            pay_links: None,
            deal_replies: DealReplies::default(),
        }
    }

    /// Serves hot deals from `feed`.
    #[must_use]
    pub fn with_deals(mut self, feed: Arc<DealFeed>) -> Self {
        self.deals = Some(feed);
        self
    }

    /// Downloads and stores photos through `pipeline`.
    #[must_use]
    pub fn with_photos(mut self, pipeline: Arc<PhotoPipeline>) -> Self {
        self.photos = Some(pipeline);
        self
    }

    /// Serves notices from `service`.
    #[must_use]
    pub fn with_notices(mut self, service: Arc<NoticeService>) -> Self {
        self.notices = Some(service);
        self
    }

    /// Serves listings from `service`.
    #[must_use]
    pub fn with_products(mut self, service: Arc<ProductService>) -> Self {
        self.products = Some(service);
        self
    }

    /// Serves orders from `service` and shows pay buttons signed by `links`.
    #[must_use]
    pub fn with_orders(mut self, service: Arc<OrderService>, links: Arc<PayLinks>) -> Self {
        self.orders = Some(service);
        self.pay_links = Some(links);
        self
    }
}
