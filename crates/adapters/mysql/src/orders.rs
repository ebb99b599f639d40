//! [`OrderRepository`] on sea-orm: `orders` and `payments`, touching `products` (pending/sold/
//! back on sale) and `members` (completed trades) in the same transactions.

mod admin;
mod rows;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::NaiveDateTime;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_notifications::Outbox;
use junggye_orders::{
    Approval, CancelReason, MemberId, NewOrder, Order, OrderError, OrderId, OrderNo,
    OrderRepository, OrderStatus, Party, PaymentId, PaymentStatus, ProductId, Tid, TrackingNumber,
};
use junggye_products::StatusChange;
use sea_orm::UpdateMany;
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, Query};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection,
    DbErr, EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, SqlErr,
    TransactionTrait as _,
};

use crate::entities::{members, orders, payments, products};
use crate::time::to_db;
use rows::{card_json, load_many, load_one};

/// Orders and payments in the `orders` and `payments` tables.
#[derive(Debug, Clone)]
pub struct SeaOrderRepository {
    db: DatabaseConnection,
}

impl SeaOrderRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr, what: &'static str) -> OrderError {
    OrderError::Unexpected(anyhow::Error::new(err).context(what))
}

/// Stores the change's notifications in its transaction (see [`OrderRepository`]).
async fn write_outbox<C: ConnectionTrait>(
    db: &C,
    outbox: &Outbox,
    listing_moved: bool,
    at: NaiveDateTime,
) -> Result<(), OrderError> {
    crate::notifications::write_outbox(db, outbox, listing_moved, at)
        .await
        .map_err(|e| OrderError::Unexpected(anyhow!(e).context("storing an order's notifications")))
}

/// Commits a single-statement change with its notifications, or rolls back when it did not
/// apply.
async fn commit_with_outbox(
    txn: sea_orm::DatabaseTransaction,
    changed: bool,
    outbox: &Outbox,
    at: NaiveDateTime,
) -> Result<bool, OrderError> {
    if !changed {
        return Ok(false);
    }
    write_outbox(&txn, outbox, false, at).await?;
    txn.commit()
        .await
        .map_err(|e| unexpected(e, "committing an order change"))?;
    Ok(true)
}

fn codes(statuses: &[OrderStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.code()).collect()
}

fn payment_codes(statuses: &[PaymentStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.code()).collect()
}

fn listing_codes(change: StatusChange) -> Vec<&'static str> {
    change.from.iter().map(|s| s.code()).collect()
}

/// The listing's compare-and-set `change`, with the version bumped so the listing caches see it.
fn move_listing(
    product: i64,
    change: StatusChange,
    at: NaiveDateTime,
) -> UpdateMany<products::Entity> {
    products::Entity::update_many()
        .col_expr(products::Column::Status, Expr::value(change.to.code()))
        .col_expr(products::Column::UpdatedAt, Expr::value(at))
        .col_expr(
            products::Column::Version,
            Expr::col(products::Column::Version).add(1),
        )
        .filter(products::Column::Id.eq(product))
        .filter(products::Column::Status.is_in(listing_codes(change)))
}

/// Applies `change` unless some order still holds the listing open.
async fn release_listing<C: ConnectionTrait>(
    db: &C,
    product: i64,
    change: StatusChange,
    at: NaiveDateTime,
) -> Result<bool, DbErr> {
    move_listing(product, change, at)
        .filter(
            products::Column::Id.not_in_subquery(
                Query::select()
                    .column(orders::Column::OpenProductId)
                    .from(orders::Entity)
                    .and_where(orders::Column::OpenProductId.eq(product))
                    .to_owned(),
            ),
        )
        .exec(db)
        .await
        .map(|res| res.rows_affected > 0)
}

