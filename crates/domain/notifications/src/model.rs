//! Notifications as the domain sees them: what each one says (its payload), whom it is for,
//! and how it is stored and pushed.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Seller,
}

/// What a notification's inbox item links to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Order(OrderId),
    Listing(ProductId),
    /// A hot deal on the deal site.
    Link(String),
}

/// The order a trade notification is about, with the listing name as it was at the event (a
/// later rename should not rewrite what the member was told).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeRef {
    pub order: OrderId,
    pub product: ProductId,
    pub item_name: String,
}

/// A hot deal a keyword matched: shown with its title, opened on the deal site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealRef {
    pub title: String,
    pub url: String,
}

/// The listing an alert or offer notification is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingRef {
    pub product: ProductId,
    pub name: String,
}

/// A listing status a liker is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LikedChange {
    /// Prices in won.
    PriceDropped {
        from: i64,
        to: i64,
    },
    Status(ListingState),
}

/// Who cancelled an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    Buyer,
    Seller,
    Admin,
    /// The escrow timer: the seller did not ship in time.
    System,
}

/// Why a member is told an order was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelNotice {
    /// A paid order was cancelled (by the other party, an admin or the timer); refund done.
    Cancelled(CancelledBy),
    /// The buyer's payment was captured, but another buyer's order was paid first: the order
    /// never became paid and the payment was refunded.
    LostRace,
}

/// How a review rated the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Great,
    Good,
    Bad,
}

/// Everything a notification says, by kind. The text and buttons are derived from it
/// ([`crate::render`]), so a stored notification can be shown again in any layout. Its serde
/// form is what storage keeps (`tests::the_stored_form_is_pinned`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
    /// A new hot deal whose title contains the keyword; folds like [`Self::KeywordMatch`].
    KeywordDeal {
        keyword: String,
        deal: DealRef,
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
            Self::KeywordMatch { .. } | Self::KeywordDeal { .. } => NotificationKind::KeywordMatch,
            Self::LikedChanged { .. } => NotificationKind::LikedChanged,
            Self::ListingStale { .. } => NotificationKind::ListingStale,
        }
    }

    /// The keyword of a keyword alert: later matches within `alerts.min_interval_mins` fold
    /// into the notification with the same keyword.
    #[must_use]
    pub fn keyword(&self) -> Option<&str> {
        match self {
            Self::KeywordMatch { keyword, .. } | Self::KeywordDeal { keyword, .. } => Some(keyword),
            _ => None,
        }
    }

    /// What later keyword matches fold by: the keyword, and whether they are listings or
    /// deals (the two are shown differently, so they do not fold together).
    #[must_use]
    pub fn fold_key(&self) -> Option<String> {
        match self {
            Self::KeywordMatch { keyword, .. } => Some(format!("listing:{keyword}")),
            Self::KeywordDeal { keyword, .. } => Some(format!("deal:{keyword}")),
            _ => None,
        }
    }

    /// This keyword notification after `newer`, a later match with the same
    /// [`Self::fold_key`], folds into it: one match more, showing the newest. `None` when the
    /// two do not fold.
    #[must_use]
    pub fn folded(&self, newer: &Self) -> Option<Self> {
        match (self, newer) {
            (
                Self::KeywordMatch { keyword, count, .. },
                Self::KeywordMatch {
                    keyword: newer_keyword,
                    listing,
                    price,
                    ..
                },
            ) if keyword == newer_keyword => Some(Self::KeywordMatch {
                keyword: keyword.clone(),
                listing: listing.clone(),
                price: *price,
                count: count.saturating_add(1),
            }),
            (
                Self::KeywordDeal { keyword, count, .. },
                Self::KeywordDeal {
                    keyword: newer_keyword,
                    deal,
                    ..
                },
            ) if keyword == newer_keyword => Some(Self::KeywordDeal {
                keyword: keyword.clone(),
                deal: deal.clone(),
                count: count.saturating_add(1),
            }),
            _ => None,
        }
    }

    /// Where the inbox item links to: the order for trade steps, the deal's page for a deal,
    /// the listing otherwise.
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
            Self::KeywordDeal { deal, .. } => Subject::Link(deal.url.clone()),
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

/// The same notification for every member who liked a listing, but `except` (the trade's own
/// parties): the storage adapter writes one per liker, in the change's transaction, so the
/// change does not first read the likers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikersNotice {
    pub product: ProductId,
    /// A [`Payload::LikedChanged`].
    pub payload: Payload,
    pub except: Vec<MemberId>,
}

/// What a change tells, written in the change's own transaction (see
/// `OrderRepository`): notifications to named members, and at most one to a listing's likers,
/// written only when the listing really moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    pub notifications: Vec<NewNotification>,
    pub likers: Option<LikersNotice>,
}

impl From<Vec<NewNotification>> for Outbox {
    fn from(notifications: Vec<NewNotification>) -> Self {
        Self {
            notifications,
            likers: None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(id: i64, name: &str) -> ListingRef {
        ListingRef {
            product: ProductId(id),
            name: name.into(),
        }
    }

    /// Stored rows are read back through this form: renaming a variant or field must be a
    /// migration, not an accident.
    #[test]
    fn the_stored_form_is_pinned() {
        let payload = Payload::OrderCancelled {
            trade: TradeRef {
                order: OrderId(7),
                product: ProductId(3),
                item_name: "자전거".into(),
            },
            role: Role::Buyer,
            notice: CancelNotice::Cancelled(CancelledBy::Seller),
        };
        let json = serde_json::to_string(&payload).unwrap();
        assert_eq!(
            json,
            r#"{"type":"order_cancelled","trade":{"order":7,"product":3,"item_name":"자전거"},"role":"buyer","notice":{"cancelled":"seller"}}"#
        );
        assert_eq!(serde_json::from_str::<Payload>(&json).unwrap(), payload);
        let liked = Payload::LikedChanged {
            listing: listing(3, "자전거"),
            change: LikedChange::PriceDropped { from: 10, to: 5 },
        };
        let json = serde_json::to_string(&liked).unwrap();
        assert_eq!(
            json,
            r#"{"type":"liked_changed","listing":{"product":3,"name":"자전거"},"change":{"price_dropped":{"from":10,"to":5}}}"#
        );
    }

    #[test]
    fn a_later_match_folds_into_the_keyword_notification_showing_the_newest() {
        let first = Payload::KeywordMatch {
            keyword: "맥북".into(),
            listing: listing(1, "맥북 프로"),
            price: 1_000,
            count: 2,
        };
        let newer = Payload::KeywordMatch {
            keyword: "맥북".into(),
            listing: listing(5, "맥북 에어"),
            price: 900,
            count: 1,
        };
        assert_eq!(
            first.folded(&newer),
            Some(Payload::KeywordMatch {
                keyword: "맥북".into(),
                listing: listing(5, "맥북 에어"),
                price: 900,
                count: 3,
            })
        );
        let deal = Payload::KeywordDeal {
            keyword: "맥북".into(),
            deal: DealRef {
                title: "맥북 특가".into(),
                url: "https://example.com/1".into(),
            },
            count: 1,
        };
        assert_eq!(
            first.folded(&deal),
            None,
            "deals and listings do not fold together"
        );
        assert_ne!(first.fold_key(), deal.fold_key());
        let other_keyword = Payload::KeywordMatch {
            keyword: "아이폰".into(),
            listing: listing(6, "아이폰"),
            price: 1,
            count: 1,
        };
        assert_eq!(first.folded(&other_keyword), None);
    }
}
