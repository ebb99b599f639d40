//! Production cache: one Redis key holding the snapshot as JSON, shared by every app instance,
//! and a short lock key so that only one of them crawls at a time.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use async_trait::async_trait;
use deadpool_redis::redis::{self, AsyncCommands};
use deadpool_redis::{Config, Pool, PoolConfig, Runtime, Timeouts};
use junggye_deals::{Deal, DealCache, DealError, DealSnapshot, DealWindow};

use crate::dto::{SnapshotDto, VERSION};
use crate::in_process::window_of;

/// Releases the lock only for its holder: a plain DEL could free a lock that expired and was
/// taken by another instance meanwhile.
const UNLOCK_SCRIPT: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/// A pool whose waits are short: a skill reply must not hang on a dead Redis (Kakao gives 5 s,
/// and the reply has other work to do).
///
/// # Errors
/// When the URL is malformed.
pub fn connect(url: &str) -> anyhow::Result<Pool> {
    let mut config = Config::from_url(url);
    let mut pool = PoolConfig::new(32);
    pool.timeouts = Timeouts {
        wait: Some(Duration::from_secs(1)),
        create: Some(Duration::from_secs(1)),
        recycle: Some(Duration::from_secs(1)),
    };
    config.pool = Some(pool);
    config
        .create_pool(Some(Runtime::Tokio1))
        .with_context(|| format!("creating the Redis pool for {}", redact(url)))
}

