//! Orders and their Kakao Pay (or dev gateway) payments.

use sea_orm_migration::prelude::*;

use crate::m20261124_000001_members::Members;
use crate::m20261124_000002_products::Products;
use crate::schema::{
    bigint, bigint_null, code, drop, foreign_key, id, index, key_string, string, string_null,
    table, unique, utc, utc_null,
};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    OrderNo,
    ProductId,
    BuyerId,
    SellerId,
    Amount,
    Status,
    OpenProductId,
    TrackingNumber,
    CancelReason,
    PaidAt,
    ShippedAt,
    BuyerConfirmedAt,
    SellerConfirmedAt,
    CompletedAt,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    OrderId,
    Backend,
    Tid,
    Aid,
    Cid,
    Amount,
    TaxFreeAmount,
    VatAmount,
    Status,
    PaymentMethodType,
    CardInfo,
    ApprovedAt,
    CancelledAt,
    FailureCode,
    CreatedAt,
    UpdatedAt,
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
                table(manager, Orders::Table)
                    .col(id(Orders::Id))
                    // Random and unguessable: it is Kakao Pay's partner_order_id and shows in URLs.
                    .col(key_string(manager, Orders::OrderNo, 32).not_null())
                    .col(bigint(Orders::ProductId))
                    .col(bigint(Orders::BuyerId))
                    .col(bigint(Orders::SellerId))
                    .col(bigint(Orders::Amount))
                    .col(code(Orders::Status, 24, Some("awaiting_payment")))
                    // = product_id while the order is paid/shipped/purchase_confirmed, NULL
                    // otherwise. Its unique index makes the database refuse a second open order
                    // for one listing, whatever races the application loses (NULLs never clash).
                    .col(bigint_null(Orders::OpenProductId))
                    .col(string_null(Orders::TrackingNumber, 32))
                    .col(string_null(Orders::CancelReason, 32))
                    .col(utc_null(manager, Orders::PaidAt))
                    .col(utc_null(manager, Orders::ShippedAt))
                    .col(utc_null(manager, Orders::BuyerConfirmedAt))
                    .col(utc_null(manager, Orders::SellerConfirmedAt))
                    .col(utc_null(manager, Orders::CompletedAt))
                    .col(utc_null(manager, Orders::CancelledAt))
                    .col(utc(manager, Orders::CreatedAt))
                    .col(utc(manager, Orders::UpdatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_orders_product",
                        Orders::Table,
                        Orders::ProductId,
                        Products::Table,
                        Products::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_orders_buyer",
                        Orders::Table,
                        Orders::BuyerId,
                        Members::Table,
                        Members::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_orders_seller",
                        Orders::Table,
                        Orders::SellerId,
                        Members::Table,
                        Members::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_orders_order_no",
                Orders::Table,
                [Orders::OrderNo],
            ))
            .await?;
        manager
            .create_index(unique(
                "uq_orders_open_product",
                Orders::Table,
                [Orders::OpenProductId],
            ))
            .await?;
        for (name, cols) in [
            ("idx_orders_buyer_id", vec![Orders::BuyerId, Orders::Id]),
            ("idx_orders_seller_id", vec![Orders::SellerId, Orders::Id]),
            ("idx_orders_product", vec![Orders::ProductId]),
            (
                "idx_orders_status_updated_at",
                vec![Orders::Status, Orders::UpdatedAt],
            ),
        ] {
            manager
                .create_index(index(name, Orders::Table, cols))
                .await?;
        }

        manager
            .create_table(
                table(manager, Payments::Table)
                    .col(id(Payments::Id))
                    .col(bigint(Payments::OrderId))
                    .col(string(Payments::Backend, 16))
                    .col(key_string(manager, Payments::Tid, 32).null())
                    .col(string_null(Payments::Aid, 32))
                    .col(string(Payments::Cid, 16))
                    .col(bigint(Payments::Amount))
                    .col(bigint(Payments::TaxFreeAmount))
                    .col(bigint_null(Payments::VatAmount))
                    .col(code(Payments::Status, 16, Some("ready")))
                    .col(string_null(Payments::PaymentMethodType, 16))
                    // The approve response's card_info as JSON text, kept for support.
                    .col(ColumnDef::new(Payments::CardInfo).text().null())
                    .col(utc_null(manager, Payments::ApprovedAt))
                    .col(utc_null(manager, Payments::CancelledAt))
                    .col(string_null(Payments::FailureCode, 32))
                    .col(utc(manager, Payments::CreatedAt))
                    .col(utc(manager, Payments::UpdatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_payments_order",
                        Payments::Table,
                        Payments::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique("uq_payments_tid", Payments::Table, [Payments::Tid]))
            .await?;
        manager
            .create_index(index(
                "idx_payments_order",
                Payments::Table,
                [Payments::OrderId],
            ))
            .await?;
        // Reconciliation scans payments stuck in a state since before some instant.
        manager
            .create_index(index(
                "idx_payments_status_updated_at",
                Payments::Table,
                [Payments::Status, Payments::UpdatedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(Payments::Table)).await?;
        manager.drop_table(drop(Orders::Table)).await
    }
}
