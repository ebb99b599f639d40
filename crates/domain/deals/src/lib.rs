//! Hot deals: a third-party deal board, crawled politely in the background into a cache, and
//! read from that cache only when a user asks.
//!
//! This crate knows no HTML, HTTP or Redis: the crawler adapter implements [`DealSource`], the
//! cache adapters implement [`DealCache`], and the skill adapter turns [`DealPage`]s into Kakao
//! carousels.

mod error;
mod model;
mod ports;
mod price;
mod service;

pub use error::DealError;
pub use model::{Deal, DealCursor, DealDetail, DealSnapshot, DealWindow, ListedDeal};
pub use ports::{DealCache, DealObserver, DealSource};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockDealCache, MockDealObserver, MockDealSource};
pub use price::{Currency, Price};
pub use service::{
    DEALS_PER_PAGE, DealFeed, DealPage, DealRefresher, RefreshConfig, RefreshOutcome,
    RefreshReport, SkipReason,
};
