//! Reports of listings and members with their admin queue, and the flag that takes a listing
//! out of public view while enough reports wait for an admin (docs/safety.md).

use sea_orm_migration::prelude::*;

use crate::schema::{bigint, code, drop, id, index, table, unique, utc, utc_null};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetKind,
    TargetId,
    Reason,
    Status,
    Action,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    UnderReview,
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
                table(manager, Reports::Table)
                    .col(id(Reports::Id))
                    .col(bigint(Reports::ReporterId))
                    .col(code(Reports::TargetKind, 8, None))
                    .col(bigint(Reports::TargetId))
                    .col(code(Reports::Reason, 16, None))
                    .col(code(Reports::Status, 16, Some("open")))
                    .col(code(Reports::Action, 16, None).null())
                    .col(utc(manager, Reports::CreatedAt))
                    .col(utc_null(manager, Reports::ResolvedAt))
                    .to_owned(),
            )
            .await?;
        // One report per reporter per target: the database settles a double tap.
        manager
            .create_index(unique(
                "uq_reports_reporter_target",
                Reports::Table,
                [Reports::ReporterId, Reports::TargetKind, Reports::TargetId],
            ))
            .await?;
        // The admin queue by status, and the open reports of one target (threshold, resolve).
        manager
            .create_index(index(
                "idx_reports_status",
                Reports::Table,
                [Reports::Status, Reports::Id],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reports_target",
                Reports::Table,
                [Reports::TargetKind, Reports::TargetId, Reports::Status],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .add_column(
                        ColumnDef::new(Products::UnderReview)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .drop_column(Products::UnderReview)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(drop(Reports::Table)).await
    }
}
