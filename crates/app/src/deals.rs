//! Hot-deal wiring: the cache (Redis when `cache.redis_url` is set, else in-process), the feed
//! the skill reads, and the background refresher that crawls `deals.source_url` into the cache.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use junggye_crawler::{Crawler, CrawlerConfig};
use junggye_deals::{DealCache, DealFeed, DealObserver, DealRefresher, RefreshConfig};
use junggye_domain_common::SystemClock;
use junggye_redis_cache::{InProcessDealCache, RedisDealCache, RedisDealCacheConfig, RedisPool};
use url::Url;

use crate::background::Background;
use crate::config::{Settings, non_empty};

/// The hot-deal parts of the app.
pub struct Deals {
    /// What `/skill/deals` reads.
    pub feed: Arc<DealFeed>,
    /// The background crawl; `None` when `deals.enabled` is false.
    pub refresher: Option<Arc<DealRefresher>>,
    /// The Redis pool behind the cache, when `cache.redis_url` is set (for `/readyz`).
    pub redis: Option<RedisPool>,
}

impl Deals {
    /// Builds the cache, feed and refresher from settings. Connects to nothing yet: the Redis
    /// pool opens connections on first use, and the crawler only when the refresher runs.
    ///
    /// `observer` hears of deals each refresh adds (keyword alerts).
    ///
    /// # Errors
    /// A malformed `deals.source_url` or `cache.redis_url`.
    pub fn build(settings: &Settings, observer: Arc<dyn DealObserver>) -> anyhow::Result<Self> {
        let deals = &settings.deals;
        let refresh = RefreshConfig {
            pages: deals.pages.max(1),
            ..RefreshConfig::every(Duration::from_secs(deals.refresh_secs.max(1)))
        };
        let redis = non_empty(&settings.cache.redis_url)
            .map(|url| junggye_redis_cache::connect(&url))
            .transpose()?;
        let cache: Arc<dyn DealCache> = match &redis {
            Some(pool) => Arc::new(RedisDealCache::new(
                pool.clone(),
                &RedisDealCacheConfig::for_interval(refresh.interval),
            )),
            None => Arc::new(InProcessDealCache::new()),
        };
        let clock = Arc::new(SystemClock);
        let feed = Arc::new(DealFeed::new(Arc::clone(&cache), clock.clone()));
        let refresher = if deals.enabled {
            let source_url = Url::parse(&deals.source_url)
                .with_context(|| format!("deals.source_url {:?}", deals.source_url))?;
            let crawler = Crawler::new(CrawlerConfig {
                request_gap: Duration::from_millis(deals.request_gap_ms),
                timeout: Duration::from_millis(deals.timeout_ms.max(1)),
                ..CrawlerConfig::new(source_url)
            })?;
            Some(Arc::new(
                DealRefresher::new(Arc::new(crawler), cache, clock, refresh)
                    .with_observer(observer),
            ))
        } else {
            tracing::info!("deals.enabled is false: hot deals are not crawled");
            None
        };
        Ok(Self {
            feed,
            refresher,
            redis,
        })
    }

    /// Whether the cache answers: a Redis PING, or always for the in-process cache.
    ///
    /// # Errors
    /// When Redis cannot be reached.
    pub async fn ping_cache(&self) -> anyhow::Result<()> {
        match &self.redis {
            Some(pool) => junggye_redis_cache::ping(pool).await,
            None => Ok(()),
        }
    }

    /// Starts the refresher, if any, among `background`'s jobs.
    pub fn start_refresher(&self, background: &mut Background) {
        if let Some(refresher) = &self.refresher {
            let refresher = Arc::clone(refresher);
            // It paces itself (backoff after failures) and releases its Redis lock when it
            // stops, so it gets the token rather than a fixed period.
            background.spawn("hot deal refresher", |shutdown| {
                refresher.run(shutdown.cancelled_owned())
            });
        }
    }
}
