//! Start payment, approve, and the cancel/fail redirects.

use junggye_members::ActiveMember;
use junggye_products::{ProductStatus, PurchaseRefusal};
use tracing::{error, info, warn};

use super::OrderService;
use super::refund::CancelAttempt;
use crate::error::OrderError;
use crate::gateway::{
    AmountBreakdown, Approval, ApproveRequest, GatewayError, GatewayOrder, GatewayPaymentState,
    ReadyRequest,
};
use crate::model::{
    CancelReason, ListingSnapshot, MemberId, NewOrder, Order, OrderNo, OrderStatus, PaymentMethod,
    PaymentStatus, ProductId, Terms, Tid,
};
use crate::notices;

/// Kakao Pay's limit on `item_name`.
const ITEM_NAME_MAX_CHARS: usize = 100;

/// How long a payment page may be reopened: Kakao Pay keeps a ready payment for 15 minutes.
const REOPEN_FOR: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Earlier unpaid orders of the same buyer and listing closed per pay-link click; a click
/// closes every earlier one, so more than a few can only come from a race.
const SUPERSEDED_PER_START: u32 = 20;

/// Where to send the buyer after ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStart {
    pub order: Order,
    /// The gateway's page for a mobile browser (the pay route redirects there).
    pub redirect_url: String,
}

/// What the approve redirect ends in; the pay route turns it into a small Korean page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApproveOutcome {
    /// Paid (now, or by an earlier redirect: approve is idempotent).
    Paid(Box<Order>),
    /// Money was captured but the order could not be kept; it was cancelled and the payment
    /// refunded (`refunded == false`: the refund is queued and reconciliation finishes it).
    Refunded {
        reason: CancelReason,
        /// Whether the gateway confirmed the refund already.
        refunded: bool,
    },
    /// The gateway declined; nothing was charged.
    Failed,
    /// The outcome is not known yet (a timeout, or a concurrent redirect is approving); the
    /// reconciliation job settles it.
    Pending,
    /// The order was cancelled before (e.g. the buyer left the payment page).
    Cancelled(Option<CancelReason>),
}

/// `partner_user_id`: the member's database id, opaque to Kakao Pay (no personal data).
fn partner_user_id(buyer: MemberId) -> String {
    format!("member-{buyer}")
}

impl OrderService {
    /// Creates an awaiting order for the listing at its current price and opens a payment.
    ///
    /// # Errors
    /// [`OrderError::ListingNotFound`], [`OrderError::OwnListing`], [`OrderError::NotOnSale`],
    /// [`OrderError::Blocked`] when the buyer or the seller blocked the other,
    /// [`OrderError::Gateway`] when ready failed (the order is then cancelled),
    /// [`OrderError::Unexpected`] on storage failure.
    pub async fn start_payment(
        &self,
        buyer: &ActiveMember,
        product: ProductId,
    ) -> Result<PaymentStart, OrderError> {
        let buyer = buyer.id();
        let listing = self
            .listings
            .snapshot(product)
            .await?
            .ok_or(OrderError::ListingNotFound)?;
        // The amount is read here, from the stored listing and its accepted offer: nothing the
        // buyer sends (a token, a request field) can choose it.
        let terms =
            listing
                .terms_for(buyer, self.clock.now())
                .map_err(|refusal| match refusal {
                    PurchaseRefusal::Missing => OrderError::ListingNotFound,
                    PurchaseRefusal::OwnListing => OrderError::OwnListing,
                    PurchaseRefusal::NotOnSale => OrderError::NotOnSale,
                })?;
        if self
            .blocks
            .either_way(buyer, listing.seller_id)
            .await
            .map_err(|e| OrderError::Unexpected(e.into()))?
        {
            return Err(OrderError::Blocked);
        }
        if let Some(open) = self.reopenable_attempt(buyer, &listing, terms).await? {
            info!(order = %open.order.id, "pay link tapped again: the open payment page reopened");
            return Ok(open);
        }
        self.close_earlier_attempts(buyer, listing.product_id)
            .await?;
        let key = crate::order_no::redirect_key();
        let order = self
            .repo
            .create(&NewOrder {
                order_no: self.numbers.next(),
                product_id: listing.product_id,
                buyer_id: buyer,
                seller_id: listing.seller_id,
                amount: terms.amount,
                item_name: listing.name.chars().take(ITEM_NAME_MAX_CHARS).collect(),
                backend: self.gateway.backend().to_owned(),
                cid: self.gateway.cid(),
                created_at: self.clock.now(),
                offer: terms.offer,
                redirect_key: Some(key.clone()),
            })
            .await?;
        let base = format!(
            "{}/pay/orders/{}/{key}",
            self.config.public_base_url, order.order_no
        );
        let request = ReadyRequest {
            order_no: order.order_no.clone(),
            partner_user_id: partner_user_id(buyer),
            item_name: order.item_name.clone(),
            amount: order.amount,
            approval_url: format!("{base}/approve"),
            cancel_url: format!("{base}/cancel"),
            fail_url: format!("{base}/fail"),
        };
        match self.gateway.ready(&request).await {
            Ok(session) => {
                self.repo
                    .attach_tid(order.payment.id, &session.tid, &session.mobile_url)
                    .await?;
                let mut order = order;
                order.payment.tid = Some(session.tid);
                order.payment.redirect_url = Some(session.mobile_url.clone());
                Ok(PaymentStart {
                    order,
                    redirect_url: session.mobile_url,
                })
            }
            Err(e) => {
                warn!(order = %order.id, code = %e.code(), "payment ready failed");
                self.repo
                    .cancel(
                        order.id,
                        &[OrderStatus::AwaitingPayment],
                        CancelReason::PaymentFailed,
                        ProductStatus::RELEASED_BY_ORDER,
                        self.clock.now(),
                        &notices::cancelled(&order, CancelReason::PaymentFailed),
                    )
                    .await?;
                Err(OrderError::Gateway(e))
            }
        }
    }

