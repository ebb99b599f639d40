pub use junggye_domain_common::ValidationError;

use crate::gateway::GatewayError;
use crate::model::OrderStatus;
use crate::state::Action;

/// Everything an order use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// No such order, or the member is neither its buyer nor its seller (not told apart, so
    /// order ids cannot be probed).
    #[error("order not found")]
    NotFound,
    /// No such listing (or it is deleted or hidden).
    #[error("listing not found")]
    ListingNotFound,
    /// The listing is not on sale (reserved, pending, sold, ...).
    #[error("listing is not on sale")]
    NotOnSale,
    /// A member tried to buy their own listing.
    #[error("cannot buy one's own listing")]
    OwnListing,
    /// The buyer or the seller blocked the other: they do not trade (docs/safety.md).
    #[error("a block stands between buyer and seller")]
    Blocked,
    /// Another order of the listing was paid first.
    #[error("listing already sold")]
    AlreadySold,
    /// The listing stopped being on sale before the payment was approved.
    #[error("listing no longer available")]
    ListingUnavailable,
    /// The action is not allowed for this party in this status.
    #[error("{action:?} not allowed in {status:?}")]
    InvalidTransition {
        status: OrderStatus,
        /// What was attempted.
        action: Action,
    },
    /// The payment is not in a state where this redirect means anything.
    #[error("payment not in a usable state")]
    PaymentNotReady,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The gateway failed before any money moved.
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
