//! Accounts for the admin API (created from the command line, passwords as argon2 hashes).

use sea_orm_migration::prelude::*;

use crate::schema::{drop, id, key_string, string, table, unique, utc, utc_null};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum AdminAccounts {
    Table,
    Id,
    Username,
    PasswordHash,
    Disabled,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
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
                table(manager, AdminAccounts::Table)
                    .col(id(AdminAccounts::Id))
                    // Compared exactly on both backends; fold case in the application if wanted.
                    .col(key_string(manager, AdminAccounts::Username, 32).not_null())
                    .col(string(AdminAccounts::PasswordHash, 255))
                    .col(
                        ColumnDef::new(AdminAccounts::Disabled)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(utc(manager, AdminAccounts::CreatedAt))
                    .col(utc(manager, AdminAccounts::UpdatedAt))
                    .col(utc_null(manager, AdminAccounts::LastLoginAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_admin_accounts_username",
                AdminAccounts::Table,
                [AdminAccounts::Username],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(AdminAccounts::Table)).await
    }
}