    /// The buyer's newest attempt at this listing, when tapping the pay link again can simply
    /// reopen its payment page: still ready, on the current terms, and young enough
    /// for the gateway to hold it. A link replayed many times then costs no new order and no
    /// new `ready` call each time.
    async fn reopenable_attempt(
        &self,
        buyer: MemberId,
        listing: &ListingSnapshot,
        terms: Terms,
    ) -> Result<Option<PaymentStart>, OrderError> {
        let now = self.clock.now();
        let newest = self
            .repo
            .awaiting_payment(buyer, listing.product_id, 1)
            .await?
            .into_iter()
            .next();
        Ok(newest.and_then(|order| {
            let reopenable = order.payment.status == PaymentStatus::Ready
                && order.payment.tid.is_some()
                && order.amount == terms.amount
                && order.offer == terms.offer
                && now - order.created_at < REOPEN_FOR;
            let redirect_url = order.payment.redirect_url.clone()?;
            reopenable.then_some(PaymentStart {
                order,
                redirect_url,
            })
        }))
    }

    /// A buyer who taps the pay link again (a second device, a closed tab) would otherwise pile
    /// up unpaid orders in 구매내역. Each earlier one still `ready` is closed like a cancel
    /// redirect: should its page be approved after all, approve finds it cancelled and never
    /// captures. One already approving is left to finish (a refund covers it if it loses).
    async fn close_earlier_attempts(
        &self,
        buyer: MemberId,
        product: ProductId,
    ) -> Result<(), OrderError> {
        for earlier in self
            .repo
            .awaiting_payment(buyer, product, SUPERSEDED_PER_START)
            .await?
        {
            let closed = self
                .close_unpaid(earlier, CancelReason::PaymentCancelled)
                .await?;
            if closed.status == OrderStatus::Cancelled {
                info!(order = %closed.id, "earlier unpaid order closed by a new pay-link click");
            }
        }
        Ok(())
    }

