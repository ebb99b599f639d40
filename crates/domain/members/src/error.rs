use crate::model::OpenTrades;
pub use junggye_domain_common::ValidationError;

/// Everything a member use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// No member with that key or id (or the member has withdrawn).
    #[error("member not found")]
    NotFound,
    /// The user key is already an active member.
    #[error("already a member")]
    AlreadyMember,
    /// The member is suspended by an admin and may only read.
    #[error("member is suspended")]
    Suspended,
    /// Withdrawal refused while trades are open.
    #[error("member has open trades: {0:?}")]
    OpenTrades(OpenTrades),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
