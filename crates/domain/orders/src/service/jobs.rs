//! Background jobs: escrow timers and payment reconciliation.

use chrono::{DateTime, Duration, Utc};
use tracing::{error, info, warn};

use super::OrderService;
use super::refund::CancelAttempt;
use crate::error::OrderError;
use crate::model::{CancelReason, OrderStatus, PaymentStatus};
use crate::notices;
use crate::state::Action;

/// What one timer run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimerReport {
    /// Buyers told their purchase will be confirmed for them tomorrow.
    pub reminded: u32,
    /// Shipped orders confirmed for the buyer.
    pub auto_confirmed: u32,
    /// Unshipped paid orders cancelled.
    pub auto_cancelled: u32,
    /// Of those, refunds still pending.
    pub refunds_pending: u32,
}

/// What one reconciliation run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReconcileReport {
    /// Payments found captured and settled (paid, or refunded when the listing was gone).
    pub settled_paid: u32,
    /// Payments found never captured (failed, quit, expired).
    pub failed: u32,
    /// Refunds retried successfully.
    pub refunded: u32,
    /// Left for the next run (gateway unreachable, unknown state).
    pub left: u32,
}

impl OrderService {
    /// Applies the escrow deadlines: shipped orders unconfirmed for `auto_confirm_after` are
    /// confirmed for the buyer; paid orders without a tracking number after
    /// `auto_cancel_after` are cancelled and refunded. Each order's change is a
    /// compare-and-set, so a member acting at the same moment wins or loses cleanly.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] when the due orders cannot be read.
    pub async fn run_escrow_timers(&self) -> Result<TimerReport, OrderError> {
        let now = self.clock.now();
        let mut report = TimerReport {
            reminded: self.remind_auto_confirm(now).await?,
            ..TimerReport::default()
        };
        let due = self
            .repo
            .shipped_before(now - self.config.auto_confirm_after, self.config.batch)
            .await?;
        for order in due {
            match self
                .repo
                .confirm_purchase(
                    order.id,
                    Action::ConfirmPurchase.allowed_from(),
                    now,
                    &notices::purchase_confirmed(&order),
                )
                .await
            {
                Ok(true) => report.auto_confirmed += 1,
                Ok(false) => {}
                Err(e) => error!(order = %order.id, error = ?e, "auto-confirm failed"),
            }
        }
        let due = self
            .repo
            .paid_before(now - self.config.auto_cancel_after, self.config.batch)
            .await?;
        for order in due {
            if let CancelAttempt::Cancelled { refunded } = self
                .cancel_and_refund(&order, &[OrderStatus::Paid], CancelReason::NotShipped)
                .await
            {
                report.auto_cancelled += 1;
                if !refunded {
                    report.refunds_pending += 1;
                }
            }
        }
        if report != TimerReport::default() {
            info!(?report, "escrow timers applied");
        }
        Ok(report)
    }

    /// `auto_confirm_soon`: a day before a shipped order is confirmed for the buyer, the buyer
    /// is told once (the reminder is recorded with the notification, in one transaction).
    async fn remind_auto_confirm(&self, now: DateTime<Utc>) -> Result<u32, OrderError> {
        let lead = Duration::days(1);
        if self.config.auto_confirm_after <= lead {
            return Ok(0);
        }
        let due = self
            .repo
            .unreminded_shipped_before(
                now - (self.config.auto_confirm_after - lead),
                self.config.batch,
            )
            .await?;
        let mut reminded = 0;
        for order in due {
            let Some(shipped_at) = order.shipped_at else {
                continue;
            };
            let confirm_at = shipped_at + self.config.auto_confirm_after;
            let outbox = notices::auto_confirm_soon(&order, confirm_at);
            match self.repo.mark_reminded(order.id, now, &outbox).await {
                Ok(true) => reminded += 1,
                Ok(false) => {}
                Err(e) => error!(order = %order.id, error = ?e, "auto-confirm reminder failed"),
            }
        }
        Ok(reminded)
    }

    /// Settles payments left `ready`/`approving` (a lost redirect, a timed-out approve) and
    /// retries owed refunds, by asking the gateway.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] when the stale payments cannot be read.
    pub async fn reconcile_payments(&self) -> Result<ReconcileReport, OrderError> {
        let now = self.clock.now();
        let mut report = ReconcileReport::default();
        let stale = self
            .repo
            .stale_payments(now - self.config.stale_payment_after, self.config.batch)
            .await?;
        for order in stale {
            match order.payment.status {
                PaymentStatus::CancelRequested => {
                    if self.refund_payment(&order).await {
                        report.refunded += 1;
                    } else {
                        report.left += 1;
                    }
                }
                PaymentStatus::Ready | PaymentStatus::Approving => {
                    let Some(tid) = order.payment.tid.clone() else {
                        // Ready never answered: no payment page was ever shown.
                        self.fail_payment(&order, "no_tid".to_owned()).await;
                        report.failed += 1;
                        continue;
                    };
                    match self.gateway.order(&tid).await {
                        Ok(found) => {
                            use crate::gateway::GatewayPaymentState as S;
                            match found.state {
                                S::Paid => {
                                    self.settle_from_lookup(order, found, String::new()).await;
                                    report.settled_paid += 1;
                                }
                                // Past the tid's 15-minute life an unfinished payment is dead.
                                S::InProgress | S::Failed | S::Cancelled => {
                                    self.fail_payment(&order, "expired".to_owned()).await;
                                    report.failed += 1;
                                }
                                S::PartlyCancelled | S::Unknown(_) => {
                                    warn!(order = %order.id, state = ?found.state, "payment in an unexpected state");
                                    report.left += 1;
                                }
                            }
                        }
                        Err(e) => {
                            warn!(order = %order.id, code = %e.code(), "lookup failed; retrying next run");
                            report.left += 1;
                        }
                    }
                }
                PaymentStatus::Approved | PaymentStatus::Cancelled | PaymentStatus::Failed => {}
            }
        }
        Ok(report)
    }
}
