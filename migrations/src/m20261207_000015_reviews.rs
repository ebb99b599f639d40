//! Reviews after a trade and the trust score (매너온도) they feed. Open-chat trades need no table
//! of their own: the app records one as a completed order without a payment, so a review always
//! names an order (docs/trust.md).

use sea_orm_migration::prelude::*;

use crate::schema::{bigint, code, drop, id, index, string_null, table, unique, utc};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    OrderId,
    ReviewerId,
    RevieweeId,
    Rating,
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    MannerTenths,
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
                table(manager, Reviews::Table)
                    .col(id(Reviews::Id))
                    .col(bigint(Reviews::OrderId))
                    .col(bigint(Reviews::ReviewerId))
                    .col(bigint(Reviews::RevieweeId))
                    .col(code(Reviews::Rating, 8, None))
                    .col(string_null(Reviews::Text, 200))
                    .col(utc(manager, Reviews::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // One review per party per order: the database settles a double tap.
        manager
            .create_index(unique(
                "uq_reviews_order_reviewer",
                Reviews::Table,
                [Reviews::OrderId, Reviews::ReviewerId],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reviews_reviewee",
                Reviews::Table,
                [Reviews::RevieweeId, Reviews::Id],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reviews_reviewer",
                Reviews::Table,
                [Reviews::ReviewerId],
            ))
            .await?;
        // Kept on the member row so a card reads it with the nickname (no aggregate per card).
        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .add_column(
                        ColumnDef::new(Members::MannerTenths)
                            .integer()
                            .not_null()
                            .default(365),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .drop_column(Members::MannerTenths)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(drop(Reviews::Table)).await
    }
}
