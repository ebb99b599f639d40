//! The escrow state machine: which party may do what in which status.
//!
//! ```text
//! awaiting_payment --approve--> paid --tracking(seller)--> shipped --confirm(buyer)-->
//!   purchase_confirmed --confirm(seller)--> completed
//! paid --cancel(buyer)--> cancelled (refund)      shipped --tracking(seller)--> shipped (change)
//! ```
//! Payment-side transitions (approve, redirects, timers) are not member actions and live in the
//! service; this table covers what members ask for over the bot, so it is enforced on the server
//! and not only by which buttons are shown (the seed checked nothing).

use crate::error::OrderError;
use crate::model::{MemberId, Order, OrderStatus};

/// The side of an order a member is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// Paid for it.
    Buyer,
    /// Owns the listing.
    Seller,
}

/// What a member asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Enter or change the tracking number (seller).
    EnterTracking,
    /// Confirm receipt (buyer).
    ConfirmPurchase,
    /// Confirm the sale (seller); completes the order.
    ConfirmSale,
    /// Cancel before shipping and get a refund (buyer).
    Cancel,
}

impl Action {
    pub const ALL: [Self; 4] = [
        Self::EnterTracking,
        Self::ConfirmPurchase,
        Self::ConfirmSale,
        Self::Cancel,
    ];

    /// The one party allowed to take this action.
    #[must_use]
    pub fn party(self) -> Party {
        match self {
            Self::EnterTracking | Self::ConfirmSale => Party::Seller,
            Self::ConfirmPurchase | Self::Cancel => Party::Buyer,
        }
    }

    #[must_use]
    pub fn allowed_from(self) -> &'static [OrderStatus] {
        match self {
            // Changing a mistyped number stays possible until the buyer confirms.
            Self::EnterTracking => &[OrderStatus::Paid, OrderStatus::Shipped],
            // Shipped means a tracking number exists.
            Self::ConfirmPurchase => &[OrderStatus::Shipped],
            Self::ConfirmSale => &[OrderStatus::PurchaseConfirmed],
            Self::Cancel => &[OrderStatus::Paid],
        }
    }

    #[must_use]
    pub fn target(self) -> OrderStatus {
        match self {
            Self::EnterTracking => OrderStatus::Shipped,
            Self::ConfirmPurchase => OrderStatus::PurchaseConfirmed,
            Self::ConfirmSale => OrderStatus::Completed,
            Self::Cancel => OrderStatus::Cancelled,
        }
    }
}

/// Which side of the order `member` is on, if any.
#[must_use]
pub fn party_of(order: &Order, member: MemberId) -> Option<Party> {
    if order.buyer_id == member {
        Some(Party::Buyer)
    } else if order.seller_id == member {
        Some(Party::Seller)
    } else {
        None
    }
}

/// Whether `member` may take `action` on `order` now.
///
/// # Errors
/// [`OrderError::NotFound`] for a member outside the order (existence is not revealed),
/// [`OrderError::InvalidTransition`] for the wrong party or the wrong status.
pub fn authorize(order: &Order, member: MemberId, action: Action) -> Result<(), OrderError> {
    let party = party_of(order, member).ok_or(OrderError::NotFound)?;
    check(order.status, party, action)
}

/// The table itself, without the order.
///
/// # Errors
/// [`OrderError::InvalidTransition`] when `party` may not take `action` in `status`.
pub fn check(status: OrderStatus, party: Party, action: Action) -> Result<(), OrderError> {
    if party == action.party() && action.allowed_from().contains(&status) {
        Ok(())
    } else {
        Err(OrderError::InvalidTransition { status, action })
    }
}
