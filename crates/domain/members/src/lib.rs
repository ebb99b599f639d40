//! Members of the marketplace: joining over the bot, profile, phone, grade, withdrawal.
//!
//! A member is identified by Kakao's `botUserKey`. This crate knows nothing of Kakao's JSON,
//! HTTP or SQL: the skill adapter turns payloads into the requests below, and the database
//! adapter implements [`MemberRepository`].

mod error;
mod model;
mod ports;
mod service;

pub use error::{MemberError, ValidationError};
pub use model::{
    Grade, Member, MemberId, MemberStatus, NewMember, Nickname, OpenTrades, PhoneNumber, UserKey,
};
pub use ports::MemberRepository;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockMemberRepository;
pub use service::{JoinRequest, MemberService, WithdrawalCheck, ensure_may_write};
