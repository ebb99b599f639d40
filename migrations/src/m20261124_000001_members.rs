//! Members, and the queue of image-store objects to delete.

use sea_orm_migration::prelude::*;

use crate::schema::{
    code, drop, id, index, key_string, string, string_null, table, unique, utc, utc_null,
};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Members {
    Table,
    Id,
    UserKey,
    PlusfriendUserKey,
    Nickname,
    Phone,
    ProfileImage,
    Grade,
    Status,
    CompletedTrades,
    JoinedAt,
    WithdrawnAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ImageDeletions {
    Table,
    Id,
    StorageKey,
    CreatedAt,
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
                table(manager, Members::Table)
                    .col(id(Members::Id))
                    .col(key_string(manager, Members::UserKey, 70).not_null())
                    .col(string_null(Members::PlusfriendUserKey, 70))
                    .col(string(Members::Nickname, 20))
                    .col(string(Members::Phone, 11))
                    .col(string_null(Members::ProfileImage, 255))
                    .col(code(Members::Grade, 16, Some("bronze")))
                    .col(code(Members::Status, 16, Some("active")))
                    .col(
                        ColumnDef::new(Members::CompletedTrades)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(utc(manager, Members::JoinedAt))
                    .col(utc_null(manager, Members::WithdrawnAt))
                    .col(utc(manager, Members::CreatedAt))
                    .col(utc(manager, Members::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_members_user_key",
                Members::Table,
                [Members::UserKey],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_members_status",
                Members::Table,
                [Members::Status],
            ))
            .await?;

        // Objects (profile pictures of withdrawn members, ...) a cleanup job must delete from the
        // image store: the row keeps the key alive after the owning row forgot it.
        manager
            .create_table(
                table(manager, ImageDeletions::Table)
                    .col(id(ImageDeletions::Id))
                    .col(string(ImageDeletions::StorageKey, 255))
                    .col(utc(manager, ImageDeletions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(ImageDeletions::Table)).await?;
        manager.drop_table(drop(Members::Table)).await
    }
}
