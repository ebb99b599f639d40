//! The escrow flow over the bot: lists, details, tracking number, confirmations, cancel.

use junggye_domain_common::{Page, Paged};

use super::OrderService;
use super::refund::CancelAttempt;
use crate::error::OrderError;
use crate::notices;
use junggye_members::ActiveMember;
use junggye_products::ProductStatus;

use crate::model::{CancelReason, MemberId, Order, OrderId, OrderStatus};
use crate::state::{Action, Party, authorize, party_of};
use crate::tracking::TrackingNumber;

/// What a buyer's cancel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelOutcome {
    /// Whether the gateway confirmed the refund already (otherwise it is queued and the
    /// reconciliation job finishes it).
    pub refunded: bool,
}

impl OrderService {
    /// One order, for its buyer, or for its seller once it has been paid: an attempt the
    /// buyer never paid is not a sale (its number would let the seller cancel the payment
    /// page the buyer may still be on).
    ///
    /// # Errors
    /// [`OrderError::NotFound`] when missing, when `member` is not a party, or for the seller
    /// of an order never paid.
    pub async fn order_for(&self, member: MemberId, id: OrderId) -> Result<Order, OrderError> {
        let order = self.repo.find(id).await?.ok_or(OrderError::NotFound)?;
        match party_of(&order, member) {
            Some(Party::Buyer) => Ok(order),
            Some(Party::Seller) if order.was_paid() => Ok(order),
            _ => Err(OrderError::NotFound),
        }
    }