    /// The approval redirect: captures the payment once, then marks the order paid and the
    /// listing pending. Repeated redirects answer from the stored state without calling the
    /// gateway again. A buyer who lost the race for the listing is refunded.
    ///
    /// # Errors
    /// [`OrderError::NotFound`] for an unknown number, [`OrderError::PaymentNotReady`] for a
    /// missing token or tid, [`OrderError::Unexpected`] when storage fails before any money
    /// moved.
    pub async fn approve(
        &self,
        order_no: &OrderNo,
        key: Option<&str>,
        pg_token: &str,
    ) -> Result<ApproveOutcome, OrderError> {
        let order = self.redirected(order_no, key).await?;
        match (order.status, order.payment.status) {
            (OrderStatus::Cancelled, _) => {
                return Ok(ApproveOutcome::Cancelled(order.cancel_reason));
            }
            (OrderStatus::AwaitingPayment, PaymentStatus::Ready) => {}
            (OrderStatus::AwaitingPayment, PaymentStatus::Approving) => {
                return Ok(ApproveOutcome::Pending);
            }
            (OrderStatus::AwaitingPayment, PaymentStatus::Approved) => {
                // Captured and recorded, but the order was not marked paid (a crash in
                // between): finish the job now rather than wait for reconciliation.
                let approval = recorded_approval(&order, self.clock.now());
                return Ok(self.take_listing(order, approval).await);
            }
            (OrderStatus::AwaitingPayment, _) => return Ok(ApproveOutcome::Failed),
            _ => return Ok(ApproveOutcome::Paid(Box::new(order))),
        }
        let tid = order
            .payment
            .tid
            .clone()
            .ok_or(OrderError::PaymentNotReady)?;
        let pg_token = pg_token.trim();
        if pg_token.is_empty() {
            return Err(OrderError::PaymentNotReady);
        }
        // Only one redirect gets to call approve.
        if !self
            .repo
            .set_payment_status(
                order.payment.id,
                &[PaymentStatus::Ready],
                PaymentStatus::Approving,
                None,
                self.clock.now(),
            )
            .await?
        {
            return Ok(ApproveOutcome::Pending);
        }
        let request = ApproveRequest {
            tid: tid.clone(),
            order_no: order.order_no.clone(),
            partner_user_id: partner_user_id(order.buyer_id),
            pg_token: pg_token.to_owned(),
            amount: order.amount,
        };
        match self.gateway.approve(&request).await {
            Ok(approval) => Ok(self.settle_captured(order, approval).await),
            Err(e) => Ok(self.after_approve_error(order, &tid, &e).await),
        }
    }

    /// An approve call failed: the outcome is decided by an order lookup, not by the error
    /// (a timeout or `-702` may hide a captured payment).
    async fn after_approve_error(
        &self,
        order: Order,
        tid: &Tid,
        err: &GatewayError,
    ) -> ApproveOutcome {
        warn!(order = %order.id, code = %err.code(), "approve failed; looking the payment up");
        match self.gateway.order(tid).await {
            Ok(found) if found.state == GatewayPaymentState::InProgress => {
                self.reopen_after_failed_approve(&order).await
            }
            Ok(found) => self.settle_from_lookup(order, found, err.code()).await,
            Err(e) => {
                warn!(order = %order.id, code = %e.code(), "lookup after approve failed; left to reconciliation");
                ApproveOutcome::Pending
            }
        }
    }

    /// The approve failed and the gateway still holds the payment open, uncaptured: the
    /// payment goes back to ready (it was left `approving` until reconciliation, which kept
    /// every later redirect on the "checking" page). Should the approve have gone through
    /// after all, the next redirect's approve or reconciliation's lookup finds it captured.
    async fn reopen_after_failed_approve(&self, order: &Order) -> ApproveOutcome {
        let reopened = self
            .repo
            .set_payment_status(
                order.payment.id,
                &[PaymentStatus::Approving],
                PaymentStatus::Ready,
                None,
                self.clock.now(),
            )
            .await;
        match reopened {
            Ok(_) => ApproveOutcome::Failed,
            Err(e) => {
                error!(order = %order.id, error = ?e, "could not reopen a payment after a failed approve");
                ApproveOutcome::Pending
            }
        }
    }

    /// Acts on what the gateway says about a payment whose approve outcome we did not see.
    pub(super) async fn settle_from_lookup(
        &self,
        order: Order,
        found: GatewayOrder,
        failure_code: String,
    ) -> ApproveOutcome {
        match found.state {
            GatewayPaymentState::Paid => {
                let approval = lookup_approval(&order, &found, self.clock.now());
                self.settle_captured(order, approval).await
            }
            GatewayPaymentState::Failed | GatewayPaymentState::Cancelled => {
                self.fail_payment(&order, failure_code).await;
                ApproveOutcome::Failed
            }
            GatewayPaymentState::InProgress
            | GatewayPaymentState::PartlyCancelled
            | GatewayPaymentState::Unknown(_) => ApproveOutcome::Pending,
        }
    }

