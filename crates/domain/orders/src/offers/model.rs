//! Offers and the moves between their states.

use chrono::{DateTime, Duration, Utc};
use junggye_products::{ProductStatus, StatusChange};

use crate::model::{MemberId, OfferId, ProductId, Won};

/// Where an offer is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferState {
    /// Waiting for the seller.
    Open,
    /// The listing is reserved for the buyer at this price until `expires_at`.
    Accepted,
    Rejected,
    /// Accepted but not paid in time: the listing went back on sale.
    Expired,
    /// Paid: an order at this price holds the listing.
    Paid,
}

impl OfferState {
    pub const ALL: [Self; 5] = [
        Self::Open,
        Self::Accepted,
        Self::Rejected,
        Self::Expired,
        Self::Paid,
    ];

    /// Code used in storage and the admin API.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
            Self::Paid => "paid",
        }
    }

    /// Korean label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "대기중",
            Self::Accepted => "수락됨",
            Self::Rejected => "거절됨",
            Self::Expired => "기한만료",
            Self::Paid => "결제완료",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The seller accepts an open offer: the listing must go from on sale to reserved in the
    /// same transaction, or nothing changes.
    pub const ACCEPT: OfferMove = OfferMove {
        from: &[Self::Open],
        to: Self::Accepted,
        listing: ListingEffect::Requires(ProductStatus::RESERVED_BY_OFFER),
    };
    /// The seller declines an open offer; the listing was never touched.
    pub const REJECT_OPEN: OfferMove = OfferMove {
        from: &[Self::Open],
        to: Self::Rejected,
        listing: ListingEffect::None,
    };
    /// The seller takes back an acceptance before it was paid: on sale again.
    pub const REJECT_ACCEPTED: OfferMove = OfferMove {
        from: &[Self::Accepted],
        to: Self::Rejected,
        listing: ListingEffect::Releases(ProductStatus::RELEASED_BY_OFFER),
    };
    /// An accepted offer not paid in time: on sale again.
    pub const EXPIRE: OfferMove = OfferMove {
        from: &[Self::Accepted],
        to: Self::Expired,
        listing: ListingEffect::Releases(ProductStatus::RELEASED_BY_OFFER),
    };
    /// Paying closes the accepted offer, in the transaction that marks the order paid (which
    /// moves the listing itself, with `ProductStatus::HOLD_FOR_OFFER`).
    pub const PAID_BY_ORDER: OfferMove = OfferMove {
        from: &[Self::Accepted],
        to: Self::Paid,
        listing: ListingEffect::None,
    };
}

/// What an offer's move does to its listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingEffect {
    None,
    /// The listing must make this change, else the offer does not move either.
    Requires(StatusChange),
    /// The listing makes this change if it still can (a seller may have moved it by hand).
    Releases(StatusChange),
}

/// A compare-and-set on an offer's state (from one of `from` to `to`) with its effect on the
/// listing, applied by the store in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferMove {
    pub from: &'static [OfferState],
    pub to: OfferState,
    pub listing: ListingEffect,
}

/// A stored offer, with its listing's name for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: OfferId,
    pub product_id: ProductId,
    pub product_name: String,
    pub buyer_id: MemberId,
    pub seller_id: MemberId,
    pub price: Won,
    pub state: OfferState,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Set on acceptance: the reservation ends then unless paid.
    pub expires_at: Option<DateTime<Utc>>,
}

/// An offer about to be stored (open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub product_id: ProductId,
    pub buyer_id: MemberId,
    pub seller_id: MemberId,
    pub price: Won,
    pub created_at: DateTime<Utc>,
}

/// Which side of the offers a member lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferRole {
    /// Offers on my listings.
    Received,
    /// Offers I made.
    Sent,
}

impl OfferRole {
    /// `extra.role`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Sent => "sent",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Received, Self::Sent]
            .into_iter()
            .find(|r| r.code() == code.trim())
    }
}

/// The seller's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferDecision {
    Accept,
    Reject,
}

impl OfferDecision {
    /// `extra.decision`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Reject => "reject",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Accept, Self::Reject]
            .into_iter()
            .find(|d| d.code() == code.trim())
    }
}

/// Knobs of offers (`offers.*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OfferConfig {
    /// Lowest offer as a share of the list price (`offers.min_ratio`, 0.5).
    pub min_ratio: f64,
    /// How long an acceptance reserves the listing (`offers.ttl_hours`, 24).
    pub ttl: Duration,
    /// Most expiries one job run handles.
    pub batch: u32,
}

impl Default for OfferConfig {
    fn default() -> Self {
        Self {
            min_ratio: 0.5,
            ttl: Duration::hours(24),
            batch: 100,
        }
    }
}
