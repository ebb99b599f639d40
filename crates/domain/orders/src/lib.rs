//! Orders: buying a listing with Kakao Pay (or the dev gateway), and the escrow flow after it
//! (tracking number → purchase confirmation → sale confirmation), with refunds whenever an
//! order cannot be kept.
//!
//! Money rules: the amount is fixed at ready; only a successful approve or an order lookup
//! showing the payment captured counts as paid; exactly one order per listing is paid (the
//! repository's unique open-order key decides races) and every other captured payment is
//! refunded; after money is captured any failure ends in a refund, and a refund the gateway
//! did not confirm stays owed (`cancel_requested`) until reconciliation gets it through.
//!
//! This crate knows no HTTP, SQL or Kakao JSON: the pay routes and skills drive
//! [`OrderService`], the database adapter implements [`OrderRepository`], the Kakao Pay
//! adapter implements [`PaymentGateway`], and the listings domain is reached through
//! [`ListingGateway`].

mod error;
mod gateway;
mod model;
mod notices;
mod offers;
mod order_no;
mod ports;
mod reviews;
mod service;
mod state;
mod tracking;
mod withdrawal;

#[cfg(any(test, feature = "mocks"))]
pub mod testing;

pub use error::{OrderError, ValidationError};
pub use gateway::{
    AmountBreakdown, Approval, ApproveRequest, CancelRequest, Cancellation, CardInfo, GatewayError,
    GatewayOrder, GatewayPaymentState, ReadyRequest, ReadySession,
};
pub use model::{
    CancelReason, ListingSnapshot, MemberId, NewOrder, OfferId, Order, OrderId, OrderNo,
    OrderStatus, Payment, PaymentId, PaymentMethod, PaymentStatus, ProductId, Reservation, Terms,
    Tid, Won,
};
#[cfg(any(test, feature = "mocks"))]
pub use offers::MockOfferRepository;
pub use offers::{
    ListingEffect, NewOffer, Offer, OfferConfig, OfferDecision, OfferError, OfferMove,
    OfferRepository, OfferRole, OfferService, OfferState, price_range,
};
pub use order_no::RandomOrderNumbers;
pub use ports::{ListingGateway, OrderNumbers, OrderRepository, PaymentGateway};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockListingGateway, MockOrderNumbers, MockOrderRepository, MockPaymentGateway};
#[cfg(any(test, feature = "mocks"))]
pub use reviews::MockReviewRepository;
pub use reviews::{
    Liker, NewReview, OpenChatSale, ReceivedReviews, Review, ReviewError, ReviewFilter, ReviewId,
    ReviewRepository, ReviewService, ReviewText, Trade, Written,
};
pub use service::{
    ApproveOutcome, CancelOutcome, OrderConfig, OrderService, PaymentStart, ReconcileReport,
    TimerReport,
};
pub use state::{Action, Party, authorize, check, party_of};
pub use tracking::TrackingNumber;
#[cfg(any(test, feature = "mocks"))]
pub use withdrawal::MockWithdrawalRepository;
pub use withdrawal::{WithdrawalCheck, WithdrawalPlan, WithdrawalRepository, WithdrawalService};
