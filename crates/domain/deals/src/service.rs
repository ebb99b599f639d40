//! Deal use cases: the refresher that crawls into the cache, and the feed that reads it.
//!
//! The two never meet on the request path: a skill reply reads only the cache ([`DealFeed`]),
//! so the board's speed (the seed took up to 5 s, Kakao's whole budget) never reaches a user.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use junggye_domain_common::Clock;

use crate::error::DealError;
use crate::model::{Deal, DealCursor, DealDetail, DealSnapshot};
use crate::ports::{DealCache, DealObserver, DealSource};

/// Deals per feed reply: the seed showed 5, and 5 commerceCards keep a carousel light.
pub const DEALS_PER_PAGE: usize = 5;

/// How the refresher crawls and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshConfig {
    /// List pages crawled per refresh, from page 1.
    pub pages: u32,
    /// Time between successful refreshes.
    pub interval: Duration,
    /// A snapshot younger than this is not crawled again (another app instance sharing the
    /// cache just did it). Should be a bit below `interval` so that one instance alone still
    /// refreshes on every tick.
    pub fresh_for: Duration,
    /// Lifetime of the cross-instance refresh lock; longer than a crawl normally takes, so that
    /// a crashed instance blocks the others for at most this long.
    pub lock_ttl: Duration,
    /// First delay after a failed refresh; doubles on each further failure.
    pub retry_base: Duration,
    pub retry_max: Duration,
}

impl RefreshConfig {
    /// Defaults derived from the refresh interval: 3 pages, fresh for 80 % of the interval,
    /// lock for 4 minutes (or 80 % of a shorter interval), retries from 5 s up to the interval.
    #[must_use]
    pub fn every(interval: Duration) -> Self {
        let fresh_for = interval.mul_f64(0.8);
        Self {
            pages: 3,
            interval,
            fresh_for,
            lock_ttl: fresh_for
                .min(Duration::from_secs(240))
                .max(Duration::from_secs(30)),
            retry_base: Duration::from_secs(5).min(interval),
            retry_max: interval,
        }
    }

    /// The delay after `failures` consecutive failed refreshes (0 = after a success).
    #[must_use]
    pub fn delay_after(&self, failures: u32) -> Duration {
        if failures == 0 {
            return self.interval;
        }
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
        self.retry_base
            .saturating_mul(factor)
            .min(self.retry_max.max(self.retry_base))
    }
}

/// What one refresh attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// A new snapshot was stored.
    Refreshed(RefreshReport),
    /// Nothing was crawled.
    Skipped(SkipReason),
}

/// Counts from a refresh that stored a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefreshReport {
    /// Deals in the new snapshot.
    pub deals: usize,
    /// Rows left out because they were ended or blinded.
    pub dropped_rows: usize,
    pub details_fetched: usize,
    /// Deals whose purchase link and shop were taken from the previous snapshot instead.
    pub details_reused: usize,
    /// Detail pages that failed; those deals are shown without a purchase link.
    pub detail_failures: usize,
}

/// Why a refresh did not crawl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A refresh is already running in this process.
    AlreadyRunning,
    /// The cached snapshot is recent (another instance refreshed it).
    Fresh { age: Duration },
    /// Another instance holds the refresh lock.
    LockedElsewhere,
}

/// Crawls the first pages of the board into the cache, on demand or on a schedule.
pub struct DealRefresher {
    source: Arc<dyn DealSource>,
    cache: Arc<dyn DealCache>,
    clock: Arc<dyn Clock>,
    config: RefreshConfig,
    /// Names this process in the cross-instance lock, so it releases only its own lock.
    token: String,
    running: AtomicBool,
    observer: Option<Arc<dyn DealObserver>>,
}

/// Clears the running flag however the refresh ends (error, panic, or the future dropped).
struct Running<'a>(&'a AtomicBool);

