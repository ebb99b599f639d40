//! [`ListingGateway`] on sea-orm: the orders domain's view of a listing, read straight from
//! `products` (one row, no photos or seller profile: ready only needs price, owner and status)
//! with the accepted offer that reserves it, if any. Whether the listing may be bought is the
//! products domain's `may_buy`, not decided here.

use anyhow::anyhow;
use async_trait::async_trait;
use junggye_orders::{ListingGateway, ListingSnapshot, MemberId, OrderError, ProductId, Won};
use junggye_products::ProductStatus;
use sea_orm::{DatabaseConnection, EntityTrait as _};

use crate::entities::products;

/// Listings as orders see them.
#[derive(Debug, Clone)]
pub struct SeaListingGateway {
    db: DatabaseConnection,
}

impl SeaListingGateway {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ListingGateway for SeaListingGateway {
    async fn snapshot(&self, product: ProductId) -> Result<Option<ListingSnapshot>, OrderError> {
        let row = products::Entity::find_by_id(product.0)
            .one(&self.db)
            .await
            .map_err(|e| {
                OrderError::Unexpected(anyhow::Error::new(e).context("loading a listing"))
            })?;
        let Some(r) = row else {
            return Ok(None);
        };
        let status = ProductStatus::from_code(&r.status).ok_or_else(|| {
            OrderError::Unexpected(anyhow!("listing {} has an unknown status", r.id))
        })?;
        let reservation = crate::offers::reservation(&self.db, r.id)
            .await
            .map_err(|e| {
                OrderError::Unexpected(anyhow::Error::new(e).context("loading a reservation"))
            })?;
        Ok(Some(ListingSnapshot {
            product_id: ProductId(r.id),
            seller_id: MemberId(r.seller_id),
            price: Won(r.price),
            status,
            name: r.name,
            reservation,
            under_review: r.under_review,
        }))
    }
}