/// Round trip to Redis, for readiness checks.
///
/// # Errors
/// When no connection can be had or PING fails.
pub async fn ping(pool: &Pool) -> anyhow::Result<()> {
    let mut conn = pool.get().await.context("Redis connection")?;
    let _: String = redis::cmd("PING")
        .query_async(&mut conn)
        .await
        .context("Redis PING")?;
    Ok(())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Key names and lifetimes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisDealCacheConfig {
    /// Put before every key, so several apps (or tests) can share one Redis.
    pub key_prefix: String,
    /// Lifetime of the snapshot key, well above the refresh interval: while the board is down
    /// the old snapshot keeps being served (with its age), and only a very long outage empties
    /// the cache.
    pub snapshot_ttl: Duration,
    /// How long a snapshot read from Redis is reused from process memory before Redis is asked
    /// again. The snapshot changes every few minutes, so a second or two of reuse costs nothing
    /// in freshness and spares every reply a Redis round trip and a JSON decode; zero disables.
    pub local_ttl: Duration,
}

impl RedisDealCacheConfig {
    /// Prefix `junggye:`, snapshot kept for 24 refresh intervals and at least an hour.
    #[must_use]
    pub fn for_interval(refresh_interval: Duration) -> Self {
        Self {
            key_prefix: "junggye:".to_owned(),
            snapshot_ttl: refresh_interval
                .saturating_mul(24)
                .max(Duration::from_secs(3600)),
            local_ttl: Duration::from_secs(2),
        }
    }
}

pub struct RedisDealCache {
    pool: Pool,
    snapshot_key: String,
    lock_key: String,
    snapshot_ttl: Duration,
    local_ttl: Duration,
    /// The last snapshot read or written, and when.
    local: RwLock<Option<(Instant, Arc<DealSnapshot>)>>,
    /// One reader at a time goes to Redis when the local copy is stale; the others wait for
    /// its result instead of each fetching and decoding the snapshot (a herd of 64 did that
    /// every `local_ttl` under load: 0.4 s stalls and 30 MB more peak memory).
    reload: tokio::sync::Mutex<()>,
    /// When a reload last failed: a reader that waited through it fails at once instead of
    /// queueing for its own timeout.
    failed_at: RwLock<Option<Instant>>,
}

fn cache_error(error: impl Into<anyhow::Error>) -> DealError {
    DealError::Cache(error.into())
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

impl RedisDealCache {
    /// A cache on `pool` (see [`connect`]).
    #[must_use]
    pub fn new(pool: Pool, config: &RedisDealCacheConfig) -> Self {
        Self {
            pool,
            snapshot_key: format!("{}deals:snapshot", config.key_prefix),
            lock_key: format!("{}deals:refresh-lock", config.key_prefix),
            snapshot_ttl: config.snapshot_ttl,
            local_ttl: config.local_ttl,
            local: RwLock::new(None),
            reload: tokio::sync::Mutex::new(()),
            failed_at: RwLock::new(None),
        }
    }

    fn remember(&self, snapshot: Option<Arc<DealSnapshot>>) {
        if self.local_ttl.is_zero() {
            return;
        }
        if let Ok(mut local) = self.local.write() {
            *local = snapshot.map(|snapshot| (Instant::now(), snapshot));
        }
    }

    fn remembered(&self) -> Option<Arc<DealSnapshot>> {
        let local = self.local.read().ok()?;
        let (at, snapshot) = local.as_ref()?;
        (at.elapsed() < self.local_ttl).then(|| Arc::clone(snapshot))
    }

    /// The snapshot to serve: the local copy while fresh, else Redis's, read once for everyone
    /// who asks meanwhile.
    async fn current(&self) -> Result<Option<Arc<DealSnapshot>>, DealError> {
        if self.local_ttl.is_zero() {
            // No local copy: every read is Redis's own, in parallel.
            return Ok(self.load().await?.map(Arc::new));
        }
        if let Some(snapshot) = self.remembered() {
            return Ok(Some(snapshot));
        }
        let waited_from = Instant::now();
        let _turn = self.reload.lock().await;
        if let Some(snapshot) = self.remembered() {
            return Ok(Some(snapshot));
        }
        let failed_meanwhile = self
            .failed_at
            .read()
            .ok()
            .and_then(|at| *at)
            .is_some_and(|at| at >= waited_from);
        if failed_meanwhile {
            return Err(cache_error(anyhow!(
                "deal snapshot unavailable: the read this one waited for failed"
            )));
        }
        match self.load().await {
            Ok(snapshot) => {
                let snapshot = snapshot.map(Arc::new);
                self.remember(snapshot.clone());
                Ok(snapshot)
            }
            Err(error) => {
                if let Ok(mut failed_at) = self.failed_at.write() {
                    *failed_at = Some(Instant::now());
                }
                Err(error)
            }
        }
    }

    /// The snapshot in Redis; `None` when absent or of another layout version.
    async fn load(&self) -> Result<Option<DealSnapshot>, DealError> {
        let mut conn = self.conn().await?;
        let json: Option<String> = conn
            .get(&self.snapshot_key)
            .await
            .context("GET deal snapshot")
            .map_err(DealError::Cache)?;
        let Some(json) = json else {
            return Ok(None);
        };
        let dto: SnapshotDto = serde_json::from_str(&json)
            .context("deal snapshot JSON")
            .map_err(DealError::Cache)?;
        if dto.version != VERSION {
            tracing::warn!(
                version = dto.version,
                "deal snapshot of another version; ignored"
            );
            return Ok(None);
        }
        Ok(Some(DealSnapshot {
            fetched_at: dto.fetched_at,
            deals: dto.deals.into_iter().map(Deal::from).collect(),
        }))
    }

    async fn conn(&self) -> Result<deadpool_redis::Connection, DealError> {
        self.pool
            .get()
            .await
            .context("Redis connection")
            .map_err(DealError::Cache)
    }
}

#[async_trait]
impl DealCache for RedisDealCache {
    async fn store(&self, snapshot: &DealSnapshot) -> Result<(), DealError> {
        let json = serde_json::to_string(&SnapshotDto::from(snapshot)).map_err(cache_error)?;
        let mut conn = self.conn().await?;
        let _: () = redis::cmd("SET")
            .arg(&self.snapshot_key)
            .arg(json)
            .arg("PX")
            .arg(millis(self.snapshot_ttl))
            .query_async(&mut conn)
            .await
            .context("SET deal snapshot")
            .map_err(DealError::Cache)?;
        self.remember(Some(Arc::new(snapshot.clone())));
        Ok(())
    }

    async fn window(&self, offset: usize, limit: usize) -> Result<Option<DealWindow>, DealError> {
        let snapshot = self.current().await?;
        Ok(snapshot.map(|snapshot| window_of(&snapshot, offset, limit)))
    }

    async fn try_lock_refresh(&self, token: &str, ttl: Duration) -> Result<bool, DealError> {
        let mut conn = self.conn().await?;
        let set: Option<String> = redis::cmd("SET")
            .arg(&self.lock_key)
            .arg(token)
            .arg("NX")
            .arg("PX")
            .arg(millis(ttl))
            .query_async(&mut conn)
            .await
            .context("SET NX deal refresh lock")
            .map_err(DealError::Cache)?;
        match set.as_deref() {
            Some("OK") => Ok(true),
            None => Ok(false),
            Some(other) => Err(cache_error(anyhow!("SET NX answered {other:?}"))),
        }
    }

    async fn unlock_refresh(&self, token: &str) -> Result<(), DealError> {
        let mut conn = self.conn().await?;
        let _: i64 = redis::cmd("EVAL")
            .arg(UNLOCK_SCRIPT)
            .arg(1)
            .arg(&self.lock_key)
            .arg(token)
            .query_async(&mut conn)
            .await
            .context("releasing the deal refresh lock")
            .map_err(DealError::Cache)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(redact("redis://:s3cret@db:6379/0"), "redis://***@db:6379/0");
        assert_eq!(redact("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    }

    #[test]
    fn snapshot_outlives_many_refreshes() {
        let config = RedisDealCacheConfig::for_interval(Duration::from_secs(300));
        assert_eq!(config.snapshot_ttl, Duration::from_secs(7200));
        let short = RedisDealCacheConfig::for_interval(Duration::from_secs(10));
        assert_eq!(short.snapshot_ttl, Duration::from_secs(3600));
    }
}