impl<'a> Running<'a> {
    fn start(flag: &'a AtomicBool) -> Option<Self> {
        flag.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| Self(flag))
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl DealRefresher {
    pub fn new(
        source: Arc<dyn DealSource>,
        cache: Arc<dyn DealCache>,
        clock: Arc<dyn Clock>,
        config: RefreshConfig,
    ) -> Self {
        Self {
            source,
            cache,
            clock,
            config,
            token: uuid::Uuid::new_v4().to_string(),
            running: AtomicBool::new(false),
            observer: None,
        }
    }

    /// Tells `observer` of the deals each stored snapshot adds to the previous one.
    #[must_use]
    pub fn with_observer(mut self, observer: Arc<dyn DealObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    #[must_use]
    pub fn config(&self) -> &RefreshConfig {
        &self.config
    }

    /// Crawls once unless the cache is fresh, a refresh is running here, or another instance
    /// holds the lock. Ended and blinded rows are dropped, duplicates (a post sliding from page 1
    /// to page 2 mid-crawl) kept once, and detail pages fetched one at a time, except for deals
    /// the previous snapshot already had a purchase link for.
    ///
    /// # Errors
    /// [`DealError::Source`] when a list page cannot be read (the old snapshot stays: a complete
    /// older list beats a partial newer one), [`DealError::NothingFound`] when the pages held no
    /// live deal, [`DealError::Cache`] when the cache fails. A failing detail page is not an
    /// error: that deal is stored without its purchase link.
    pub async fn refresh_once(&self) -> Result<RefreshOutcome, DealError> {
        let Some(_running) = Running::start(&self.running) else {
            return Ok(RefreshOutcome::Skipped(SkipReason::AlreadyRunning));
        };
        let previous = self.cache.window(0, usize::MAX).await?;
        if let Some(window) = &previous {
            let age = age(self.clock.now(), window.fetched_at);
            if age < self.config.fresh_for {
                return Ok(RefreshOutcome::Skipped(SkipReason::Fresh { age }));
            }
        }
        if !self
            .cache
            .try_lock_refresh(&self.token, self.config.lock_ttl)
            .await?
        {
            return Ok(RefreshOutcome::Skipped(SkipReason::LockedElsewhere));
        }
        // Without a previous snapshot (the first crawl, or an emptied cache) every deal would be
        // "new": that snapshot is the baseline, and nobody is alerted of it.
        let seen_before: Option<HashSet<String>> = previous
            .as_ref()
            .map(|window| window.deals.iter().map(|d| d.post_url.clone()).collect());
        let known: HashMap<String, DealDetail> = previous
            .map(|window| {
                window
                    .deals
                    .into_iter()
                    .filter(|deal| deal.purchase_url.is_some())
                    .map(|deal| {
                        let detail = DealDetail {
                            purchase_url: deal.purchase_url,
                            shop: deal.shop,
                        };
                        (deal.post_url, detail)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let result = self.crawl_and_store(&known).await;
        if let Err(error) = self.cache.unlock_refresh(&self.token).await {
            // The lock expires by itself; a failed release only delays other instances.
            tracing::warn!(error = %error, "could not release the deal refresh lock");
        }
        let (report, snapshot) = result?;
        if let (Some(observer), Some(seen_before)) = (&self.observer, seen_before) {
            let new: Vec<Deal> = snapshot
                .deals
                .into_iter()
                .filter(|deal| !seen_before.contains(&deal.post_url))
                .collect();
            if !new.is_empty() {
                observer.appeared(&new);
            }
        }
        Ok(RefreshOutcome::Refreshed(report))
    }

    async fn crawl_and_store(
        &self,
        known: &HashMap<String, DealDetail>,
    ) -> Result<(RefreshReport, DealSnapshot), DealError> {
        let mut report = RefreshReport::default();
        let mut seen = HashSet::new();
        let mut deals = Vec::new();
        for page in 1..=self.config.pages {
            for row in self.source.list_page(page).await? {
                if !row.is_live() {
                    report.dropped_rows += 1;
                    continue;
                }
                if !seen.insert(row.post_url.clone()) {
                    continue;
                }
                let detail = if let Some(detail) = known.get(&row.post_url) {
                    report.details_reused += 1;
                    detail.clone()
                } else {
                    match self.source.detail(&row.post_url).await {
                        Ok(detail) => {
                            report.details_fetched += 1;
                            detail
                        }
                        Err(error) => {
                            tracing::warn!(post = %row.post_url, error = %error, "deal detail failed");
                            report.detail_failures += 1;
                            DealDetail::default()
                        }
                    }
                };
                deals.push(Deal::from_listing(row, detail));
            }
        }
        if deals.is_empty() {
            return Err(DealError::NothingFound {
                pages: self.config.pages,
            });
        }
        report.deals = deals.len();
        let snapshot = DealSnapshot {
            deals,
            fetched_at: self.clock.now(),
        };
        self.cache.store(&snapshot).await?;
        Ok((report, snapshot))
    }

    /// Refreshes now and then every `interval`, retrying failures with doubling delays, until
    /// `shutdown` completes. Meanwhile the cache keeps serving the last good snapshot, whose
    /// age the feed reports.
    ///
    /// A crawl in progress at shutdown is abandoned, and the lock released so that another
    /// instance need not wait for it to expire.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()> + Send) {
        tokio::pin!(shutdown);
        let mut failures: u32 = 0;
        loop {
            let outcome = tokio::select! {
                outcome = self.refresh_once() => outcome,
                () = &mut shutdown => {
                    if let Err(error) = self.cache.unlock_refresh(&self.token).await {
                        tracing::warn!(error = %error, "could not release the deal refresh lock");
                    }
                    break;
                }
            };
            match outcome {
                Ok(RefreshOutcome::Refreshed(report)) => {
                    failures = 0;
                    tracing::info!(?report, "hot deals refreshed");
                }
                Ok(RefreshOutcome::Skipped(reason)) => {
                    failures = 0;
                    tracing::debug!(?reason, "hot deal refresh skipped");
                }
                Err(error) => {
                    failures = failures.saturating_add(1);
                    tracing::warn!(
                        error = ?anyhow::Error::from(error),
                        failures,
                        "hot deal refresh failed; serving the previous snapshot"
                    );
                }
            }
            let delay = self.config.delay_after(failures);
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = &mut shutdown => break,
            }
        }
        tracing::info!("hot deal refresher stopped");
    }
}

/// One reply's worth of deals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealPage {
    /// Up to [`DEALS_PER_PAGE`] deals.
    pub deals: Vec<Deal>,
    /// Where the next reply starts, when more deals follow.
    pub next: Option<DealCursor>,
    /// Position of the first deal in the snapshot.
    pub offset: usize,
    /// Deals in the whole snapshot.
    pub total: usize,
    /// When the snapshot was crawled.
    pub fetched_at: DateTime<Utc>,
    /// How old the snapshot is now.
    pub age: Duration,
}

/// Reads the cached deals for replies; never touches the board.
pub struct DealFeed {
    cache: Arc<dyn DealCache>,
    clock: Arc<dyn Clock>,
    page_size: usize,
}

impl DealFeed {
    /// A feed of [`DEALS_PER_PAGE`] deals per page.
    pub fn new(cache: Arc<dyn DealCache>, clock: Arc<dyn Clock>) -> Self {
        Self {
            cache,
            clock,
            page_size: DEALS_PER_PAGE,
        }
    }

    /// The page at `cursor` (the first page without one); `None` when nothing is cached yet.
    ///
    /// # Errors
    /// [`DealError::Cache`] when the cache cannot be read.
    pub async fn page(&self, cursor: Option<DealCursor>) -> Result<Option<DealPage>, DealError> {
        let offset = cursor.map_or(0, DealCursor::offset);
        let Some(window) = self.cache.window(offset, self.page_size).await? else {
            return Ok(None);
        };
        if window.deals.is_empty() {
            return Ok(None);
        }
        let end = window.offset + window.deals.len();
        Ok(Some(DealPage {
            next: (end < window.total).then(|| DealCursor::at(end)),
            offset: window.offset,
            total: window.total,
            age: age(self.clock.now(), window.fetched_at),
            fetched_at: window.fetched_at,
            deals: window.deals,
        }))
    }
}

/// Time since `then`; zero when the clocks disagree and `then` lies ahead.
fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> Duration {
    (now - then).to_std().unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests;
