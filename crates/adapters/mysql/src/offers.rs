//! [`OfferRepository`] on sea-orm (plain SQL): `offers`, moving `products` (reserved, back on
//! sale) in the same transaction, and the offer a payment closes inside `mark_paid`.

mod rows;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_notifications::NewNotification;
use junggye_orders::{
    ListingEffect, MemberId, NewOffer, Offer, OfferError, OfferId, OfferMove, OfferRepository,
    OfferRole, OfferState, OrderId, ProductId, Reservation, Won,
};
use junggye_products::StatusChange;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlErr, TransactionTrait as _, Value};

use crate::time::{from_db, to_db};
use rows::{SELECT, execute, placeholders, query, to_offer, unexpected};

/// Offers in the `offers` table.
#[derive(Debug, Clone)]
pub struct SeaOfferRepository {
    db: DatabaseConnection,
}

impl SeaOfferRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn codes(states: &[OfferState]) -> Vec<Value> {
    states.iter().map(|s| s.code().into()).collect()
}

/// The listing's compare-and-set `change` (its version bumped for the caches), unless another
/// accepted offer still reserves it: expiring an old acceptance must not end a newer one.
async fn move_listing<C: ConnectionTrait>(
    db: &C,
    product: i64,
    offer: i64,
    change: StatusChange,
    at: NaiveDateTime,
) -> Result<u64, DbErr> {
    let from: Vec<Value> = change.from.iter().map(|s| s.code().into()).collect();
    let sql = format!(
        "UPDATE products SET status = ?, updated_at = ?, version = version + 1 \
         WHERE id = ? AND status IN ({}) AND NOT EXISTS \
         (SELECT 1 FROM offers WHERE product_id = ? AND state = ? AND id <> ?)",
        placeholders(from.len())
    );
    let mut values: Vec<Value> = vec![change.to.code().into(), at.into(), product.into()];
    values.extend(from);
    values.extend([
        product.into(),
        OfferState::Accepted.code().into(),
        offer.into(),
    ]);
    execute(db, &sql, values).await
}

async fn write_outbox<C: ConnectionTrait>(
    db: &C,
    outbox: &[NewNotification],
    at: NaiveDateTime,
) -> Result<(), OfferError> {
    crate::notifications::write_notifications(db, outbox, at)
        .await
        .map_err(|e| OfferError::Unexpected(anyhow!(e).context("storing an offer's notifications")))
}

/// Inside `mark_paid`: closes the accepted offer the order pays ([`OfferState::PAID_BY_ORDER`]),
/// only while its reservation lasts and for the order's own buyer, listing and amount. True
/// when the order pays no offer, or the offer was closed now.
pub(crate) async fn settle_paid_offer<C: ConnectionTrait>(
    db: &C,
    order: OrderId,
    at: NaiveDateTime,
) -> Result<bool, DbErr> {
    let rows = query(
        db,
        "SELECT offer_id FROM orders WHERE id = ?",
        vec![order.0.into()],
    )
    .await?;
    let offer: Option<i64> = match rows.first() {
        Some(row) => row.try_get("", "offer_id")?,
        None => None,
    };
    let Some(offer) = offer else {
        return Ok(true);
    };
    let change = OfferState::PAID_BY_ORDER;
    let sql = format!(
        "UPDATE offers SET state = ?, updated_at = ? WHERE id = ? AND state IN ({}) \
         AND expires_at > ? AND EXISTS (SELECT 1 FROM orders r WHERE r.id = ? \
         AND r.buyer_id = offers.buyer_id AND r.product_id = offers.product_id \
         AND r.amount = offers.price)",
        placeholders(change.from.len())
    );
    let mut values: Vec<Value> = vec![change.to.code().into(), at.into(), offer.into()];
    values.extend(codes(change.from));
    values.extend([at.into(), order.0.into()]);
    Ok(execute(db, &sql, values).await? == 1)
}

