//! Listing care (issue 18): bumps (끌올), sorting by price and the stale-listing reminder.
//!
//! `listed_micros` is the newest-first sort key: registration time, moved to the bump time by
//! a bump. It is an integer (UTC microseconds) rather than a datetime so that a page cursor
//! holds exactly the stored value and compares the same on every backend and in the SQLite
//! read model. Pages are `(listed_micros, id)` or `(price, id)` keysets, one index range per
//! listed status (`crates/adapters/mysql/src/products/pages.rs`), hence the status-leading
//! indexes below. `touched_at` is the stale-reminder clock (registration, bump or edit);
//! `stale_reminded_at` records the reminder, written with the notification.

use sea_orm_migration::prelude::*;

use crate::schema::{drop_index, index, is_mysql, utc_null};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Products {
    Table,
    Id,
    Status,
    Category,
    Price,
    ListedMicros,
    BumpedAt,
    TouchedAt,
    StaleRemindedAt,
}

fn indexes() -> Vec<(&'static str, Vec<Products>)> {
    use Products::{Category, Id, ListedMicros, Price, Status, TouchedAt};
    vec![
        ("idx_products_status_listed", vec![Status, ListedMicros, Id]),
        (
            "idx_products_category_status_listed",
            vec![Category, Status, ListedMicros, Id],
        ),
        ("idx_products_status_price", vec![Status, Price, Id]),
        (
            "idx_products_category_status_price",
            vec![Category, Status, Price, Id],
        ),
        ("idx_products_status_touched", vec![Status, TouchedAt]),
    ]
}

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait impls must repeat the trait's elided `&SchemaManager` exactly"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        let columns = [
            ColumnDef::new(Products::ListedMicros)
                .big_integer()
                .not_null()
                .default(0)
                .take(),
            utc_null(manager, Products::BumpedAt),
            utc_null(manager, Products::TouchedAt),
            utc_null(manager, Products::StaleRemindedAt),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Products::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Existing listings keep their order: listed when created, untouched since.
        let listed = if is_mysql(manager) {
            "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at)"
        } else {
            // Millisecond precision is enough for rows that already exist: ties fall to the id.
            "CAST(strftime('%s', created_at) AS INTEGER) * 1000000 \
             + CAST(substr(strftime('%f', created_at), 4) AS INTEGER) * 1000"
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE products SET listed_micros = {listed}, touched_at = created_at"
            ))
            .await?;
        for (name, cols) in indexes() {
            manager
                .create_index(index(name, Products::Table, cols))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in indexes() {
            manager
                .drop_index(drop_index(name, Products::Table))
                .await?;
        }
        for column in [
            Products::StaleRemindedAt,
            Products::TouchedAt,
            Products::BumpedAt,
            Products::ListedMicros,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Products::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
