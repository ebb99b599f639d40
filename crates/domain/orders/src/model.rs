//! Orders, payments and the values they are made of.

use std::fmt;

use chrono::{DateTime, Utc};

pub use junggye_domain_common::{MemberId, OfferId, OrderId, PaymentId, ProductId};
use junggye_products::ProductStatus;

/// An amount in Korean won. Kakao Pay takes integer amounts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Won(pub i64);

/// The public order number: Kakao Pay's `partner_order_id` and the id in the pay redirect URLs.
/// Unguessable, because the redirect URLs carry no other credential (the seed used
/// `Random(now).nextInt(1e6)`, which collides and can be guessed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderNo(pub(crate) String);

impl OrderNo {
    pub const LEN: usize = 24;

    /// Accepts what [`crate::OrderNumbers`] produces: 24 characters of RFC 4648 base32
    /// (`A`–`Z`, `2`–`7`), case-insensitively. Anything else cannot name an order.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let upper = raw.trim().to_ascii_uppercase();
        let ok = upper.len() == Self::LEN
            && upper
                .bytes()
                .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b));
        ok.then_some(Self(upper))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Kakao Pay's transaction id, from ready. Kept server-side only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tid(pub String);

/// Where an order is in the escrow flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Created at ready; no money captured yet.
    AwaitingPayment,
    /// Payment approved; the listing is pending.
    Paid,
    /// The seller entered a tracking number.
    Shipped,
    /// The buyer (or the escrow timer) confirmed receipt.
    PurchaseConfirmed,
    /// The seller confirmed the sale; the listing is sold.
    Completed,
    /// Cancelled (and refunded when money was captured).
    Cancelled,
}

impl OrderStatus {
    /// Every status, for tables and tests.
    pub const ALL: [Self; 6] = [
        Self::AwaitingPayment,
        Self::Paid,
        Self::Shipped,
        Self::PurchaseConfirmed,
        Self::Completed,
        Self::Cancelled,
    ];

    /// The stored and `extra` code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::PurchaseConfirmed => "purchase_confirmed",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Korean label shown in the bot.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "결제대기",
            Self::Paid => "결제완료",
            Self::Shipped => "배송중",
            Self::PurchaseConfirmed => "구매확정",
            Self::Completed => "거래완료",
            Self::Cancelled => "주문취소",
        }
    }

    /// Money captured and the trade not settled: the listing is held and withdrawal is blocked.
    pub const OPEN: &'static [Self] = &[Self::Paid, Self::Shipped, Self::PurchaseConfirmed];

    #[must_use]
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

/// Where a payment attempt is with the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// Ready called (or about to be); the buyer is on the gateway's page.
    Ready,
    /// Approve is being called; outcome not yet known.
    Approving,
    /// Money captured.
    Approved,
    /// A refund is owed and not yet confirmed by the gateway; reconciliation retries it.
    CancelRequested,
    /// Refunded (or cancelled before capture by the gateway).
    Cancelled,
    /// Never captured: declined, quit, expired.
    Failed,
}

