use std::sync::Arc;

use junggye_notifications::NotificationService;

use junggye_domain_common::reports::{SkillLogQuery, StatsQuery};
use junggye_members::{AdminAuth, AuditLog, MemberService};
use junggye_orders::{OfferService, OrderService, ReviewService, WithdrawalService};
use junggye_products::ProductService;
use junggye_products::images::ImageStore;
use junggye_products::notices::NoticeService;
use junggye_products::reports::ReportService;

use crate::client_ip::TrustedProxies;
use crate::jwt::JwtKeys;
use crate::login_limit::LoginLimiter;

/// The use cases and queries behind the admin API: the same instances the skills use (the app
/// builds one set), all required.
#[derive(Clone)]
pub struct AdminServices {
    pub auth: Arc<AdminAuth>,
    pub members: Arc<MemberService>,
    pub withdrawals: Arc<WithdrawalService>,
    pub products: Arc<ProductService>,
    pub notices: Arc<NoticeService>,
    pub orders: Arc<OrderService>,
    /// Turns photo keys into the URLs the bot shows.
    pub images: Arc<dyn ImageStore>,
    pub skill_logs: Arc<dyn SkillLogQuery>,
    pub stats: Arc<dyn StatsQuery>,
    pub notifications: Arc<NotificationService>,
    /// Price offers (the admin view of a listing lists them).
    pub offers: Arc<OfferService>,
    pub reviews: Arc<ReviewService>,
    /// Who did which admin change when.
    pub audit: Arc<dyn AuditLog>,
    /// The report queue (docs/safety.md).
    pub reports: Arc<ReportService>,
}

pub struct AdminState {
    pub(crate) services: AdminServices,
    pub(crate) jwt: JwtKeys,
    pub(crate) login_limit: LoginLimiter,
    pub(crate) trusted_proxies: TrustedProxies,
}

impl AdminState {
    #[must_use]
    pub fn new(services: AdminServices, jwt: JwtKeys, trusted_proxies: TrustedProxies) -> Self {
        Self {
            services,
            jwt,
            login_limit: LoginLimiter::default(),
            trusted_proxies,
        }
    }
}

impl std::ops::Deref for AdminState {
    type Target = AdminServices;

    fn deref(&self) -> &AdminServices {
        &self.services
    }
}
