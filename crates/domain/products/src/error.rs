pub use junggye_domain_common::ValidationError;

use crate::status::ProductStatus;

/// Everything a product use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    /// No such listing, or one the viewer may not see (hidden or deleted for non-owners).
    #[error("product not found")]
    NotFound,
    /// Only the owner may change a listing.
    #[error("not the owner of the product")]
    NotOwner,
    /// A member cannot like (찜) their own listing.
    #[error("own listing")]
    OwnListing,
    /// The state machine does not allow this change.
    #[error("cannot change a product from {from:?} to {to:?}")]
    InvalidTransition {
        /// Current status.
        from: ProductStatus,
        /// Requested status.
        to: ProductStatus,
    },
    /// The owner may not edit a listing in this status ([`ProductStatus::owner_may_edit`]).
    #[error("cannot edit a product that is {0:?}")]
    NotEditable(ProductStatus),
    /// Only on-sale listings are bumped ([`ProductStatus::owner_may_bump`]).
    #[error("cannot bump a product that is {0:?}")]
    NotBumpable(ProductStatus),
    /// The bump cooldown has not passed since the last bump.
    #[error("bumped too soon; next bump at {next_at}")]
    BumpTooSoon {
        /// The first instant the next bump is allowed.
        next_at: chrono::DateTime<chrono::Utc>,
    },
    /// Someone else changed the listing between our read and our write.
    #[error("product changed concurrently")]
    Conflict,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
