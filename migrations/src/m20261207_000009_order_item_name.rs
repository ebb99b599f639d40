//! The listing's name on each order, as it was when the buyer paid.
//!
//! 구매내역 and 판매내역 show a name per order card; reading it from the listing cost a query
//! per card, and a seller's later edit would rename what the buyer bought. Existing orders take
//! the listing's current name.

use sea_orm_migration::prelude::*;

use crate::schema::string;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait impls must repeat the trait's elided `&SchemaManager` exactly"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(string(Orders::ItemName, 100).default(""))
                    .to_owned(),
            )
            .await?;
        let backfill = Query::update()
            .table(Orders::Table)
            .value(
                Orders::ItemName,
                SimpleExpr::SubQuery(
                    None,
                    Box::new(
                        Query::select()
                            .column(Products::Name)
                            .from(Products::Table)
                            .and_where(
                                Expr::col((Products::Table, Products::Id))
                                    .equals((Orders::Table, Orders::ProductId)),
                            )
                            .to_owned()
                            .into_sub_query_statement(),
                    ),
                ),
            )
            .to_owned();
        manager.exec_stmt(backfill).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::ItemName)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ProductId,
    ItemName,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Name,
}
