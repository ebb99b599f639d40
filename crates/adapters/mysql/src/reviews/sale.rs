//! An open-chat sale with its buyer named becomes a completed order without a payment: the
//! one id space reviews, notifications and trade counts already use (docs/trust.md).

use junggye_orders::{OpenChatSale, OrderId, OrderStatus, ReviewError};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Value};

use super::{stmt, unexpected};
use crate::to_db;

pub(super) async fn record(
    db: &DatabaseConnection,
    sale: &OpenChatSale,
) -> Result<Option<OrderId>, ReviewError> {
    let at = to_db(sale.at);
    let txn = crate::catalog::begin_write(db)
        .await
        .map_err(|e| unexpected(e, "starting an open-chat sale"))?;
    let from: Vec<Value> = sale
        .listing
        .from
        .iter()
        .map(|status| status.code().into())
        .collect();
    let mut values: Vec<Value> = vec![
        sale.buyer.0.into(),
        sale.listing.to.code().into(),
        at.into(),
        sale.product.0.into(),
        sale.seller.0.into(),
    ];
    let placeholders = vec!["?"; from.len()].join(", ");
    values.extend(from);
    // The compare-and-set: only the seller's sold listing without a buyer (an escrow order's
    // completion records its buyer too, so such a listing never qualifies).
    let res = txn
        .execute_raw(stmt(
            &txn,
            &format!(
                "UPDATE products SET buyer_id = ?, status = ?, updated_at = ? \
                 WHERE id = ? AND seller_id = ? AND buyer_id IS NULL \
                 AND deleted_at IS NULL AND status IN ({placeholders})"
            ),
            values,
        ))
        .await
        .map_err(|e| unexpected(e, "recording an open-chat buyer"))?;
    if res.rows_affected() == 0 {
        return Ok(None);
    }
    let listing = txn
        .query_one_raw(stmt(
            &txn,
            "SELECT name, price FROM products WHERE id = ?",
            vec![sale.product.0.into()],
        ))
        .await
        .map_err(|e| unexpected(e, "reading a sold listing"))?
        .ok_or_else(|| ReviewError::Unexpected(anyhow::anyhow!("sold listing vanished")))?;
    let name: String = listing
        .try_get("", "name")
        .map_err(|e| unexpected(e, "reading a sold listing"))?;
    let price: i64 = listing
        .try_get("", "price")
        .map_err(|e| unexpected(e, "reading a sold listing"))?;
    let inserted = txn
        .execute_raw(stmt(
            &txn,
            "INSERT INTO orders (order_no, product_id, buyer_id, seller_id, amount, item_name, \
             status, completed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                sale.order_no.as_str().into(),
                sale.product.0.into(),
                sale.buyer.0.into(),
                sale.seller.0.into(),
                price.into(),
                name.into(),
                OrderStatus::Completed.code().into(),
                at.into(),
                at.into(),
                at.into(),
            ],
        ))
        .await
        .map_err(|e| unexpected(e, "inserting an open-chat trade"))?;
    let order = i64::try_from(inserted.last_insert_id())
        .map_err(|e| unexpected(e, "reading an open-chat trade id"))?;
    txn.execute_raw(stmt(
        &txn,
        "UPDATE members SET completed_trades = completed_trades + 1, updated_at = ? \
         WHERE id IN (?, ?)",
        vec![at.into(), sale.buyer.0.into(), sale.seller.0.into()],
    ))
    .await
    .map_err(|e| unexpected(e, "counting an open-chat trade"))?;
    for member in [sale.buyer, sale.seller] {
        crate::trust::recompute(&txn, member.0)
            .await
            .map_err(|e| unexpected(e, "recomputing a score"))?;
    }
    txn.commit()
        .await
        .map_err(|e| unexpected(e, "committing an open-chat sale"))?;
    Ok(Some(OrderId(order)))
}
