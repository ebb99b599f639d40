//! Photo rows by storage key.
//!
//! The image cleanup keeps an object a live listing still shows (the demo seed gives many
//! listings one category photo), so each pass looks its pending keys up among the live rows.
//! Without this index that lookup reads every photo row in the table.

use sea_orm_migration::prelude::*;

use crate::schema::{drop_index, index};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

const NAME: &str = "idx_product_images_storage_key";

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
                [ProductImages::StorageKey],
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
    StorageKey,
}
