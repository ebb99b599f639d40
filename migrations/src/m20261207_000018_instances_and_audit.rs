//! Several instances as one, and accountable admins: `job_turns` holds each periodic job's next
//! due time, so one instance runs it per period; `admin_audit` records who did which admin
//! write when; `admin_accounts.role` separates admins from read-only viewers;
//! `payments.redirect_key` is the secret the gateway's redirects back must carry.

use sea_orm_migration::prelude::*;

use crate::schema::{code, drop, id, index, key_string, string, string_null, table, utc};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum JobTurns {
    Table,
    Job,
    DueAt,
    Instance,
}

#[derive(DeriveIden)]
enum AdminAudit {
    Table,
    Id,
    Username,
    Action,
    Target,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AdminAccounts {
    Table,
    Role,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    RedirectKey,
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
                table(manager, JobTurns::Table)
                    .col(
                        key_string(manager, JobTurns::Job, 64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(utc(manager, JobTurns::DueAt))
                    .col(string(JobTurns::Instance, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(manager, AdminAudit::Table)
                    .col(id(AdminAudit::Id))
                    .col(string(AdminAudit::Username, 32))
                    .col(string(AdminAudit::Action, 96))
                    .col(string_null(AdminAudit::Target, 128))
                    .col(string_null(AdminAudit::Detail, 255))
                    .col(utc(manager, AdminAudit::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_admin_audit_username",
                AdminAudit::Table,
                [AdminAudit::Username, AdminAudit::Id],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(string_null(Payments::RedirectKey, 64))
                    .to_owned(),
            )
            .await?;
        // Accounts made before roles existed were all full admins.
        manager
            .alter_table(
                Table::alter()
                    .table(AdminAccounts::Table)
                    .add_column(code(AdminAccounts::Role, 16, Some("admin")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .drop_column(Payments::RedirectKey)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AdminAccounts::Table)
                    .drop_column(AdminAccounts::Role)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(drop(AdminAudit::Table)).await?;
        manager.drop_table(drop(JobTurns::Table)).await
    }
}
