//! Notifications as the domain sees them: what each one says (its payload), whom it is for,
//! and how it is stored and pushed.

use std::fmt;

use chrono::{DateTime, Utc};

pub use junggye_domain_common::{MemberId, OrderId, ProductId};

use crate::kinds::NotificationKind;

/// A stored notification. Ids only grow, so the inbox's newest-first order is id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NotificationId(pub i64);

impl fmt::Display for NotificationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which side of an order the recipient is on: decides the wording and where 주문 보기 leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Buyer,
    Seller,
}

/// What a notification's inbox item links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Order(OrderId),
    Listing(ProductId),
}

/// The order a trade notification is about, with the listing name as it was at the event (a
/// later rename should not rewrite what the member was told).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeRef {
    pub order: OrderId,
    pub product: ProductId,
    pub item_name: String,
}

/// The listing an alert or offer notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingRef {
    pub product: ProductId,
    pub name: String,
}

/// A listing status a liker is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingState {
    OnSale,
    Reserved,
    Sold,
}

impl ListingState {
    /// The word listing cards use for the status.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::OnSale => "판매중",
            Self::Reserved => "예약중",
            Self::Sold => "판매완료",
        }
    }
}

/// What changed on a liked listing (`liked_changed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikedChange {
    /// Prices in won.
    PriceDropped {
        from: i64,
        to: i64,
    },
    Status(ListingState),
}

/// Who cancelled an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelledBy {
    Buyer,
    Seller,
    Admin,
    /// The escrow timer: the seller did not ship in time.
    System,
}

/// Why a member is told an order was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelNotice {
    /// A paid order was cancelled (by the other party, an admin or the timer); refund done.
    Cancelled(CancelledBy),
    /// The buyer's payment was captured, but another buyer's order was paid first: the order
    /// never became paid and the payment was refunded.
    LostRace,
}

/// How a review rated the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    Great,
    Good,
    Bad,
}

/// Everything a notification says, by kind. The text and buttons are derived from it
/// ([`crate::render`]), so a stored notification can be shown again in any layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// To the seller: ship it and enter the tracking number.
    OrderPaid { trade: TradeRef, amount: i64 },
    /// To the buyer.
    OrderShipped { trade: TradeRef, tracking: String },
    /// To the seller: confirm the sale.
    PurchaseConfirmed { trade: TradeRef },
    /// To both: write a review.
    SaleCompleted { trade: TradeRef, role: Role },
    OrderCancelled {
        trade: TradeRef,
        role: Role,
        notice: CancelNotice,
    },
    /// To the buyer, a day before the purchase is confirmed for them.
    AutoConfirmSoon {
        trade: TradeRef,
        confirm_at: DateTime<Utc>,
    },
    /// To the seller; `price` in won.
    OfferReceived { listing: ListingRef, price: i64 },
    /// To the buyer who made the offer.
    OfferAnswered {
        listing: ListingRef,
        price: i64,
        accepted: bool,
    },
    ReviewReceived {
        trade: TradeRef,
        role: Role,
        rating: Rating,
    },
    /// `listing` is the newest match and `count` how many matches folded into this notification
    /// (`alerts.min_interval_mins`).
    KeywordMatch {
        keyword: String,
        listing: ListingRef,
        price: i64,
        count: u32,
    },
    LikedChanged {
        listing: ListingRef,
        change: LikedChange,
    },
    /// To the seller of an on-sale listing untouched for `idle_days`.
    ListingStale { listing: ListingRef, idle_days: u32 },
}

impl Payload {
    #[must_use]
    pub fn kind(&self) -> NotificationKind {
        match self {
            Self::OrderPaid { .. } => NotificationKind::OrderPaid,
            Self::OrderShipped { .. } => NotificationKind::OrderShipped,
            Self::PurchaseConfirmed { .. } => NotificationKind::PurchaseConfirmed,
            Self::SaleCompleted { .. } => NotificationKind::SaleCompleted,
            Self::OrderCancelled { .. } => NotificationKind::OrderCancelled,
            Self::AutoConfirmSoon { .. } => NotificationKind::AutoConfirmSoon,
            Self::OfferReceived { .. } => NotificationKind::OfferReceived,
            Self::OfferAnswered { .. } => NotificationKind::OfferAnswered,
            Self::ReviewReceived { .. } => NotificationKind::ReviewReceived,
            Self::KeywordMatch { .. } => NotificationKind::KeywordMatch,
            Self::LikedChanged { .. } => NotificationKind::LikedChanged,
            Self::ListingStale { .. } => NotificationKind::ListingStale,
        }
    }

    /// Where the inbox item links to: the order for trade steps, the listing otherwise.
    #[must_use]
    pub fn subject(&self) -> Subject {
        match self {
            Self::OrderPaid { trade, .. }
            | Self::OrderShipped { trade, .. }
            | Self::PurchaseConfirmed { trade }
            | Self::SaleCompleted { trade, .. }
            | Self::OrderCancelled { trade, .. }
            | Self::AutoConfirmSoon { trade, .. }
            | Self::ReviewReceived { trade, .. } => Subject::Order(trade.order),
            Self::OfferReceived { listing, .. }
            | Self::OfferAnswered { listing, .. }
            | Self::KeywordMatch { listing, .. }
            | Self::LikedChanged { listing, .. }
            | Self::ListingStale { listing, .. } => Subject::Listing(listing.product),
        }
    }
}

/// A notification about to be stored. Kind and subject are read from the payload, so they
/// cannot disagree with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub member: MemberId,
    pub payload: Payload,
}

impl NewNotification {
    #[must_use]
    pub fn kind(&self) -> NotificationKind {
        self.payload.kind()
    }

    #[must_use]
    pub fn subject(&self) -> Subject {
        self.payload.subject()
    }
}

/// A stored notification, as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub member: MemberId,
    pub payload: Payload,
    pub created_at: DateTime<Utc>,
    /// Whether the member had not seen it before this read (the inbox marks a page read as it
    /// shows it, and still shows what was new).
    pub unread: bool,
}
