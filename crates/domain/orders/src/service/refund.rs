//! Giving money back. Every path that captured money and cannot keep the order ends here.

use junggye_products::ProductStatus;
use tracing::{error, warn};

use super::OrderService;
use crate::gateway::{CancelRequest, GatewayPaymentState};
use crate::model::{CancelReason, Order, OrderStatus, PaymentStatus, Won};
use crate::notices;

/// What [`OrderService::cancel_and_refund`] did.
#[derive(Debug, Clone, Copy)]
pub(super) enum CancelAttempt {
    /// The order was no longer in any of the given statuses: another request or job moved it
    /// first, and nothing was refunded.
    LostRace,
    /// This call cancelled the order. `refunded` is false when the gateway did not confirm the
    /// refund: the payment is left `cancel_requested` for reconciliation to retry.
    Cancelled { refunded: bool },
}

impl OrderService {
    /// Cancels the order (from one of `from`) and refunds its captured payment. Storage
    /// failures are logged and do not stop the refund: money goes back even when the database
    /// is down.
    pub(super) async fn cancel_and_refund(
        &self,
        order: &Order,
        from: &[OrderStatus],
        reason: CancelReason,
    ) -> CancelAttempt {
        let now = self.clock.now();
        let cancelled = match self
            .repo
            .cancel(
                order.id,
                from,
                reason,
                ProductStatus::RELEASED_BY_ORDER,
                now,
                &notices::cancelled(order, reason),
            )
            .await
        {
            Ok(changed) => changed,
            Err(e) => {
                error!(order = %order.id, error = ?e, "could not record a cancellation; refunding anyway");
                true
            }
        };
        if !cancelled {
            return CancelAttempt::LostRace;
        }
        CancelAttempt::Cancelled {
            refunded: self.refund_payment(order).await,
        }
    }

    /// Refunds the order's payment through the gateway and records it. When the gateway fails,
    /// an order lookup decides (a timed-out cancel may have gone through); if it is still not
    /// refunded the payment stays `cancel_requested` and reconciliation retries. Returns
    /// whether the money is back.
    pub(super) async fn refund_payment(&self, order: &Order) -> bool {
        let payment = &order.payment;
        let Some(tid) = payment.tid.clone() else {
            // Ready never answered: nothing can have been captured.
            return true;
        };
        let request = CancelRequest {
            tid: tid.clone(),
            amount: order.amount,
            tax_free_amount: Won(0),
        };
        let refunded = match self.gateway.cancel(&request).await {
            Ok(_) => true,
            Err(e) => {
                warn!(order = %order.id, code = %e.code(), "refund failed; looking the payment up");
                match self.gateway.order(&tid).await {
                    Ok(found) => matches!(
                        found.state,
                        GatewayPaymentState::Cancelled | GatewayPaymentState::Failed
                    ),
                    Err(e) => {
                        warn!(order = %order.id, code = %e.code(), "lookup after a failed refund failed");
                        false
                    }
                }
            }
        };
        let now = self.clock.now();
        let (from, to): (&[PaymentStatus], _) = if refunded {
            (
                &[
                    PaymentStatus::Ready,
                    PaymentStatus::Approving,
                    PaymentStatus::Approved,
                    PaymentStatus::CancelRequested,
                ],
                PaymentStatus::Cancelled,
            )
        } else {
            error!(order = %order.id, "refund pending; reconciliation will retry");
            (&[PaymentStatus::Approved], PaymentStatus::CancelRequested)
        };
        if let Err(e) = self
            .repo
            .set_payment_status(payment.id, from, to, None, now)
            .await
        {
            error!(order = %order.id, error = ?e, "could not record the refund state");
        }
        refunded
    }
}
