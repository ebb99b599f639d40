//! The embedded default: the snapshot in this process's memory.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::anyhow;
use async_trait::async_trait;
use junggye_deals::{DealCache, DealError, DealSnapshot, DealWindow};

/// Keeps the latest snapshot in memory; lost on restart, which only means one crawl at start.
///
/// The lock is real even with one process, so that the refresher behaves the same on both
/// caches (and a second refresher in the same process, e.g. in tests, is held off).
#[derive(Debug, Default)]
pub struct InProcessDealCache {
    snapshot: RwLock<Option<Arc<DealSnapshot>>>,
    lock: Mutex<Option<(String, Instant)>>,
}

impl InProcessDealCache {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

fn poisoned<T>(_: T) -> DealError {
    DealError::Cache(anyhow!("in-process deal cache lock poisoned"))
}

#[async_trait]
impl DealCache for InProcessDealCache {
    async fn store(&self, snapshot: &DealSnapshot) -> Result<(), DealError> {
        *self.snapshot.write().map_err(poisoned)? = Some(Arc::new(snapshot.clone()));
        Ok(())
    }

    async fn window(&self, offset: usize, limit: usize) -> Result<Option<DealWindow>, DealError> {
        // Clone the Arc and let go of the lock before copying deals: a store never waits on readers.
        let Some(snapshot) = self.snapshot.read().map_err(poisoned)?.clone() else {
            return Ok(None);
        };
        Ok(Some(window_of(&snapshot, offset, limit)))
    }

    async fn try_lock_refresh(&self, token: &str, ttl: Duration) -> Result<bool, DealError> {
        let mut lock = self.lock.lock().map_err(poisoned)?;
        let now = Instant::now();
        if lock.as_ref().is_some_and(|(_, expires)| *expires > now) {
            return Ok(false);
        }
        *lock = Some((token.to_owned(), now + ttl));
        Ok(true)
    }

    async fn unlock_refresh(&self, token: &str) -> Result<(), DealError> {
        let mut lock = self.lock.lock().map_err(poisoned)?;
        if lock.as_ref().is_some_and(|(holder, _)| holder == token) {
            *lock = None;
        }
        Ok(())
    }
}

/// The window contract shared by both caches: an offset past the end reads from 0.
pub(crate) fn window_of(snapshot: &DealSnapshot, offset: usize, limit: usize) -> DealWindow {
    let total = snapshot.deals.len();
    let offset = if offset >= total { 0 } else { offset };
    DealWindow {
        deals: snapshot
            .deals
            .iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect(),
        offset,
        total,
        fetched_at: snapshot.fetched_at,
    }
}
