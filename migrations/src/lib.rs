//! The one migration set of junggye, for MySQL 8 / MariaDB and SQLite alike.
//!
//! Migrations use the schema builder; the few places where backends must differ (charset,
//! datetime precision, binary collations, `mediumtext`) live in one helper module so later
//! migrations make the same choices. Add a migration as a new `mYYYYMMDD_NNNNNN_what.rs` module
//! appended to [`Migrator::migrations`]; never edit one that has shipped.
//!
//! Every time column holds UTC written by the application; money is `bigint` won; status and
//! code columns hold the lower-snake codes of docs/contract.md (`on_sale`, `paid`, ...).

mod m20261124_000001_members;
mod m20261124_000002_products;
mod m20261124_000003_orders;
mod m20261124_000004_notices;
mod m20261124_000005_skill_logs;
mod m20261124_000006_admin_accounts;
mod m20261124_000007_live_photo_index;
mod m20261124_000008_photo_key_index;
mod m20261207_000009_order_item_name;
mod m20261207_000010_catalog_version;
mod m20261207_000011_orders_status_id;
mod m20261207_000012_payment_redirect_url;
mod m20261207_000013_notifications;
mod m20261207_000014_offers;
mod m20261207_000015_reviews;
mod m20261207_000016_reports;
mod m20261207_000017_listing_care;
mod m20261207_000018_instances_and_audit;
mod schema;

pub use sea_orm_migration::MigratorTrait;
use sea_orm_migration::{MigrationTrait, async_trait};

/// Runs the migrations in order (`Migrator::up(&db, None)`), records them in `seaql_migrations`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_members::Migration),
            Box::new(m20261124_000002_products::Migration),
            Box::new(m20261124_000003_orders::Migration),
            Box::new(m20261124_000004_notices::Migration),
            Box::new(m20261124_000005_skill_logs::Migration),
            Box::new(m20261124_000006_admin_accounts::Migration),
            Box::new(m20261124_000007_live_photo_index::Migration),
            Box::new(m20261124_000008_photo_key_index::Migration),
            Box::new(m20261207_000009_order_item_name::Migration),
            Box::new(m20261207_000010_catalog_version::Migration),
            Box::new(m20261207_000011_orders_status_id::Migration),
            Box::new(m20261207_000012_payment_redirect_url::Migration),
            Box::new(m20261207_000013_notifications::Migration),
            Box::new(m20261207_000014_offers::Migration),
            Box::new(m20261207_000015_reviews::Migration),
            Box::new(m20261207_000016_reports::Migration),
            Box::new(m20261207_000017_listing_care::Migration),
            Box::new(m20261207_000018_instances_and_audit::Migration),
        ]
    }
}