    /// The member's purchases, newest first.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    pub async fn purchases(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Order>, OrderError> {
        self.repo.list_purchases(member, page).await
    }

    /// The member's sales, newest first.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    pub async fn sales(&self, member: MemberId, page: Page) -> Result<Paged<Order>, OrderError> {
        self.repo.list_sales(member, page).await
    }

    /// The seller enters or changes the tracking number.
    ///
    /// # Errors
    /// [`OrderError::Invalid`] for a malformed number, [`OrderError::NotFound`],
    /// [`OrderError::InvalidTransition`] (not the seller, or not paid/shipped).
    pub async fn enter_tracking(
        &self,
        member: &ActiveMember,
        id: OrderId,
        raw: &str,
    ) -> Result<Order, OrderError> {
        let order = self.order_for(member.id(), id).await?;
        authorize(&order, member.id(), Action::EnterTracking)?;
        let tracking = TrackingNumber::parse(raw)?;
        let at = self.clock.now();
        let outbox = notices::shipped(&order, tracking.as_str());
        self.transition(order, Action::EnterTracking, |repo| async move {
            repo.set_tracking(
                id,
                &tracking,
                Action::EnterTracking.allowed_from(),
                at,
                &outbox,
            )
            .await
        })
        .await
    }

    /// The buyer confirms receipt (only once shipped).
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::InvalidTransition`].
    pub async fn confirm_purchase(
        &self,
        member: &ActiveMember,
        id: OrderId,
    ) -> Result<Order, OrderError> {
        let order = self.order_for(member.id(), id).await?;
        authorize(&order, member.id(), Action::ConfirmPurchase)?;
        let at = self.clock.now();
        let outbox = notices::purchase_confirmed(&order);
        self.transition(order, Action::ConfirmPurchase, |repo| async move {
            repo.confirm_purchase(id, Action::ConfirmPurchase.allowed_from(), at, &outbox)
                .await
        })
        .await
    }

    /// The seller confirms the sale (only after the purchase confirmation): the order is
    /// completed, the listing sold, both members' trade counts go up.
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::InvalidTransition`].
    pub async fn confirm_sale(
        &self,
        member: &ActiveMember,
        id: OrderId,
    ) -> Result<Order, OrderError> {
        let order = self.order_for(member.id(), id).await?;
        authorize(&order, member.id(), Action::ConfirmSale)?;
        self.complete(order).await
    }

    /// The buyer cancels before shipping: the order is cancelled, the listing back on sale,
    /// the payment refunded.
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::InvalidTransition`] (not the buyer, or shipped
    /// already), [`OrderError::Unexpected`].
    pub async fn cancel_by_buyer(
        &self,
        member: &ActiveMember,
        id: OrderId,
    ) -> Result<CancelOutcome, OrderError> {
        let order = self.order_for(member.id(), id).await?;
        authorize(&order, member.id(), Action::Cancel)?;
        let cancelled = self
            .repo
            .cancel(
                id,
                Action::Cancel.allowed_from(),
                CancelReason::BuyerCancelled,
                ProductStatus::RELEASED_BY_ORDER,
                self.clock.now(),
                &notices::cancelled(&order, CancelReason::BuyerCancelled),
            )
            .await?;
        if !cancelled {
            return Err(self.lost_race(id, Action::Cancel).await);
        }
        Ok(CancelOutcome {
            refunded: self.refund_payment(&order).await,
        })
    }

    /// Every order (in `status` when given), newest first, for the admin API.
    ///
    /// # Errors
    /// [`OrderError::Unexpected`] on storage failure.
    pub async fn admin_list(
        &self,
        status: Option<OrderStatus>,
        page: Page,
    ) -> Result<Paged<Order>, OrderError> {
        self.repo.list_all(status, page).await
    }

    /// Any order with its payment, for the admin API.
    ///
    /// # Errors
    /// [`OrderError::NotFound`].
    pub async fn admin_get(&self, id: OrderId) -> Result<Order, OrderError> {
        self.repo.find(id).await?.ok_or(OrderError::NotFound)
    }

    /// An admin cancels an open order (paid, shipped or purchase-confirmed): the listing goes
    /// back on sale and the payment is refunded through the gateway (or stays owed for the
    /// reconciliation job when the gateway does not confirm).
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::InvalidTransition`] when the order is not open.
    pub async fn admin_cancel(&self, id: OrderId) -> Result<CancelOutcome, OrderError> {
        let order = self.admin_get(id).await?;
        if !order.status.is_open() {
            return Err(OrderError::InvalidTransition {
                status: order.status,
                action: Action::Cancel,
            });
        }
        match self
            .cancel_and_refund(&order, OrderStatus::OPEN, CancelReason::Admin)
            .await
        {
            CancelAttempt::Cancelled { refunded } => Ok(CancelOutcome { refunded }),
            CancelAttempt::LostRace => Err(self.lost_race(id, Action::Cancel).await),
        }
    }

    /// An admin completes an order on the seller's behalf. Completion keeps the escrow rule:
    /// the buyer's purchase confirmation must be there (status purchase-confirmed); the admin
    /// stands in for the seller's, and the listing is sold, both trade counts go up.
    ///
    /// # Errors
    /// [`OrderError::NotFound`], [`OrderError::InvalidTransition`] in any other status.
    pub async fn admin_complete(&self, id: OrderId) -> Result<Order, OrderError> {
        let order = self.admin_get(id).await?;
        if !Action::ConfirmSale.allowed_from().contains(&order.status)
            || order.buyer_confirmed_at.is_none()
        {
            return Err(OrderError::InvalidTransition {
                status: order.status,
                action: Action::ConfirmSale,
            });
        }
        self.complete(order).await
    }

    async fn complete(&self, order: Order) -> Result<Order, OrderError> {
        let (id, at) = (order.id, self.clock.now());
        let outbox = notices::completed(&order);
        self.transition(order, Action::ConfirmSale, |repo| async move {
            repo.complete(
                id,
                Action::ConfirmSale.allowed_from(),
                ProductStatus::SOLD_BY_ORDER,
                at,
                &outbox,
            )
            .await
        })
        .await
    }

    /// Runs a compare-and-set transition; when it lost to a concurrent change, reports the
    /// transition as invalid from the status the order has now.
    async fn transition<F, Fut>(
        &self,
        order: Order,
        action: Action,
        apply: F,
    ) -> Result<Order, OrderError>
    where
        F: FnOnce(std::sync::Arc<dyn crate::ports::OrderRepository>) -> Fut,
        Fut: std::future::Future<Output = Result<bool, OrderError>>,
    {
        if !apply(self.repo.clone()).await? {
            return Err(self.lost_race(order.id, action).await);
        }
        self.repo.find(order.id).await?.ok_or(OrderError::NotFound)
    }

    async fn lost_race(&self, id: OrderId, action: Action) -> OrderError {
        match self.repo.find(id).await {
            Ok(Some(current)) => OrderError::InvalidTransition {
                status: current.status,
                action,
            },
            Ok(None) => OrderError::NotFound,
            Err(e) => e,
        }
    }
}

#[cfg(test)]
mod tests;
