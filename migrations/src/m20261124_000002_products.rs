//! Listings, their photos, and the bigram index behind Korean substring search.

use sea_orm_migration::prelude::*;

use crate::m20261124_000001_members::Members;
use crate::schema::{
    bigint, bigint_null, code, drop, foreign_key, id, index, key_string, string, table, utc,
    utc_null,
};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Products {
    Table,
    Id,
    SellerId,
    Name,
    Price,
    Description,
    Location,
    OpenChatUrl,
    Category,
    Status,
    BuyerId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum ProductImages {
    Table,
    Id,
    ProductId,
    Position,
    StorageKey,
    ContentType,
    SizeBytes,
    CreatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum ProductNameBigrams {
    Table,
    Gram,
    ProductId,
}

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait impls must repeat the trait's elided `&SchemaManager` exactly"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(manager, Products::Table)
                    .col(id(Products::Id))
                    .col(bigint(Products::SellerId))
                    .col(string(Products::Name, 30))
                    .col(bigint(Products::Price))
                    .col(string(Products::Description, 400))
                    .col(string(Products::Location, 50))
                    .col(string(Products::OpenChatUrl, 255))
                    .col(code(Products::Category, 16, None))
                    .col(code(Products::Status, 16, Some("on_sale")))
                    .col(bigint_null(Products::BuyerId))
                    // Bumped on every status change: a writer that read version N updates
                    // `WHERE version = N`, so two concurrent transitions cannot both win.
                    .col(
                        ColumnDef::new(Products::Version)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(utc(manager, Products::CreatedAt))
                    .col(utc(manager, Products::UpdatedAt))
                    .col(utc_null(manager, Products::DeletedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_products_seller",
                        Products::Table,
                        Products::SellerId,
                        Members::Table,
                        Members::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_products_buyer",
                        Products::Table,
                        Products::BuyerId,
                        Members::Table,
                        Members::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // Keyset pages, newest first: `WHERE status IN (..) AND id < ? ORDER BY id DESC`.
        for (name, cols) in [
            (
                "idx_products_status_id",
                vec![Products::Status, Products::Id],
            ),
            (
                "idx_products_category_status_id",
                vec![Products::Category, Products::Status, Products::Id],
            ),
            (
                "idx_products_seller_status_id",
                vec![Products::SellerId, Products::Status, Products::Id],
            ),
            ("idx_products_buyer", vec![Products::BuyerId]),
        ] {
            manager
                .create_index(index(name, Products::Table, cols))
                .await?;
        }

        manager
            .create_table(
                table(manager, ProductImages::Table)
                    .col(id(ProductImages::Id))
                    .col(bigint(ProductImages::ProductId))
                    .col(
                        ColumnDef::new(ProductImages::Position)
                            .small_integer()
                            .not_null(),
                    )
                    .col(string(ProductImages::StorageKey, 255))
                    .col(string(ProductImages::ContentType, 32))
                    .col(
                        ColumnDef::new(ProductImages::SizeBytes)
                            .integer()
                            .not_null(),
                    )
                    .col(utc(manager, ProductImages::CreatedAt))
                    // Set when the listing is deleted: the cleanup job removes the object from
                    // the image store, then the row.
                    .col(utc_null(manager, ProductImages::DeletedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_product_images_product",
                        ProductImages::Table,
                        ProductImages::ProductId,
                        Products::Table,
                        Products::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_product_images_product_position",
                ProductImages::Table,
                [ProductImages::ProductId, ProductImages::Position],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_product_images_deleted_at",
                ProductImages::Table,
                [ProductImages::DeletedAt],
            ))
            .await?;

        // MariaDB has no ngram parser and SQLite's trigram tokenizer misses two-syllable words,
        // so search looks up every 2-character window of the keyword here (docs/conventions.md).
        manager
            .create_table(
                table(manager, ProductNameBigrams::Table)
                    .col(key_string(manager, ProductNameBigrams::Gram, 8).not_null())
                    .col(bigint(ProductNameBigrams::ProductId))
                    .primary_key(
                        Index::create()
                            .col(ProductNameBigrams::Gram)
                            .col(ProductNameBigrams::ProductId),
                    )
                    .foreign_key(&mut foreign_key(
                        "fk_product_name_bigrams_product",
                        ProductNameBigrams::Table,
                        ProductNameBigrams::ProductId,
                        Products::Table,
                        Products::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_product_name_bigrams_product",
                ProductNameBigrams::Table,
                [ProductNameBigrams::ProductId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(ProductNameBigrams::Table)).await?;
        manager.drop_table(drop(ProductImages::Table)).await?;
        manager.drop_table(drop(Products::Table)).await
    }
}
