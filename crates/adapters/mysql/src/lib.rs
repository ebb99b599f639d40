//! Storage for junggye on MySQL 8 / MariaDB (production) or SQLite (the embedded default),
//! through sea-orm.
//!
//! The app calls [`connect`], [`migrate`] and [`ping`], and wires the repositories into the
//! domain ports. Repositories translate rows into domain types and database errors into domain
//! errors (a unique key becomes `AlreadyMember`, ...): no sea-orm type crosses a port.
//!
//! Times are stored as naive UTC with microsecond precision on both backends: write
//! [`to_db`]`(t)`, read [`from_db`]`(column)`; what is read back then equals what was written on
//! SQLite and MySQL alike.

mod admins;
mod audit;
mod blocks;
mod catalog;
mod connection;
mod image_cleanup;
mod job_turns;
mod keyword_alerts;
mod like;
mod likes;
mod listing_cache;
mod listing_query;
mod listings;
mod members;
mod notices;
mod notifications;
mod offers;
mod orders;
mod pair_toggle;
mod products;
mod read_model;
mod reports;
mod reviews;
mod skill_log_query;
mod skill_logs;
mod sqlite_reads;
mod stats;
mod time;
mod trust;
mod withdrawals;

#[cfg(feature = "testing")]
pub mod entities;
#[cfg(not(feature = "testing"))]
mod entities;

#[cfg(feature = "testing")]
pub mod testing;

pub use admins::SeaAdminRepository;
pub use audit::SeaAuditLog;
pub use blocks::SeaBlockRepository;
pub use connection::{connect, migrate, ping};
pub use image_cleanup::SeaImageDeletionQueue;
pub use job_turns::SeaJobTurns;
pub use keyword_alerts::SeaKeywordRepository;
pub use likes::SeaLikeRepository;
/// The SQL of the read path, for the tests that check its query plans.
#[cfg(feature = "testing")]
pub mod plans {
    pub use crate::listing_query::cards_sql;
    pub use crate::products::{order_sql, page_query};
}
pub use listing_cache::{CachedListings, CachedNotices, VersionSource};
pub use listings::SeaListingGateway;
pub use members::SeaMemberRepository;
pub use notices::SeaNoticeRepository;
pub use notifications::SeaNotificationRepository;
pub use offers::SeaOfferRepository;
pub use orders::SeaOrderRepository;
pub use products::{SeaBulkListings, SeaProductRepository};
pub use read_model::{
    ReadModelBlockRepository, ReadModelMemberRepository, ReadModelProductRepository,
};
pub use reports::SeaReportRepository;
pub use reviews::SeaReviewRepository;
pub use skill_log_query::SeaSkillLogQuery;
pub use skill_logs::SeaSkillLogRepository;
pub use sqlite_reads::SqliteReads;
pub use stats::SeaStatsQuery;
pub use time::{from_db, to_db};
