//! The per-user call budget shared by every app instance: a sliding one-minute window kept as
//! two Redis counters (this minute's and the last), so N instances allow the budget once, not
//! N times over.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use deadpool_redis::Pool;
use deadpool_redis::redis;

/// Kakao user keys are far shorter; a longer id (only a forged payload has one) is cut so the
/// key stays small, which cannot make it collide with a real user's.
const MAX_USER_CHARS: usize = 100;

#[derive(Clone)]
pub struct RedisCallBudget {
    pool: Pool,
    prefix: String,
}

impl RedisCallBudget {
    /// Counters live under `{prefix}calls:`.
    #[must_use]
    pub fn new(pool: Pool, prefix: &str) -> Self {
        Self {
            pool,
            prefix: prefix.to_owned(),
        }
    }

    /// Counts one call of `user` and says whether the calls of the last minute, this one
    /// included, stay within `per_minute`. The last minute is this minute's count plus the
    /// previous minute's weighted by how much of it the window still covers (the estimate
    /// Cloudflare and nginx-style limiters use: no burst of 2× at a minute's turn). Refused
    /// calls count too, so a client that keeps hammering stays refused.
    ///
    /// # Errors
    /// When Redis cannot be reached; the caller decides what to do then.
    pub async fn allow(&self, user: &str, per_minute: u32) -> anyhow::Result<bool> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        let minute = now / 60_000;
        let into_minute = now % 60_000;
        let user: String = user.chars().take(MAX_USER_CHARS).collect();
        let current = format!("{}calls:{user}:{minute}", self.prefix);
        let previous = format!("{}calls:{user}:{}", self.prefix, minute.saturating_sub(1));
        let mut conn = self.pool.get().await.context("Redis connection")?;
        let (count, earlier): (u64, Option<u64>) = redis::pipe()
            .atomic()
            .incr(&current, 1)
            .expire(&current, 120)
            .ignore()
            .get(&previous)
            .query_async(&mut conn)
            .await
            .context("counting a skill call in Redis")?;
        let still_covered = 60_000_u128.saturating_sub(into_minute);
        let carried = u128::from(earlier.unwrap_or(0)) * still_covered / 60_000;
        Ok(u128::from(count) + carried <= u128::from(per_minute))
    }
}
