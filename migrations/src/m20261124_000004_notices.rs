//! Notices shown in the bot, edited through the admin API.

use sea_orm_migration::prelude::*;

use crate::schema::{code, drop, id, index, string, string_null, table, utc, utc_null};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    Kind,
    Title,
    Body,
    ImageUrl,
    Buttons,
    Status,
    Author,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
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
                table(manager, Notices::Table)
                    .col(id(Notices::Id))
                    .col(code(Notices::Kind, 16, None))
                    .col(string(Notices::Title, 50))
                    .col(ColumnDef::new(Notices::Body).text().not_null())
                    .col(string_null(Notices::ImageUrl, 512))
                    // Kakao buttons as JSON text.
                    .col(ColumnDef::new(Notices::Buttons).text().null())
                    .col(code(Notices::Status, 16, Some("published")))
                    .col(string_null(Notices::Author, 32))
                    .col(utc(manager, Notices::CreatedAt))
                    .col(utc(manager, Notices::UpdatedAt))
                    .col(utc_null(manager, Notices::DeletedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notices_status_id",
                Notices::Table,
                [Notices::Status, Notices::Id],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(Notices::Table)).await
    }
}