impl PaymentStatus {
    /// What cancelling an order does to its payment: captured money becomes owed back (the
    /// refund is then tried and, failing that, reconciled); an attempt that captured nothing
    /// fails.
    pub const ON_ORDER_CANCELLED: [(&'static [Self], Self); 2] = [
        (&[Self::Approved], Self::CancelRequested),
        (&[Self::Ready, Self::Approving], Self::Failed),
    ];

    pub const ALL: [Self; 6] = [
        Self::Ready,
        Self::Approving,
        Self::Approved,
        Self::CancelRequested,
        Self::Cancelled,
        Self::Failed,
    ];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Approving => "approving",
            Self::Approved => "approved",
            Self::CancelRequested => "cancel_requested",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why an order was cancelled; stored as a code and explained to both parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelReason {
    /// The buyer cancelled before shipping.
    BuyerCancelled,
    /// The buyer left the gateway page (cancel redirect).
    PaymentCancelled,
    /// The gateway refused or the payment expired.
    PaymentFailed,
    /// Another buyer's payment for the listing was approved first; refunded.
    SoldOut,
    /// The listing stopped being on sale between ready and approve; refunded.
    ListingUnavailable,
    /// No tracking number within the shipping deadline; refunded automatically.
    NotShipped,
    /// Cancelled by an admin.
    Admin,
}

impl CancelReason {
    pub const ALL: [Self; 7] = [
        Self::BuyerCancelled,
        Self::PaymentCancelled,
        Self::PaymentFailed,
        Self::SoldOut,
        Self::ListingUnavailable,
        Self::NotShipped,
        Self::Admin,
    ];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::BuyerCancelled => "buyer_cancelled",
            Self::PaymentCancelled => "payment_cancelled",
            Self::PaymentFailed => "payment_failed",
            Self::SoldOut => "sold_out",
            Self::ListingUnavailable => "listing_unavailable",
            Self::NotShipped => "not_shipped",
            Self::Admin => "admin",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whose 매너온도 the cancellation lowers: the party whose own doing ended a paid order.
    /// Refused or abandoned payments, lost races and admin decisions count against nobody.
    #[must_use]
    pub fn counts_against(self) -> Option<crate::state::Party> {
        match self {
            Self::BuyerCancelled => Some(crate::state::Party::Buyer),
            Self::NotShipped => Some(crate::state::Party::Seller),
            Self::PaymentCancelled
            | Self::PaymentFailed
            | Self::SoldOut
            | Self::ListingUnavailable
            | Self::Admin => None,
        }
    }

    /// A Korean sentence for both parties.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::BuyerCancelled => "구매자가 배송 전에 주문을 취소했습니다. 결제는 환불됩니다.",
            Self::PaymentCancelled => "결제가 취소되었습니다.",
            Self::PaymentFailed => "결제가 완료되지 않았습니다.",
            Self::SoldOut => "다른 구매자의 결제가 먼저 완료되어 주문이 취소되고 환불됩니다.",
            Self::ListingUnavailable => {
                "상품이 더 이상 판매중이 아니어서 주문이 취소되고 환불됩니다."
            }
            Self::NotShipped => {
                "기한 안에 운송장번호가 등록되지 않아 주문이 자동 취소되고 환불됩니다."
            }
            Self::Admin => "관리자가 주문을 취소했습니다. 결제는 환불됩니다.",
        }
    }
}

/// How the buyer paid, as the gateway reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentMethod {
    Card,
    /// Kakao Pay money.
    Money,
    /// A method this code does not know; the raw value is kept for support.
    Other(String),
}

impl PaymentMethod {
    /// From the gateway's `payment_method_type`.
    #[must_use]
    pub fn from_code(code: &str) -> Self {
        match code {
            "CARD" => Self::Card,
            "MONEY" => Self::Money,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The gateway's code.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Self::Card => "CARD",
            Self::Money => "MONEY",
            Self::Other(s) => s,
        }
    }
}

/// What the listing looked like when it was read, from the listings domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingSnapshot {
    pub product_id: ProductId,
    pub seller_id: MemberId,
    /// Its current price.
    pub price: Won,
    pub status: ProductStatus,
    /// Its name (Kakao Pay's `item_name`).
    pub name: String,
    /// The accepted price offer that reserved it, as stored (possibly past its expiry: the
    /// domain judges that with its clock).
    pub reservation: Option<Reservation>,
    /// Out of public view while its reports wait for an admin: nobody may buy or offer then.
    pub under_review: bool,
}

/// A listing reserved for one buyer at an agreed price by an accepted offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    pub offer: OfferId,
    pub buyer: MemberId,
    pub price: Won,
    pub expires_at: DateTime<Utc>,
}

/// What a buyer would pay for a listing now: the price, and the offer it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub amount: Won,
    pub offer: Option<OfferId>,
}

impl ListingSnapshot {
    /// The reservation still in force at `now`: only while the listing is reserved (a seller
    /// who put it on sale by hand ended it) and before the offer expires.
    #[must_use]
    pub fn live_reservation(&self, now: DateTime<Utc>) -> Option<Reservation> {
        self.reservation
            .filter(|r| self.status == ProductStatus::Reserved && r.expires_at > now)
    }

