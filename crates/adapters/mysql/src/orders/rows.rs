//! Rows ↔ domain types for orders and payments.

use std::collections::HashMap;

use anyhow::anyhow;
use junggye_orders::{
    CancelReason, CardInfo, MemberId, OfferId, Order, OrderError, OrderId, OrderNo, OrderStatus,
    Payment, PaymentId, PaymentMethod, PaymentStatus, ProductId, Tid, Won,
};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _, QueryOrder as _,
};

use crate::entities::{orders, payments};
use crate::time::from_db;

/// A stored row that the domain cannot read is a bug or a bad manual edit: reported, not
/// patched.
pub(super) fn to_order(row: orders::Model, pay: payments::Model) -> Result<Order, OrderError> {
    let id = row.id;
    let bad =
        |field: &str| OrderError::Unexpected(anyhow!("stored order {id} has an invalid {field}"));
    let payment = Payment {
        id: PaymentId(pay.id),
        backend: pay.backend,
        tid: pay.tid.map(Tid),
        redirect_url: pay.redirect_url,
        redirect_key: pay.redirect_key,
        amount: Won(pay.amount),
        status: PaymentStatus::from_code(&pay.status).ok_or_else(|| bad("payment status"))?,
        method: pay
            .payment_method_type
            .as_deref()
            .map(PaymentMethod::from_code),
        approved_at: pay.approved_at.map(from_db),
        cancelled_at: pay.cancelled_at.map(from_db),
        failure_code: pay.failure_code,
        updated_at: from_db(pay.updated_at),
    };
    Ok(Order {
        id: OrderId(row.id),
        order_no: OrderNo::parse(&row.order_no).ok_or_else(|| bad("order_no"))?,
        product_id: ProductId(row.product_id),
        buyer_id: MemberId(row.buyer_id),
        seller_id: MemberId(row.seller_id),
        amount: Won(row.amount),
        item_name: row.item_name,
        status: OrderStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        tracking_number: row.tracking_number,
        cancel_reason: row
            .cancel_reason
            .as_deref()
            .and_then(CancelReason::from_code),
        paid_at: row.paid_at.map(from_db),
        shipped_at: row.shipped_at.map(from_db),
        buyer_confirmed_at: row.buyer_confirmed_at.map(from_db),
        seller_confirmed_at: row.seller_confirmed_at.map(from_db),
        cancelled_at: row.cancelled_at.map(from_db),
        created_at: from_db(row.created_at),
        payment,
        offer: row.offer_id.map(OfferId),
    })
}

/// Orders with their (latest) payment, in the order given.
pub(super) async fn load_many<C: ConnectionTrait>(
    db: &C,
    rows: Vec<orders::Model>,
) -> Result<Vec<Order>, OrderError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let pays = payments::Entity::find()
        .filter(payments::Column::OrderId.is_in(ids))
        .order_by_asc(payments::Column::Id)
        .all(db)
        .await
        .map_err(|e| OrderError::Unexpected(anyhow::Error::new(e).context("loading payments")))?;
    // One payment per order today; should retries ever add more, the latest one counts.
    let mut by_order: HashMap<i64, payments::Model> = HashMap::new();
    for p in pays {
        by_order.insert(p.order_id, p);
    }
    // An order without a payment is an open-chat trade the seller recorded (reviews/sale.rs):
    // not an escrow order, so the escrow views and jobs never see it.
    rows.into_iter()
        .filter_map(|row| by_order.remove(&row.id).map(|pay| to_order(row, pay)))
        .collect()
}

pub(super) async fn load_one<C: ConnectionTrait>(
    db: &C,
    row: Option<orders::Model>,
) -> Result<Option<Order>, OrderError> {
    match row {
        Some(row) => Ok(load_many(db, vec![row]).await?.pop()),
        None => Ok(None),
    }
}

/// `card_info` as JSON with the gateway's own field names, for support.
pub(super) fn card_json(card: &CardInfo) -> String {
    let fields = [
        ("kakaopay_purchase_corp", &card.purchase_corp),
        ("kakaopay_purchase_corp_code", &card.purchase_corp_code),
        ("kakaopay_issuer_corp", &card.issuer_corp),
        ("kakaopay_issuer_corp_code", &card.issuer_corp_code),
        ("bin", &card.bin),
        ("card_type", &card.card_type),
        ("install_month", &card.install_month),
        ("approved_id", &card.approved_id),
        ("card_mid", &card.card_mid),
        ("interest_free_install", &card.interest_free_install),
        ("installment_type", &card.installment_type),
        ("card_item_code", &card.card_item_code),
    ];
    let map: serde_json::Map<String, serde_json::Value> = fields
        .into_iter()
        .filter_map(|(k, v)| {
            v.clone()
                .map(|v| (k.to_owned(), serde_json::Value::String(v)))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}
