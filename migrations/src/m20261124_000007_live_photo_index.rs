//! Live photos of given listings by (product_id, deleted_at).
//!
//! Every listing page loads its photos with `product_id IN (…) AND deleted_at IS NULL`. SQLite's
//! planner, without statistics, reads `deleted_at IS NULL` as an equality as selective as the
//! product id and picked `idx_product_images_deleted_at`: every live photo in the table, then a
//! sort. With 100,000 listings that made the latest-listings skill 30 ms of SQLite per call
//! (docs/benchmarks.md). An index matching both conditions wins the planner's choice for that
//! query and for the single-listing updates that mark a listing's photos deleted.

use sea_orm_migration::prelude::*;

use crate::schema::{drop_index, index};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

const NAME: &str = "idx_product_images_product_live";

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait impls must repeat the trait's elided `&SchemaManager` exactly"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                NAME,
                ProductImages::Table,
                [ProductImages::ProductId, ProductImages::DeletedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(drop_index(NAME, ProductImages::Table))
            .await
    }
}

#[derive(DeriveIden)]
enum ProductImages {
    Table,
    ProductId,
    DeletedAt,
}
