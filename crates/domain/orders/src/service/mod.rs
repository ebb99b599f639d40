//! Order use cases, driven by the pay routes, the order skills and the background jobs.

mod escrow;
mod jobs;
mod pay;
mod refund;

use std::sync::Arc;

use chrono::Duration;
use junggye_domain_common::Clock;
use junggye_members::blocks::{BlockRepository, NoBlocks};

use crate::ports::{ListingGateway, OrderNumbers, OrderRepository, PaymentGateway};

pub use escrow::CancelOutcome;
pub use jobs::{ReconcileReport, TimerReport};
pub use pay::{ApproveOutcome, PaymentStart};

/// Knobs of the order flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderConfig {
    /// `public_base_url`, without a trailing slash: the redirect URLs handed to the gateway
    /// are built on it (`{base}/pay/orders/{order_no}/approve`).
    pub public_base_url: String,
    /// A shipped order without the buyer's confirmation is confirmed after this long.
    pub auto_confirm_after: Duration,
    /// A paid order without a tracking number is cancelled and refunded after this long.
    pub auto_cancel_after: Duration,
    /// A ready/approving payment unchanged for this long is settled by order lookup. Kakao Pay
    /// expires a tid after 15 minutes, so by then the outcome is final.
    pub stale_payment_after: Duration,
    /// Most orders one job run handles (the rest wait for the next run).
    pub batch: u32,
}

impl OrderConfig {
    /// The defaults: 7 days to confirm, 5 days to ship, 15 minutes to settle a payment.
    #[must_use]
    pub fn new(public_base_url: impl Into<String>) -> Self {
        Self {
            public_base_url: public_base_url.into().trim_end_matches('/').to_owned(),
            auto_confirm_after: Duration::days(7),
            auto_cancel_after: Duration::days(5),
            stale_payment_after: Duration::minutes(15),
            batch: 100,
        }
    }
}

pub struct OrderService {
    repo: Arc<dyn OrderRepository>,
    listings: Arc<dyn ListingGateway>,
    gateway: Arc<dyn PaymentGateway>,
    clock: Arc<dyn Clock>,
    numbers: Arc<dyn OrderNumbers>,
    config: OrderConfig,
    blocks: Arc<dyn BlockRepository>,
}

impl OrderService {
    pub fn new(
        repo: Arc<dyn OrderRepository>,
        listings: Arc<dyn ListingGateway>,
        gateway: Arc<dyn PaymentGateway>,
        clock: Arc<dyn Clock>,
        numbers: Arc<dyn OrderNumbers>,
        config: OrderConfig,
    ) -> Self {
        Self {
            repo,
            listings,
            gateway,
            clock,
            numbers,
            config,
            blocks: Arc::new(NoBlocks),
        }
    }

    /// Refuses payments between members when either blocked the other.
    #[must_use]
    pub fn with_blocks(mut self, blocks: Arc<dyn BlockRepository>) -> Self {
        self.blocks = blocks;
        self
    }

    #[must_use]
    pub fn config(&self) -> &OrderConfig {
        &self.config
    }
}

#[cfg(test)]
mod tests;
