//! [`StaleListingStore`] on sea-orm: the on-sale listings whose sellers the stale reminder
//! asks, and the reminder recorded with its notification.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_notifications::NewNotification;
use junggye_products::stale::{StaleListing, StaleListingStore};
use junggye_products::{MemberId, ProductError, ProductId, ProductStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, TransactionTrait as _,
};

use super::{SeaProductRepository, unexpected};
use crate::entities::products;
use crate::time::to_db;

/// Due: on sale, untouched since `cutoff`, not asked since `cutoff`. The same condition
/// guards the write, so a bump, edit or status change between the read and the write wins.
fn due_at(cutoff: DateTime<Utc>) -> Condition {
    let cutoff = to_db(cutoff);
    Condition::all()
        .add(products::Column::Status.eq(ProductStatus::OnSale.code()))
        .add(products::Column::TouchedAt.lt(cutoff))
        .add(
            Condition::any()
                .add(products::Column::StaleRemindedAt.is_null())
                .add(products::Column::StaleRemindedAt.lt(cutoff)),
        )
}

#[async_trait]
impl StaleListingStore for SeaProductRepository {
    async fn due(
        &self,
        cutoff: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<StaleListing>, ProductError> {
        let rows = products::Entity::find()
            .filter(due_at(cutoff))
            .order_by_asc(products::Column::TouchedAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "finding stale listings"))?;
        Ok(rows
            .into_iter()
            .map(|row| StaleListing {
                id: ProductId(row.id),
                seller: MemberId(row.seller_id),
                name: row.name,
            })
            .collect())
    }

    async fn remind(
        &self,
        id: ProductId,
        cutoff: DateTime<Utc>,
        at: DateTime<Utc>,
        notice: &NewNotification,
    ) -> Result<bool, ProductError> {
        let at = to_db(at);
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting a stale reminder"))?;
        // Not a card change: the catalog version stays.
        let res = products::Entity::update_many()
            .col_expr(products::Column::StaleRemindedAt, Expr::value(at))
            .filter(products::Column::Id.eq(id.0))
            .filter(due_at(cutoff))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "recording a stale reminder"))?;
        if res.rows_affected == 0 {
            return Ok(false);
        }
        crate::notifications::write_notifications(&txn, std::slice::from_ref(notice), at)
            .await
            .map_err(|e| ProductError::Unexpected(anyhow::Error::new(e)))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a stale reminder"))?;
        Ok(true)
    }
}
