//! One counter that every write to what a listing card shows bumps, inside the write's own
//! transaction, before anything else: listing caches key their entries by it, so a cached page
//! is never served after a write that changed it has committed, on any instance. Bumping first
//! also fixes one lock order (this row, then the rows written), so writers cannot deadlock on it.

use sea_orm_migration::prelude::*;

use crate::schema::{bigint, drop, table};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum CatalogVersion {
    Table,
    Id,
    Version,
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
                table(manager, CatalogVersion::Table)
                    .col(
                        ColumnDef::new(CatalogVersion::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(bigint(CatalogVersion::Version))
                    .to_owned(),
            )
            .await?;
        let first = Query::insert()
            .into_table(CatalogVersion::Table)
            .columns([CatalogVersion::Id, CatalogVersion::Version])
            .values([1.into(), 0.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(first).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(CatalogVersion::Table)).await
    }
}
