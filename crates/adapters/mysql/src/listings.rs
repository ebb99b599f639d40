//! [`ListingGateway`] on sea-orm: the orders domain's view of a listing, read straight from
//! `products` (one row, no photos or seller profile: ready only needs price, owner and status).

use async_trait::async_trait;
use junggye_orders::{ListingGateway, ListingSnapshot, MemberId, OrderError, ProductId, Won};
use sea_orm::{DatabaseConnection, EntityTrait as _};

use crate::entities::products;

/// Listings as orders see them.
#[derive(Debug, Clone)]
pub struct SeaListingGateway {
    db: DatabaseConnection,
}

impl SeaListingGateway {
    /// A gateway on this pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Statuses under which a listing does not exist for a buyer (docs/contract.md: deleted and hidden
/// listings are invisible to others).
const MISSING: [&str; 2] = ["deleted", "hidden"];

#[async_trait]
impl ListingGateway for SeaListingGateway {
    async fn snapshot(&self, product: ProductId) -> Result<Option<ListingSnapshot>, OrderError> {
        let row = products::Entity::find_by_id(product.0)
            .one(&self.db)
            .await
            .map_err(|e| {
                OrderError::Unexpected(anyhow::Error::new(e).context("loading a listing"))
            })?;
        Ok(row
            .filter(|r| !MISSING.contains(&r.status.as_str()))
            .map(|r| ListingSnapshot {
                product_id: ProductId(r.id),
                seller_id: MemberId(r.seller_id),
                price: Won(r.price),
                status_code: r.status,
                name: r.name,
            }))
    }
}