    /// Whether `buyer` may pay now (the products domain's `may_buy`), and at what price: the
    /// agreed one for the buyer the listing is reserved for, else the list price.
    ///
    /// # Errors
    /// Why `buyer` may not pay.
    pub fn terms_for(
        &self,
        buyer: MemberId,
        now: DateTime<Utc>,
    ) -> Result<Terms, junggye_products::PurchaseRefusal> {
        if self.under_review {
            return Err(junggye_products::PurchaseRefusal::Missing);
        }
        let reservation = self.live_reservation(now);
        junggye_products::may_buy(
            self.status,
            self.seller_id,
            buyer,
            reservation.map(|r| r.buyer),
        )?;
        Ok(match reservation {
            Some(r) if r.buyer == buyer => Terms {
                amount: r.price,
                offer: Some(r.offer),
            },
            _ => Terms {
                amount: self.price,
                offer: None,
            },
        })
    }
}

/// One payment attempt of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    /// `dev` or `kakaopay`.
    pub backend: String,
    /// The gateway's transaction id, once ready answered.
    pub tid: Option<Tid>,
    /// The gateway's page ready answered with: a pay link tapped again soon after reopens it
    /// rather than starting another payment.
    pub redirect_url: Option<String>,
    /// The unguessable part of this payment's redirect URLs: only the gateway, which was handed
    /// them, can send the buyer back to approve, cancel or fail it. Knowing the order number
    /// (shown to both parties) is not enough.
    pub redirect_key: Option<String>,
    /// Amount requested at ready.
    pub amount: Won,
    pub status: PaymentStatus,
    /// How the buyer paid, once approved.
    pub method: Option<PaymentMethod>,
    pub approved_at: Option<DateTime<Utc>>,
    /// Refund time.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The gateway's error code when it failed.
    pub failure_code: Option<String>,
    /// Last change (reconciliation picks stale ones by this).
    pub updated_at: DateTime<Utc>,
}

impl Payment {
    /// Whether a redirect back from the gateway carrying `key` is this payment's own. Compared
    /// in constant time, so the key cannot be learned a character at a time from response
    /// times. A payment made before keys existed has none and takes the key-less URL.
    #[must_use]
    pub fn accepts_redirect(&self, key: Option<&str>) -> bool {
        match (self.redirect_key.as_deref(), key) {
            (None, None) => true,
            (Some(stored), Some(given)) => constant_time_eq(stored.as_bytes(), given.as_bytes()),
            _ => false,
        }
    }
}

/// Byte equality whose time depends on the lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// An order with its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    /// Public number.
    pub order_no: OrderNo,
    pub product_id: ProductId,
    pub buyer_id: MemberId,
    pub seller_id: MemberId,
    /// Fixed at ready.
    pub amount: Won,
    /// The listing's name when the order was made (what the buyer paid for, even if the
    /// listing is renamed or deleted later).
    pub item_name: String,
    /// Escrow state.
    pub status: OrderStatus,
    /// Set by the seller.
    pub tracking_number: Option<String>,
    /// Set when cancelled.
    pub cancel_reason: Option<CancelReason>,
    pub paid_at: Option<DateTime<Utc>>,
    /// First tracking number.
    pub shipped_at: Option<DateTime<Utc>>,
    pub buyer_confirmed_at: Option<DateTime<Utc>>,
    pub seller_confirmed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Creation (ready).
    pub created_at: DateTime<Utc>,
    pub payment: Payment,
    /// The accepted offer whose price this order pays, if any.
    pub offer: Option<OfferId>,
}

impl Order {
    /// Whether money was ever captured for it: an attempt still awaiting payment, or one
    /// cancelled before it was paid, never was.
    #[must_use]
    pub fn was_paid(&self) -> bool {
        match self.status {
            OrderStatus::AwaitingPayment => false,
            OrderStatus::Cancelled => self.paid_at.is_some(),
            _ => true,
        }
    }
}

/// What start-payment stores before calling ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// Public number.
    pub order_no: OrderNo,
    pub product_id: ProductId,
    pub buyer_id: MemberId,
    /// The listing's owner.
    pub seller_id: MemberId,
    /// The listing's price now, or the accepted offer's price for the buyer it reserved the
    /// listing for; never re-read later (the seed charged the price at approve).
    pub amount: Won,
    pub item_name: String,
    /// `dev` or `kakaopay`.
    pub backend: String,
    /// Merchant code.
    pub cid: String,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// The accepted offer whose price this order pays; paying closes it.
    pub offer: Option<OfferId>,
    /// The secret the gateway's redirects back must carry ([`Payment::accepts_redirect`]).
    pub redirect_key: Option<String>,
}
