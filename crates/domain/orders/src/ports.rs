//! What the orders domain needs from storage, the listings domain, the payment gateway and
//! randomness.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};

use crate::error::OrderError;
use crate::gateway::{
    Approval, ApproveRequest, CancelRequest, Cancellation, GatewayError, GatewayOrder,
    ReadyRequest, ReadySession,
};
use crate::model::{
    CancelReason, ListingSnapshot, MemberId, NewOrder, Order, OrderId, OrderNo, OrderStatus,
    PaymentId, PaymentStatus, ProductId, Tid,
};
use crate::tracking::TrackingNumber;
use junggye_notifications::Outbox;
use junggye_products::StatusChange;

/// Order and payment storage. Every transition is a compare-and-set on the current status, so
/// two racing requests (a buyer cancelling while the seller ships, two redirects approving)
/// cannot both win; methods returning `bool` report whether this call made the change.
///
/// `outbox`: the notifications the change causes, stored in the same transaction and only
/// when the change is made, so a crash can neither lose one nor tell of a change that was
/// rolled back.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait OrderRepository: Send + Sync {
    /// Stores an `awaiting_payment` order and its `ready` payment (no tid yet).
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn create(&self, order: &NewOrder) -> Result<Order, OrderError>;

    /// Records the tid ready returned.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn attach_tid(
        &self,
        payment: PaymentId,
        tid: &Tid,
        redirect_url: &str,
    ) -> Result<(), OrderError>;

    /// The order with this id, with its payment.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn find(&self, id: OrderId) -> Result<Option<Order>, OrderError>;

    /// The order with this public number, with its payment.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn find_by_no(&self, no: &OrderNo) -> Result<Option<Order>, OrderError>;

    /// Moves the payment from one of `from` to `to` (with the gateway's failure code, if any).
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn set_payment_status(
        &self,
        payment: PaymentId,
        from: &[PaymentStatus],
        to: PaymentStatus,
        failure_code: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<bool, OrderError>;

    /// Stores the approval (method, amounts, card details, time) and marks the payment
    /// `approved`, from `ready` or `approving`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn record_approval(
        &self,
        payment: PaymentId,
        approval: &Approval,
        at: DateTime<Utc>,
    ) -> Result<bool, OrderError>;

    /// In one transaction: the `awaiting_payment` order becomes `paid` with `open_product_id`
    /// set, and the listing makes the `listing` change.
    ///
    /// # Errors
    /// MUST return [`OrderError::AlreadySold`] when another order of the listing is open (the
    /// unique `open_product_id` decides concurrent calls: exactly one wins), and
    /// [`OrderError::ListingUnavailable`] when the listing is in none of `listing.from`; in both cases
    /// nothing changes. [`OrderError::PaymentNotReady`] when the order is not awaiting payment.
    async fn mark_paid(
        &self,
        order: OrderId,
        product: ProductId,
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<(), OrderError>;

    /// From one of `from`: sets the tracking number and the status `shipped`; `shipped_at`
    /// is set the first time only.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn set_tracking(
        &self,
        order: OrderId,
        tracking: &TrackingNumber,
        from: &'static [OrderStatus],
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError>;

    /// From one of `from` to `purchase_confirmed`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn confirm_purchase(
        &self,
        order: OrderId,
        from: &'static [OrderStatus],
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError>;

    /// In one transaction: from one of `from` to `completed` (`open_product_id` cleared), the
    /// listing makes the `listing` change with the buyer recorded, and both members'
    /// `completed_trades` + 1.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn complete(
        &self,
        order: OrderId,
        from: &'static [OrderStatus],
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError>;

    /// In one transaction: the order goes from one of `from` to `cancelled` with `reason`
    /// (`open_product_id` cleared); a listing this order held makes the `listing` change unless
    /// another open order holds it; an `approved` payment becomes `cancel_requested` (the
    /// refund is then owed), a `ready` or `approving` one `failed`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn cancel(
        &self,
        order: OrderId,
        from: &[OrderStatus],
        reason: CancelReason,
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError>;

    /// Orders bought by `member`, newest first.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn list_purchases(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Order>, OrderError>;

    /// Orders sold by `member`, newest first (orders never paid are left out).
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn list_sales(&self, member: MemberId, page: Page) -> Result<Paged<Order>, OrderError>;

    /// Every order (in `status` when given), newest first: the admin list.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn list_all(
        &self,
        status: Option<OrderStatus>,
        page: Page,
    ) -> Result<Paged<Order>, OrderError>;

    /// `shipped` orders shipped before `before`, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    /// Shipped orders shipped before `before` whose buyer has not been reminded of the
    /// automatic purchase confirmation yet, oldest first.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn unreminded_shipped_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError>;

    /// Records that the buyer of this still shipped order was reminded, with the reminder in
    /// `outbox`; false when it was reminded already or is no longer shipped.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn mark_reminded(
        &self,
        order: OrderId,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError>;

    async fn shipped_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError>;

    /// `paid` orders (no tracking number) paid before `before`, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn paid_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError>;

    /// The buyer's `awaiting_payment` orders of this listing (earlier pay-link clicks), newest
    /// first, at most `limit`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn awaiting_payment(
        &self,
        buyer: MemberId,
        product: ProductId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError>;

    /// Orders whose payment is `ready`, `approving` or `cancel_requested` and unchanged since
    /// before `before`, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn stale_payments(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError>;
}

/// The listings domain, as far as orders need it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ListingGateway: Send + Sync {
    /// The listing as it is now, whatever its status; `None` when no such listing was stored.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    async fn snapshot(&self, product: ProductId) -> Result<Option<ListingSnapshot>, OrderError>;
}

/// A payment gateway: Kakao Pay, or the dev stand-in.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// `dev` or `kakaopay`: stored on each payment.
    fn backend(&self) -> &'static str;

    /// The merchant code (`cid`): stored on each payment.
    fn cid(&self) -> String;

    /// Opens a payment.
    ///
    /// # Errors
    /// Any [`GatewayError`]; nothing was charged.
    async fn ready(&self, request: &ReadyRequest) -> Result<ReadySession, GatewayError>;

    /// Captures the payment.
    ///
    /// # Errors
    /// [`GatewayError::AlreadyApproved`] for `-702`, [`GatewayError::Declined`] for `-780`, ...;
    /// after any error (a timeout above all) the outcome must be checked with [`Self::order`].
    async fn approve(&self, request: &ApproveRequest) -> Result<Approval, GatewayError>;

    /// Refunds (cancels) the payment.
    ///
    /// # Errors
    /// Any [`GatewayError`]; the outcome must then be checked with [`Self::order`].
    async fn cancel(&self, request: &CancelRequest) -> Result<Cancellation, GatewayError>;

    /// The payment's state at the gateway.
    ///
    /// # Errors
    /// Any [`GatewayError`].
    async fn order(&self, tid: &Tid) -> Result<GatewayOrder, GatewayError>;
}

/// Source of fresh order numbers (randomness as a port, so tests are deterministic).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait OrderNumbers: Send + Sync {
    /// A new unguessable order number.
    fn next(&self) -> OrderNo;
}
