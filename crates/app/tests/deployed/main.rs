//! The app as deployed: behind the shipped nginx, and as several instances (real processes of
//! the built binary) on one MariaDB and one Redis.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod instances;
mod nginx;
