//! Members of the marketplace: joining over the bot, profile, phone, grade. Withdrawal is
//! decided by the orders domain (`WithdrawalService`), because open trades block it.
//!
//! A member is identified by Kakao's `botUserKey`. This crate knows nothing of Kakao's JSON,
//! HTTP or SQL: the skill adapter turns payloads into the requests below, and the database
//! adapter implements [`MemberRepository`].

mod admins;
mod audit;
pub mod blocks;
mod error;
mod model;
mod ports;
mod service;
mod trust;

pub use admins::{
    AdminAccount, AdminAuth, AdminError, AdminId, AdminRepository, AdminRole, AdminUsername,
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordHasher,
};
#[cfg(any(test, feature = "mocks"))]
pub use admins::{MockAdminRepository, MockPasswordHasher};
#[cfg(any(test, feature = "mocks"))]
pub use audit::MockAuditLog;
pub use audit::{AuditEntry, AuditLog, AuditRecord};
pub use error::{MemberError, ValidationError};
pub use model::{
    ActiveMember, Grade, Member, MemberFilter, MemberId, MemberStatus, NewMember, Nickname,
    OpenTrades, PhoneNumber, UserKey,
};
pub use ports::MemberRepository;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockMemberRepository;
pub use service::{JoinRequest, MemberService, MemberUpdate};
pub use trust::{MannerScore, Rating, TrustHistory, manner_score};

/// Members for other crates' tests: a use case that requires an [`ActiveMember`] can only be
/// called with one the members domain made.
#[cfg(any(test, feature = "mocks"))]
pub mod testing {
    use chrono::{TimeZone as _, Utc};

    use crate::{
        ActiveMember, Grade, Member, MemberId, MemberStatus, Nickname, PhoneNumber, UserKey,
    };

    /// A member `id` in `status`, with plausible details.
    #[must_use]
    pub fn member(id: MemberId, status: MemberStatus) -> Member {
        Member {
            id,
            user_key: UserKey::parse(&format!("user-{id}")).unwrap_or_else(|_| unreachable!()),
            plusfriend_user_key: None,
            nickname: Nickname::parse(&format!("회원{id}")).unwrap_or_else(|_| unreachable!()),
            phone: PhoneNumber::parse("01012345678").unwrap_or_else(|_| unreachable!()),
            profile_image: None,
            grade: Grade::Bronze,
            status,
            completed_trades: 0,
            manner: crate::MannerScore::START,
            joined_at: Utc
                .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
        }
    }

    /// An active member `id`.
    #[must_use]
    pub fn active(id: i64) -> ActiveMember {
        match member(MemberId(id), MemberStatus::Active).into_active() {
            Ok(active) => active,
            Err(_) => unreachable!("an active member is active"),
        }
    }
}