#[async_trait]
impl OrderRepository for SeaOrderRepository {
    async fn create(&self, new: &NewOrder) -> Result<Order, OrderError> {
        let at = to_db(new.created_at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting an order"))?;
        let order = orders::ActiveModel {
            order_no: Set(new.order_no.as_str().to_owned()),
            product_id: Set(new.product_id.0),
            buyer_id: Set(new.buyer_id.0),
            seller_id: Set(new.seller_id.0),
            amount: Set(new.amount.0),
            item_name: Set(new.item_name.clone()),
            status: Set(OrderStatus::AwaitingPayment.code().to_owned()),
            open_product_id: Set(None),
            tracking_number: Set(None),
            cancel_reason: Set(None),
            paid_at: Set(None),
            shipped_at: Set(None),
            buyer_confirmed_at: Set(None),
            seller_confirmed_at: Set(None),
            completed_at: Set(None),
            cancelled_at: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            offer_id: Set(new.offer.map(|o| o.0)),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| unexpected(e, "inserting an order"))?;
        let payment = payments::ActiveModel {
            order_id: Set(order.id),
            backend: Set(new.backend.clone()),
            tid: Set(None),
            redirect_url: Set(None),
            redirect_key: Set(new.redirect_key.clone()),
            aid: Set(None),
            cid: Set(new.cid.clone()),
            amount: Set(new.amount.0),
            tax_free_amount: Set(0),
            vat_amount: Set(None),
            status: Set(PaymentStatus::Ready.code().to_owned()),
            payment_method_type: Set(None),
            card_info: Set(None),
            approved_at: Set(None),
            cancelled_at: Set(None),
            failure_code: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| unexpected(e, "inserting a payment"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing an order"))?;
        rows::to_order(order, payment)
    }

    async fn attach_tid(
        &self,
        payment: PaymentId,
        tid: &Tid,
        redirect_url: &str,
    ) -> Result<(), OrderError> {
        payments::Entity::update_many()
            .col_expr(payments::Column::Tid, Expr::value(tid.0.clone()))
            .col_expr(
                payments::Column::RedirectUrl,
                Expr::value(redirect_url.to_owned()),
            )
            .filter(payments::Column::Id.eq(payment.0))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "storing a tid"))?;
        Ok(())
    }

    async fn find(&self, id: OrderId) -> Result<Option<Order>, OrderError> {
        let row = orders::Entity::find_by_id(id.0)
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading an order"))?;
        load_one(&self.db, row).await
    }

    async fn find_by_no(&self, no: &OrderNo) -> Result<Option<Order>, OrderError> {
        let row = orders::Entity::find()
            .filter(orders::Column::OrderNo.eq(no.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading an order by number"))?;
        load_one(&self.db, row).await
    }

    async fn set_payment_status(
        &self,
        payment: PaymentId,
        from: &[PaymentStatus],
        to: PaymentStatus,
        failure_code: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let mut update = payments::Entity::update_many()
            .col_expr(payments::Column::Status, Expr::value(to.code()))
            .col_expr(payments::Column::UpdatedAt, Expr::value(at));
        if let Some(code) = failure_code {
            update = update.col_expr(payments::Column::FailureCode, Expr::value(code));
        }
        if to == PaymentStatus::Cancelled {
            update = update.col_expr(payments::Column::CancelledAt, Expr::value(at));
        }
        let res = update
            .filter(payments::Column::Id.eq(payment.0))
            .filter(payments::Column::Status.is_in(payment_codes(from)))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "changing a payment's status"))?;
        Ok(res.rows_affected > 0)
    }

    async fn record_approval(
        &self,
        payment: PaymentId,
        approval: &Approval,
        at: DateTime<Utc>,
    ) -> Result<bool, OrderError> {
        let res = payments::Entity::update_many()
            .col_expr(
                payments::Column::Status,
                Expr::value(PaymentStatus::Approved.code()),
            )
            .col_expr(payments::Column::Aid, Expr::value(approval.aid.clone()))
            .col_expr(
                payments::Column::PaymentMethodType,
                Expr::value(approval.method.code().to_owned()),
            )
            .col_expr(
                payments::Column::TaxFreeAmount,
                Expr::value(approval.amount.tax_free),
            )
            .col_expr(
                payments::Column::VatAmount,
                Expr::value(approval.amount.vat),
            )
            .col_expr(
                payments::Column::CardInfo,
                Expr::value(approval.card.as_ref().map(card_json)),
            )
            .col_expr(
                payments::Column::ApprovedAt,
                Expr::value(to_db(approval.approved_at)),
            )
            .col_expr(payments::Column::UpdatedAt, Expr::value(to_db(at)))
            .filter(payments::Column::Id.eq(payment.0))
            .filter(payments::Column::Status.is_in(payment_codes(&[
                PaymentStatus::Ready,
                PaymentStatus::Approving,
            ])))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "recording an approval"))?;
        Ok(res.rows_affected > 0)
    }

    async fn mark_paid(
        &self,
        order: OrderId,
        product: ProductId,
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<(), OrderError> {
        let at = to_db(at);
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting to mark an order paid"))?;
        // The order first: setting open_product_id is what the unique index judges, so of
        // concurrent payers for one listing exactly one gets past this statement.
        let res = orders::Entity::update_many()
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Paid.code()),
            )
            .col_expr(orders::Column::OpenProductId, Expr::value(product.0))
            .col_expr(orders::Column::PaidAt, Expr::value(at))
            .col_expr(orders::Column::UpdatedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::ProductId.eq(product.0))
            .filter(orders::Column::Status.eq(OrderStatus::AwaitingPayment.code()))
            .exec(&txn)
            .await
            .map_err(|e| match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => OrderError::AlreadySold,
                _ => unexpected(e, "marking an order paid"),
            })?;
        if res.rows_affected == 0 {
            return Err(OrderError::PaymentNotReady);
        }
        let res = move_listing(product.0, listing, at)
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "holding a paid listing"))?;
        if res.rows_affected == 0 {
            // Dropping the transaction rolls the order back to awaiting payment.
            return Err(OrderError::ListingUnavailable);
        }
        if !crate::offers::settle_paid_offer(&txn, order, at)
            .await
            .map_err(|e| unexpected(e, "closing a paid offer"))?
        {
            // The offer this order pays expired or was withdrawn before the money arrived.
            return Err(OrderError::ListingUnavailable);
        }
        write_outbox(&txn, outbox, true, at).await?;
        txn.commit().await.map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => OrderError::AlreadySold,
            _ => unexpected(e, "committing a paid order"),
        })
    }

    async fn set_tracking(
        &self,
        order: OrderId,
        tracking: &TrackingNumber,
        from: &'static [OrderStatus],
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting to set a tracking number"))?;
        let res = orders::Entity::update_many()
            .col_expr(
                orders::Column::TrackingNumber,
                Expr::value(tracking.as_str().to_owned()),
            )
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Shipped.code()),
            )
            // The first number ships the order; a corrected one keeps the original date, which
            // the auto-confirm timer counts from.
            .col_expr(
                orders::Column::ShippedAt,
                Func::coalesce([Expr::col(orders::Column::ShippedAt), Expr::value(at)]).into(),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::Status.is_in(codes(from)))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "setting a tracking number"))?;
        commit_with_outbox(txn, res.rows_affected > 0, outbox, at).await
    }

    async fn confirm_purchase(
        &self,
        order: OrderId,
        from: &'static [OrderStatus],
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting a purchase confirmation"))?;
        let res = orders::Entity::update_many()
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::PurchaseConfirmed.code()),
            )
            .col_expr(orders::Column::BuyerConfirmedAt, Expr::value(at))
            .col_expr(orders::Column::UpdatedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::Status.is_in(codes(from)))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "confirming a purchase"))?;
        commit_with_outbox(txn, res.rows_affected > 0, outbox, at).await
    }

    async fn complete(
        &self,
        order: OrderId,
        from: &'static [OrderStatus],
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a completion"))?;
        let res = orders::Entity::update_many()
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Completed.code()),
            )
            .col_expr(orders::Column::OpenProductId, Expr::value(None::<i64>))
            .col_expr(orders::Column::SellerConfirmedAt, Expr::value(at))
            .col_expr(orders::Column::CompletedAt, Expr::value(at))
            .col_expr(orders::Column::UpdatedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::Status.is_in(codes(from)))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "completing an order"))?;
        if res.rows_affected == 0 {
            return Ok(false);
        }
        let row = orders::Entity::find_by_id(order.0)
            .one(&txn)
            .await
            .map_err(|e| unexpected(e, "reading a completed order"))?
            .ok_or_else(|| OrderError::Unexpected(anyhow!("completed order {order} vanished")))?;
        let sold = move_listing(row.product_id, listing, at)
            .col_expr(products::Column::BuyerId, Expr::value(row.buyer_id))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "marking a listing sold"))?
            .rows_affected
            > 0;
        members::Entity::update_many()
            .col_expr(
                members::Column::CompletedTrades,
                Expr::col(members::Column::CompletedTrades).add(1),
            )
            .col_expr(members::Column::UpdatedAt, Expr::value(at))
            .filter(members::Column::Id.is_in([row.buyer_id, row.seller_id]))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "counting a completed trade"))?;
        for member in [row.buyer_id, row.seller_id] {
            crate::trust::recompute(&txn, member)
                .await
                .map_err(|e| unexpected(e, "recomputing a score"))?;
        }
        write_outbox(&txn, outbox, sold, at).await?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a completion"))?;
        Ok(true)
    }

    async fn cancel(
        &self,
        order: OrderId,
        from: &[OrderStatus],
        reason: CancelReason,
        listing: StatusChange,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a cancellation"))?;
        // Write first (see members.rs: SQLite waits for a writer only before the first read).
        let res = orders::Entity::update_many()
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Cancelled.code()),
            )
            .col_expr(orders::Column::CancelReason, Expr::value(reason.code()))
            .col_expr(orders::Column::OpenProductId, Expr::value(None::<i64>))
            .col_expr(orders::Column::CancelledAt, Expr::value(at))
            .col_expr(orders::Column::UpdatedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::Status.is_in(codes(from)))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "cancelling an order"))?;
        if res.rows_affected == 0 {
            return Ok(false);
        }
        let row = orders::Entity::find_by_id(order.0)
            .one(&txn)
            .await
            .map_err(|e| unexpected(e, "reading a cancelled order"))?
            .ok_or_else(|| OrderError::Unexpected(anyhow!("cancelled order {order} vanished")))?;
        let released = release_listing(&txn, row.product_id, listing, at)
            .await
            .map_err(|e| unexpected(e, "putting a listing back on sale"))?;
        for (from, to) in PaymentStatus::ON_ORDER_CANCELLED {
            payments::Entity::update_many()
                .col_expr(payments::Column::Status, Expr::value(to.code()))
                .col_expr(payments::Column::UpdatedAt, Expr::value(at))
                .filter(payments::Column::OrderId.eq(order.0))
                .filter(payments::Column::Status.is_in(payment_codes(from)))
                .exec(&txn)
                .await
                .map_err(|e| unexpected(e, "updating a cancelled order's payment"))?;
        }
        let at_fault = match reason.counts_against() {
            Some(Party::Buyer) => Some(row.buyer_id),
            Some(Party::Seller) => Some(row.seller_id),
            None => None,
        };
        if let Some(member) = at_fault {
            crate::trust::recompute(&txn, member)
                .await
                .map_err(|e| unexpected(e, "recomputing a score"))?;
        }
        write_outbox(&txn, outbox, released, at).await?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a cancellation"))?;
        Ok(true)
    }

    async fn list_purchases(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::BuyerId.eq(member.0))
            .order_by_desc(orders::Column::Id)
            .offset(page.offset())
            .limit(u64::from(page.size()) + 1)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "listing purchases"))?;
        let orders = load_many(&self.db, rows).await?;
        Ok(Paged::from_overfetch(orders, page.size()))
    }

    async fn list_sales(&self, member: MemberId, page: Page) -> Result<Paged<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::SellerId.eq(member.0))
            .filter(orders::Column::PaidAt.is_not_null())
            .order_by_desc(orders::Column::Id)
            .offset(page.offset())
            .limit(u64::from(page.size()) + 1)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "listing sales"))?;
        let orders = load_many(&self.db, rows).await?;
        Ok(Paged::from_overfetch(orders, page.size()))
    }

    async fn list_all(
        &self,
        status: Option<OrderStatus>,
        page: Page,
    ) -> Result<Paged<Order>, OrderError> {
        self.admin_page(status, page).await
    }

    async fn unreminded_shipped_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::Status.eq(OrderStatus::Shipped.code()))
            .filter(orders::Column::ShippedAt.lt(to_db(before)))
            .filter(orders::Column::ConfirmRemindedAt.is_null())
            .order_by_asc(orders::Column::ShippedAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding orders to remind"))?;
        load_many(&self.db, rows).await
    }

    async fn mark_reminded(
        &self,
        order: OrderId,
        at: DateTime<Utc>,
        outbox: &Outbox,
    ) -> Result<bool, OrderError> {
        let at = to_db(at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting a reminder"))?;
        let res = orders::Entity::update_many()
            .col_expr(orders::Column::ConfirmRemindedAt, Expr::value(at))
            .filter(orders::Column::Id.eq(order.0))
            .filter(orders::Column::Status.eq(OrderStatus::Shipped.code()))
            .filter(orders::Column::ConfirmRemindedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "recording a reminder"))?;
        commit_with_outbox(txn, res.rows_affected > 0, outbox, at).await
    }

    async fn shipped_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::Status.eq(OrderStatus::Shipped.code()))
            .filter(orders::Column::ShippedAt.lt(to_db(before)))
            .order_by_asc(orders::Column::ShippedAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding orders to auto-confirm"))?;
        load_many(&self.db, rows).await
    }

    async fn paid_before(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::Status.eq(OrderStatus::Paid.code()))
            .filter(orders::Column::PaidAt.lt(to_db(before)))
            .order_by_asc(orders::Column::PaidAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding orders to auto-cancel"))?;
        load_many(&self.db, rows).await
    }

    async fn awaiting_payment(
        &self,
        buyer: MemberId,
        product: ProductId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let rows = orders::Entity::find()
            .filter(orders::Column::BuyerId.eq(buyer.0))
            .filter(orders::Column::ProductId.eq(product.0))
            .filter(orders::Column::Status.eq(OrderStatus::AwaitingPayment.code()))
            .order_by_desc(orders::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding earlier unpaid orders"))?;
        load_many(&self.db, rows).await
    }

    async fn stale_payments(
        &self,
        before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let ids: Vec<i64> = payments::Entity::find()
            .select_only()
            .column(payments::Column::OrderId)
            .filter(payments::Column::Status.is_in(payment_codes(&[
                PaymentStatus::Ready,
                PaymentStatus::Approving,
                PaymentStatus::CancelRequested,
            ])))
            .filter(payments::Column::UpdatedAt.lt(to_db(before)))
            .order_by_asc(payments::Column::UpdatedAt)
            .limit(u64::from(limit))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding stale payments"))?;
        let rows = orders::Entity::find()
            .filter(orders::Column::Id.is_in(ids))
            .order_by_asc(orders::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading orders of stale payments"))?;
        load_many(&self.db, rows).await
    }
}
