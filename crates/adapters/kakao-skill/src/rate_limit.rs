//! Per-user call budget. With a [`SharedCallBudget`] (Redis) every instance counts against one
//! budget; without one, or while it cannot be reached, each instance counts its own.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// A per-minute call budget kept outside the instance, shared by all of them.
#[async_trait]
pub trait SharedCallBudget: Send + Sync {
    /// Counts one call of `user`; whether the last minute's calls stay within `per_minute`.
    ///
    /// # Errors
    /// When the shared store cannot be reached.
    async fn allow(&self, user: &str, per_minute: u32) -> anyhow::Result<bool>;
}

pub(crate) struct UserRateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    calls: AtomicU64,
    per_minute: u32,
    shared: Option<Arc<dyn SharedCallBudget>>,
    /// Milliseconds after `started` before which the shared store is not asked again.
    shared_down_until: AtomicU64,
    started: Instant,
}

/// A skill reply cannot wait long for a politeness check: past this the call is counted here.
const SHARED_TIMEOUT: Duration = Duration::from_millis(250);
/// After a failure the shared store is left alone this long, so an outage costs one slow call
/// per pause, not one per call.
const SHARED_PAUSE: Duration = Duration::from_secs(5);

impl UserRateLimiter {
    /// Forget idle users every this many calls so the key map cannot grow without bound.
    const PRUNE_EVERY: u64 = 4096;

    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            limiter: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            calls: AtomicU64::new(0),
            per_minute,
            shared: None,
            shared_down_until: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    pub(crate) fn share(&mut self, budget: Arc<dyn SharedCallBudget>) {
        self.shared = Some(budget);
    }

    /// Whether this user may make another call now, counted across instances when the budget
    /// is shared. `None` users share one budget. A shared store that cannot be reached falls
    /// back to this instance's own count rather than refusing every user or none.
    pub(crate) async fn allow(&self, user: Option<&str>) -> bool {
        if self.limiter.is_none() {
            return true;
        }
        if let Some(shared) = &self.shared
            && self.elapsed_ms() >= self.shared_down_until.load(Ordering::Relaxed)
        {
            let asked = shared.allow(user.unwrap_or_default(), self.per_minute);
            match tokio::time::timeout(SHARED_TIMEOUT, asked).await {
                Ok(Ok(allowed)) => return allowed,
                Ok(Err(error)) => {
                    tracing::warn!(error = ?error, "shared call budget unreachable: counting locally");
                }
                Err(_) => tracing::warn!("shared call budget too slow: counting locally"),
            }
            let pause = u64::try_from(SHARED_PAUSE.as_millis()).unwrap_or(u64::MAX);
            self.shared_down_until
                .store(self.elapsed_ms().saturating_add(pause), Ordering::Relaxed);
        }
        self.allow_here(user)
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn allow_here(&self, user: Option<&str>) -> bool {
        let Some(limiter) = &self.limiter else {
            return true;
        };
        if self.calls.fetch_add(1, Ordering::Relaxed) % Self::PRUNE_EVERY == Self::PRUNE_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter
            .check_key(&user.unwrap_or_default().to_owned())
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_user_has_their_own_budget() {
        let limiter = UserRateLimiter::new(3);
        for _ in 0..3 {
            assert!(limiter.allow(Some("a")).await);
        }
        assert!(!limiter.allow(Some("a")).await);
        assert!(limiter.allow(Some("b")).await);
    }

    #[tokio::test]
    async fn zero_disables_the_limit() {
        let limiter = UserRateLimiter::new(0);
        for _ in 0..1000 {
            assert!(limiter.allow(Some("a")).await);
        }
    }

    /// Refuses everyone, or is unreachable; counts how often it was asked.
    struct Shared(Option<bool>, AtomicU64);

    #[async_trait]
    impl SharedCallBudget for Shared {
        async fn allow(&self, _user: &str, _per_minute: u32) -> anyhow::Result<bool> {
            self.1.fetch_add(1, Ordering::Relaxed);
            self.0.ok_or_else(|| anyhow::anyhow!("Redis down"))
        }
    }

    #[tokio::test]
    async fn a_shared_budget_decides_and_an_unreachable_one_falls_back_to_the_local_count() {
        let mut limiter = UserRateLimiter::new(2);
        limiter.share(Arc::new(Shared(Some(false), AtomicU64::new(0))));
        assert!(
            !limiter.allow(Some("a")).await,
            "the shared budget is spent"
        );
        let mut limiter = UserRateLimiter::new(2);
        let down = Arc::new(Shared(None, AtomicU64::new(0)));
        limiter.share(Arc::clone(&down) as Arc<dyn SharedCallBudget>);
        assert!(limiter.allow(Some("a")).await);
        assert!(limiter.allow(Some("a")).await);
        assert!(!limiter.allow(Some("a")).await, "counted here meanwhile");
        assert_eq!(
            down.1.load(Ordering::Relaxed),
            1,
            "asked once, then left alone"
        );
    }
}
