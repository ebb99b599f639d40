//! What the deals domain needs from the outside: a board to read, and a cache to keep it in.

use std::time::Duration;

use async_trait::async_trait;

use crate::error::DealError;
use crate::model::{Deal, DealDetail, DealSnapshot, DealWindow, ListedDeal};

/// The deal board.
///
/// Implementations own politeness: spacing between requests, timeouts, retries and at most one
/// request in flight. Callers just ask, one thing at a time.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DealSource: Send + Sync {
    /// Every row of list page `page` (1-based), in board order, ended and blinded rows included.
    ///
    /// # Errors
    /// MUST return [`DealError::Source`] when the page cannot be fetched after retries.
    async fn list_page(&self, page: u32) -> Result<Vec<ListedDeal>, DealError>;

    /// The purchase link and shop from a deal's own page.
    ///
    /// # Errors
    /// MUST return [`DealError::Source`] when the page cannot be fetched after retries.
    async fn detail(&self, post_url: &str) -> Result<DealDetail, DealError>;
}

/// Where the latest snapshot lives between refreshes (Redis, or process memory).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DealCache: Send + Sync {
    /// Replaces the stored snapshot.
    ///
    /// # Errors
    /// MUST return [`DealError::Cache`] when the store fails.
    async fn store(&self, snapshot: &DealSnapshot) -> Result<(), DealError>;

    /// Up to `limit` deals starting at `offset`, with the snapshot's size and time; `None` when
    /// no snapshot is stored. An `offset` past the end reads from 0 (the snapshot shrank since
    /// the cursor was handed out). `limit` 0 reads only the size and time.
    ///
    /// # Errors
    /// MUST return [`DealError::Cache`] when the store cannot be read.
    async fn window(&self, offset: usize, limit: usize) -> Result<Option<DealWindow>, DealError>;

    /// Takes the refresh lock for `ttl` unless someone else holds it, so that of several app
    /// instances sharing the cache only one crawls at a time. Returns whether it was taken.
    ///
    /// # Errors
    /// MUST return [`DealError::Cache`] when the store cannot be reached.
    async fn try_lock_refresh(&self, token: &str, ttl: Duration) -> Result<bool, DealError>;

    /// Releases the refresh lock if `token` still holds it (it may have expired and been taken).
    ///
    /// # Errors
    /// MUST return [`DealError::Cache`] when the store cannot be reached.
    async fn unlock_refresh(&self, token: &str) -> Result<(), DealError>;
}

/// Told of deals a refresh found that the previous snapshot did not have (keyword alerts).
///
/// A plain function: the refresher has stored the snapshot and moves on, so an implementation
/// must return at once and do its work elsewhere; its failures are its own to log.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait DealObserver: Send + Sync {
    fn appeared(&self, deals: &[Deal]);
}
