use junggye_domain_common::ValidationError;

use super::model::OfferState;
use crate::model::Won;

/// Everything an offer use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum OfferError {
    /// No such offer, or the member is not its seller (buyers' and strangers' ids are not told
    /// apart, so offer ids cannot be probed).
    #[error("offer not found")]
    NotFound,
    /// No such listing (or it is deleted or hidden).
    #[error("listing not found")]
    ListingNotFound,
    #[error("cannot make an offer on one's own listing")]
    OwnListing,
    /// The buyer or the seller blocked the other: they do not trade (docs/safety.md).
    #[error("a block stands between buyer and seller")]
    Blocked,
    /// The listing is not on sale (reserved, pending, sold).
    #[error("listing is not on sale")]
    NotOnSale,
    /// The price is outside `[min, max]`.
    #[error("offered price out of range")]
    PriceOutOfRange { min: Won, max: Won },
    /// The buyer already has an open offer on this listing.
    #[error("an open offer exists")]
    AlreadyOffered,
    /// The offer is no longer in a state this answer applies to.
    #[error("offer is {0:?}")]
    AlreadyAnswered(OfferState),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<crate::OrderError> for OfferError {
    fn from(e: crate::OrderError) -> Self {
        match e {
            crate::OrderError::Unexpected(e) => Self::Unexpected(e),
            other => Self::Unexpected(anyhow::Error::new(other)),
        }
    }
}
