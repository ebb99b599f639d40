use crate::model::OpenTrades;

/// A field a person typed that we cannot accept; the message is shown to them as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// Which field was wrong (`name`, `phone`, ...).
    pub field: &'static str,
    /// A Korean sentence naming the field and the rule.
    pub message: String,
}

impl ValidationError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

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
    /// Bad input.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
