//! Hot-deal crawler: reqwest + scraper with the seed's CSS selectors.
//!
//! [`Crawler`] implements the deals domain's [`junggye_deals::DealSource`] for the quasarzone
//! deal board (`deals.source_url`), or anything serving the same markup (the tests' fixtures).

mod client;
mod parse;

pub use client::{Crawler, CrawlerConfig, DEFAULT_REQUEST_GAP};
pub use parse::BoardParser;
