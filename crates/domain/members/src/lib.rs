//! Members of the marketplace: joining over the bot, profile, phone, grade, withdrawal.
//!
//! A member is identified by Kakao's `botUserKey`. This crate knows nothing of Kakao's JSON,
//! HTTP or SQL: the skill adapter turns payloads into the requests below, and the database
//! adapter implements [`MemberRepository`].

mod admins;
mod error;
mod model;
mod ports;
mod service;

pub use admins::{
    AdminAccount, AdminAuth, AdminError, AdminId, AdminRepository, AdminUsername,
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordHasher,
};
#[cfg(any(test, feature = "mocks"))]
pub use admins::{MockAdminRepository, MockPasswordHasher};
pub use error::{MemberError, ValidationError};
pub use model::{
    Grade, Member, MemberFilter, MemberId, MemberStatus, NewMember, Nickname, OpenTrades,
    PhoneNumber, UserKey,
};
pub use ports::MemberRepository;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockMemberRepository;
pub use service::{JoinRequest, MemberService, MemberUpdate, WithdrawalCheck, ensure_may_write};
