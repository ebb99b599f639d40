//! What the admin handlers share.

use std::sync::Arc;

use junggye_domain_common::reports::{SkillLogQuery, StatsQuery};
use junggye_members::{AdminAuth, MemberService};
use junggye_orders::OrderService;
use junggye_products::ProductService;
use junggye_products::images::ImageStore;
use junggye_products::notices::NoticeService;

use crate::jwt::JwtKeys;
use crate::login_limit::LoginLimiter;

/// Services and keys behind the admin API.
pub struct AdminState {
    pub(crate) auth: Arc<AdminAuth>,
    pub(crate) members: Arc<MemberService>,
    pub(crate) skill_logs: Arc<dyn SkillLogQuery>,
    pub(crate) stats: Arc<dyn StatsQuery>,
    pub(crate) jwt: JwtKeys,
    pub(crate) login_limit: LoginLimiter,
    pub(crate) catalog: Option<Catalog>,
    pub(crate) orders: Option<Arc<OrderService>>,
}

/// Listings and notices: optional so the members-only API (and its tests) need no image store.
pub(crate) struct Catalog {
    pub(crate) products: Arc<ProductService>,
    pub(crate) notices: Arc<NoticeService>,
    /// Turns photo keys into the URLs the bot shows.
    pub(crate) images: Arc<dyn ImageStore>,
}

impl AdminState {
    /// Wires the admin API to its services.
    #[must_use]
    pub fn new(
        auth: Arc<AdminAuth>,
        members: Arc<MemberService>,
        skill_logs: Arc<dyn SkillLogQuery>,
        stats: Arc<dyn StatsQuery>,
        jwt: JwtKeys,
    ) -> Self {
        Self {
            auth,
            members,
            skill_logs,
            stats,
            jwt,
            login_limit: LoginLimiter::default(),
            catalog: None,
            orders: None,
        }
    }

    /// Adds `/admin/orders`; without it they answer 500.
    #[must_use]
    pub fn with_orders(mut self, orders: Arc<OrderService>) -> Self {
        self.orders = Some(orders);
        self
    }

    /// Adds `/admin/products` and `/admin/notices`; without it they answer 500.
    #[must_use]
    pub fn with_catalog(
        mut self,
        products: Arc<ProductService>,
        notices: Arc<NoticeService>,
        images: Arc<dyn ImageStore>,
    ) -> Self {
        self.catalog = Some(Catalog {
            products,
            notices,
            images,
        });
        self
    }

    pub(crate) fn catalog(&self) -> Result<&Catalog, crate::ApiError> {
        self.catalog.as_ref().ok_or_else(|| {
            crate::ApiError::Unexpected(anyhow::anyhow!("no product or notice service configured"))
        })
    }
}