    /// Marks a never-captured payment failed and cancels its order.
    pub(super) async fn fail_payment(&self, order: &Order, failure_code: String) {
        let now = self.clock.now();
        let res = self
            .repo
            .set_payment_status(
                order.payment.id,
                &[PaymentStatus::Ready, PaymentStatus::Approving],
                PaymentStatus::Failed,
                Some(failure_code),
                now,
            )
            .await;
        if let Err(e) = res {
            error!(order = %order.id, error = ?e, "could not record a failed payment");
            return;
        }
        if let Err(e) = self
            .repo
            .cancel(
                order.id,
                &[OrderStatus::AwaitingPayment],
                CancelReason::PaymentFailed,
                ProductStatus::RELEASED_BY_ORDER,
                now,
                &notices::cancelled(order, CancelReason::PaymentFailed),
            )
            .await
        {
            error!(order = %order.id, error = ?e, "could not cancel an order whose payment failed");
        }
    }

    /// Money is captured: record it and take the listing, or give the money back. Never
    /// returns an error: whatever fails from here on ends in a refund.
    pub(super) async fn settle_captured(&self, order: Order, approval: Approval) -> ApproveOutcome {
        let now = self.clock.now();
        if approval.amount.total != order.amount.0 {
            // The approve request carries total_amount, so Kakao Pay should have refused this.
            error!(order = %order.id, charged = approval.amount.total, "approved amount differs; refunding");
            return self
                .refund_captured(order, CancelReason::PaymentFailed)
                .await;
        }
        match self
            .repo
            .record_approval(order.payment.id, &approval, now)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                // Our record says the payment was failed or refunded meanwhile: the capture
                // is money nobody will deliver goods for.
                error!(order = %order.id, "captured a payment no longer expected; refunding");
                let refunded = self.refund_payment(&order).await;
                return ApproveOutcome::Refunded {
                    reason: CancelReason::PaymentFailed,
                    refunded,
                };
            }
            Err(e) => {
                error!(order = %order.id, error = ?e, "could not record an approval; refunding");
                return self
                    .refund_captured(order, CancelReason::PaymentFailed)
                    .await;
            }
        }
        self.take_listing(order, approval).await
    }

    /// The payment is captured and recorded: the order becomes paid and the listing pending,
    /// or the buyer is refunded.
    async fn take_listing(&self, order: Order, approval: Approval) -> ApproveOutcome {
        let now = self.clock.now();
        match self
            .repo
            .mark_paid(
                order.id,
                order.product_id,
                // An order at an offer's price takes the listing from its reservation; any
                // other only from on sale.
                if order.offer.is_some() {
                    ProductStatus::HOLD_FOR_OFFER
                } else {
                    ProductStatus::HOLD_FOR_ORDER
                },
                now,
                &notices::paid(&order),
            )
            .await
        {
            Ok(()) => {
                info!(order = %order.id, "order paid");
                let mut order = order;
                order.status = OrderStatus::Paid;
                order.paid_at = Some(now);
                order.payment.status = PaymentStatus::Approved;
                order.payment.method = Some(approval.method);
                order.payment.approved_at = Some(approval.approved_at);
                ApproveOutcome::Paid(Box::new(order))
            }
            Err(OrderError::AlreadySold) => {
                info!(order = %order.id, "lost the race for the listing; refunding");
                self.refund_captured(order, CancelReason::SoldOut).await
            }
            Err(OrderError::ListingUnavailable) => {
                self.refund_captured(order, CancelReason::ListingUnavailable)
                    .await
            }
            Err(OrderError::PaymentNotReady) => match self.repo.find(order.id).await {
                // A concurrent settlement (reconciliation) marked it paid first.
                Ok(Some(current))
                    if current.status != OrderStatus::AwaitingPayment
                        && current.status != OrderStatus::Cancelled =>
                {
                    ApproveOutcome::Paid(Box::new(current))
                }
                _ => {
                    let refunded = self.refund_payment(&order).await;
                    ApproveOutcome::Refunded {
                        reason: CancelReason::PaymentFailed,
                        refunded,
                    }
                }
            },
            Err(e) => {
                error!(order = %order.id, error = ?e, "could not mark an order paid; refunding");
                self.refund_captured(order, CancelReason::PaymentFailed)
                    .await
            }
        }
    }

    async fn refund_captured(&self, order: Order, reason: CancelReason) -> ApproveOutcome {
        let refunded = match self
            .cancel_and_refund(&order, &[OrderStatus::AwaitingPayment], reason)
            .await
        {
            CancelAttempt::Cancelled { refunded } => refunded,
            // The order left awaiting_payment meanwhile (cancelled by a redirect or a job);
            // the capture still has to go back.
            CancelAttempt::LostRace => self.refund_payment(&order).await,
        };
        ApproveOutcome::Refunded { reason, refunded }
    }

    /// The cancel redirect: the buyer left the payment page.
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::Unexpected`].
    pub async fn payment_cancelled(
        &self,
        order_no: &OrderNo,
        key: Option<&str>,
    ) -> Result<Order, OrderError> {
        self.abandon(order_no, key, CancelReason::PaymentCancelled)
            .await
    }

    /// The fail redirect: the payment failed or expired at the gateway.
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::Unexpected`].
    pub async fn payment_failed(
        &self,
        order_no: &OrderNo,
        key: Option<&str>,
    ) -> Result<Order, OrderError> {
        self.abandon(order_no, key, CancelReason::PaymentFailed)
            .await
    }

    /// A redirect is not proof of anything, so it only closes a payment that is still `ready`
    /// (the compare-and-set also keeps a later approve redirect from capturing it). An order
    /// already approving or paid is left alone and returned as it is.
    async fn abandon(
        &self,
        order_no: &OrderNo,
        key: Option<&str>,
        reason: CancelReason,
    ) -> Result<Order, OrderError> {
        let order = self.redirected(order_no, key).await?;
        self.close_unpaid(order, reason).await
    }

    /// The order a gateway redirect names, if the redirect carries its payment's key; a wrong
    /// key reads as an unknown order, so a guess learns nothing.
    async fn redirected(&self, order_no: &OrderNo, key: Option<&str>) -> Result<Order, OrderError> {
        self.repo
            .find_by_no(order_no)
            .await?
            .filter(|order| order.payment.accepts_redirect(key))
            .ok_or(OrderError::NotFound)
    }

    /// Closes an order whose payment is still `ready`; any other order comes back unchanged.
    async fn close_unpaid(&self, order: Order, reason: CancelReason) -> Result<Order, OrderError> {
        if order.status != OrderStatus::AwaitingPayment {
            return Ok(order);
        }
        let now = self.clock.now();
        let closed = self
            .repo
            .set_payment_status(
                order.payment.id,
                &[PaymentStatus::Ready],
                PaymentStatus::Failed,
                Some(reason.code().to_owned()),
                now,
            )
            .await?;
        if !closed {
            return Ok(order);
        }
        self.repo
            .cancel(
                order.id,
                &[OrderStatus::AwaitingPayment],
                reason,
                ProductStatus::RELEASED_BY_ORDER,
                now,
                &notices::cancelled(&order, reason),
            )
            .await?;
        let mut order = order;
        order.status = OrderStatus::Cancelled;
        order.cancel_reason = Some(reason);
        order.payment.status = PaymentStatus::Failed;
        Ok(order)
    }
}

/// An approval rebuilt from an order lookup (no `aid`; amounts from the lookup when given).
fn lookup_approval(
    order: &Order,
    found: &GatewayOrder,
    now: chrono::DateTime<chrono::Utc>,
) -> Approval {
    Approval {
        aid: None,
        method: found
            .method
            .clone()
            .unwrap_or_else(|| PaymentMethod::Other(String::new())),
        amount: found.amount.unwrap_or(AmountBreakdown {
            total: order.amount.0,
            ..AmountBreakdown::default()
        }),
        card: None,
        approved_at: found.approved_at.unwrap_or(now),
    }
}

/// The approval as already stored on the payment, to finish an interrupted settlement.
fn recorded_approval(order: &Order, now: chrono::DateTime<chrono::Utc>) -> Approval {
    Approval {
        aid: None,
        method: order
            .payment
            .method
            .clone()
            .unwrap_or_else(|| PaymentMethod::Other(String::new())),
        amount: AmountBreakdown {
            total: order.amount.0,
            ..AmountBreakdown::default()
        },
        card: None,
        approved_at: order.payment.approved_at.unwrap_or(now),
    }
}
