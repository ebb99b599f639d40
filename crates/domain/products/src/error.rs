use crate::status::ProductStatus;

/// A field a seller typed that we cannot accept; the message names the field and is shown as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// Which field was wrong (`name`, `price`, ...).
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

/// Everything a product use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    /// No such listing, or one the viewer may not see (hidden or deleted for non-owners).
    #[error("product not found")]
    NotFound,
    /// Only the owner may change a listing.
    #[error("not the owner of the product")]
    NotOwner,
    /// The state machine does not allow this change.
    #[error("cannot change a product from {from:?} to {to:?}")]
    InvalidTransition {
        /// Current status.
        from: ProductStatus,
        /// Requested status.
        to: ProductStatus,
    },
    /// Someone else changed the listing between our read and our write.
    #[error("product changed concurrently")]
    Conflict,
    /// Bad input.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