#[async_trait]
impl OfferRepository for SeaOfferRepository {
    async fn create(
        &self,
        offer: &NewOffer,
        outbox: &[NewNotification],
    ) -> Result<Offer, OfferError> {
        let at = to_db(offer.created_at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting an offer"))?;
        let result = txn
            .execute_raw(rows::stmt(
                &txn,
                "INSERT INTO offers (product_id, buyer_id, seller_id, price, state, \
                 open_product_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                vec![
                    offer.product_id.0.into(),
                    offer.buyer_id.0.into(),
                    offer.seller_id.0.into(),
                    offer.price.0.into(),
                    OfferState::Open.code().into(),
                    offer.product_id.0.into(),
                    at.into(),
                    at.into(),
                ],
            ))
            .await
            .map_err(|e| match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => OfferError::AlreadyOffered,
                _ => unexpected(e, "inserting an offer"),
            })?;
        let id = i64::try_from(result.last_insert_id())
            .map_err(|e| OfferError::Unexpected(anyhow::Error::new(e).context("an offer id")))?;
        write_outbox(&txn, outbox, at).await?;
        txn.commit().await.map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => OfferError::AlreadyOffered,
            _ => unexpected(e, "committing an offer"),
        })?;
        self.find(OfferId(id))
            .await?
            .ok_or_else(|| OfferError::Unexpected(anyhow!("offer {id} vanished after insert")))
    }

    async fn find(&self, id: OfferId) -> Result<Option<Offer>, OfferError> {
        let rows = query(
            &self.db,
            &format!("{SELECT} WHERE o.id = ?"),
            vec![id.0.into()],
        )
        .await
        .map_err(|e| unexpected(e, "loading an offer"))?;
        rows.first().map(to_offer).transpose()
    }

    async fn list(
        &self,
        member: MemberId,
        role: OfferRole,
        page: Page,
    ) -> Result<Paged<Offer>, OfferError> {
        let column = match role {
            OfferRole::Received => "o.seller_id",
            OfferRole::Sent => "o.buyer_id",
        };
        let rows = query(
            &self.db,
            &format!("{SELECT} WHERE {column} = ? ORDER BY o.id DESC LIMIT ? OFFSET ?"),
            vec![
                member.0.into(),
                i64::from(page.size() + 1).into(),
                i64::try_from(page.offset()).unwrap_or(i64::MAX).into(),
            ],
        )
        .await
        .map_err(|e| unexpected(e, "listing offers"))?;
        let offers = rows.iter().map(to_offer).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::from_overfetch(offers, page.size()))
    }

    async fn of_listing(&self, product: ProductId, limit: u32) -> Result<Vec<Offer>, OfferError> {
        let rows = query(
            &self.db,
            &format!("{SELECT} WHERE o.product_id = ? ORDER BY o.id DESC LIMIT ?"),
            vec![product.0.into(), i64::from(limit).into()],
        )
        .await
        .map_err(|e| unexpected(e, "listing a listing's offers"))?;
        rows.iter().map(to_offer).collect()
    }

    async fn apply(
        &self,
        offer: OfferId,
        change: OfferMove,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
        outbox: &[NewNotification],
    ) -> Result<bool, OfferError> {
        let at = to_db(at);
        // A listing move changes what its card shows: bump the catalog first (which also
        // orders this writer behind a concurrent payment or answer on MariaDB).
        let txn = match change.listing {
            ListingEffect::None => self.db.begin().await,
            _ => crate::catalog::begin_write(&self.db).await,
        }
        .map_err(|e| unexpected(e, "starting an offer change"))?;
        let sql = format!(
            "UPDATE offers SET state = ?, answered_at = COALESCE(answered_at, ?), \
             expires_at = COALESCE(?, expires_at), open_product_id = NULL, updated_at = ? \
             WHERE id = ? AND state IN ({})",
            placeholders(change.from.len())
        );
        let mut values: Vec<Value> = vec![
            change.to.code().into(),
            at.into(),
            expires_at.map(to_db).into(),
            at.into(),
            offer.0.into(),
        ];
        values.extend(codes(change.from));
        let moved = execute(&txn, &sql, values)
            .await
            .map_err(|e| unexpected(e, "moving an offer"))?;
        if moved == 0 {
            return Ok(false);
        }
        let product = query(
            &txn,
            "SELECT product_id FROM offers WHERE id = ?",
            vec![offer.0.into()],
        )
        .await
        .map_err(|e| unexpected(e, "reading an offer's listing"))?
        .first()
        .map(|r| r.try_get::<i64>("", "product_id"))
        .transpose()
        .map_err(|e| unexpected(e, "reading an offer's listing"))?
        .ok_or_else(|| OfferError::Unexpected(anyhow!("offer {offer} vanished")))?;
        match change.listing {
            ListingEffect::None => {}
            ListingEffect::Requires(listing) => {
                let n = move_listing(&txn, product, offer.0, listing, at)
                    .await
                    .map_err(|e| unexpected(e, "reserving a listing"))?;
                if n == 0 {
                    // Dropping the transaction puts the offer back.
                    return Err(OfferError::NotOnSale);
                }
            }
            ListingEffect::Releases(listing) => {
                move_listing(&txn, product, offer.0, listing, at)
                    .await
                    .map_err(|e| unexpected(e, "releasing a listing"))?;
            }
        }
        write_outbox(&txn, outbox, at).await?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing an offer change"))?;
        Ok(true)
    }

    async fn due_to_expire(
        &self,
        now: DateTime<Utc>,
        product: Option<ProductId>,
        limit: u32,
    ) -> Result<Vec<OfferId>, OfferError> {
        let from = OfferState::EXPIRE.from;
        let mut sql = format!(
            "SELECT id FROM offers WHERE state IN ({}) AND expires_at <= ?",
            placeholders(from.len())
        );
        let mut values = codes(from);
        values.push(to_db(now).into());
        if let Some(product) = product {
            sql.push_str(" AND product_id = ?");
            values.push(product.0.into());
        }
        sql.push_str(" ORDER BY expires_at LIMIT ?");
        values.push(i64::from(limit).into());
        query(&self.db, &sql, values)
            .await
            .and_then(|rows| {
                rows.iter()
                    .map(|r| r.try_get::<i64>("", "id").map(OfferId))
                    .collect()
            })
            .map_err(|e| unexpected(e, "listing due offers"))
    }
}

/// The newest accepted offer of a listing, as stored (the domain judges its expiry): what
/// the listing gateway hands the orders domain.
pub(crate) async fn reservation<C: ConnectionTrait>(
    db: &C,
    product: i64,
) -> Result<Option<Reservation>, DbErr> {
    let rows = query(
        db,
        "SELECT id, buyer_id, price, expires_at FROM offers \
         WHERE product_id = ? AND state = ? ORDER BY id DESC LIMIT 1",
        vec![product.into(), OfferState::Accepted.code().into()],
    )
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let expires_at: Option<NaiveDateTime> = row.try_get("", "expires_at")?;
    let Some(expires_at) = expires_at else {
        return Ok(None);
    };
    Ok(Some(Reservation {
        offer: OfferId(row.try_get("", "id")?),
        buyer: MemberId(row.try_get("", "buyer_id")?),
        price: Won(row.try_get("", "price")?),
        expires_at: from_db(expires_at),
    }))
}
