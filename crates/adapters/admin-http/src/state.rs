//! What the admin handlers share.

use std::sync::Arc;

use junggye_domain_common::reports::{SkillLogQuery, StatsQuery};
use junggye_members::{AdminAuth, MemberService};

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
        }
    }
}
