//! Price offers: a buyer proposes a price, the seller accepts (the listing is reserved for
//! that buyer until the offer expires or is paid) or rejects; an order paid at an offer's
//! price names that offer.

use sea_orm_migration::prelude::*;

use crate::schema::{bigint, bigint_null, code, drop, id, index, table, unique, utc, utc_null};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    ProductId,
    BuyerId,
    SellerId,
    Price,
    State,
    OpenProductId,
    CreatedAt,
    AnsweredAt,
    ExpiresAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    OfferId,
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
                table(manager, Offers::Table)
                    .col(id(Offers::Id))
                    .col(bigint(Offers::ProductId))
                    .col(bigint(Offers::BuyerId))
                    .col(bigint(Offers::SellerId))
                    .col(bigint(Offers::Price))
                    .col(code(Offers::State, 16, Some("open")))
                    // The listing's id while the offer is open, else NULL: the unique index
                    // below lets a buyer hold one open offer per listing, even under races.
                    .col(bigint_null(Offers::OpenProductId))
                    .col(utc(manager, Offers::CreatedAt))
                    .col(utc_null(manager, Offers::AnsweredAt))
                    .col(utc_null(manager, Offers::ExpiresAt))
                    .col(utc(manager, Offers::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_offers_buyer_open",
                Offers::Table,
                [Offers::BuyerId, Offers::OpenProductId],
            ))
            .await?;
        for (name, cols) in [
            ("idx_offers_buyer_id", vec![Offers::BuyerId, Offers::Id]),
            ("idx_offers_seller_id", vec![Offers::SellerId, Offers::Id]),
            ("idx_offers_product", vec![Offers::ProductId, Offers::State]),
            // The expiry job: accepted offers by expiry time.
            ("idx_offers_expiry", vec![Offers::State, Offers::ExpiresAt]),
        ] {
            manager
                .create_index(index(name, Offers::Table, cols))
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(bigint_null(Orders::OfferId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::OfferId)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(drop(Offers::Table)).await
    }
}
