//! Hand-written sea-orm entities, one module per table of `junggye-migrations`.
//!
//! Field types follow the migrations: ids and money are `i64`, codes are the lower-snake strings
//! of docs/contract.md. Times are `NaiveDateTime` holding UTC: convert with
//! [`crate::to_db`] / [`crate::from_db`]. Not `DateTime<Utc>`: sqlx binds that as a MySQL
//! `TIMESTAMP` parameter, which MariaDB turns into NULL past 2038-01-19 even for a `datetime`
//! column; a naive value is bound as `DATETIME` and has no such limit. Repositories translate these rows into domain types;
//! nothing outside this crate should see them (tests get them through the `testing` feature).

pub mod admin_accounts;
pub mod image_deletions;
pub mod members;
pub mod notices;
pub mod orders;
pub mod payments;
pub mod product_images;
pub mod product_name_bigrams;
pub mod products;
pub mod skill_logs;
