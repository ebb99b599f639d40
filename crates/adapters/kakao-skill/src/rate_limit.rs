//! Per-user call budget. In-process: with several app instances each counts its own share,
//! which is acceptable for a politeness limit (docs/deploy.md discusses a Redis limiter).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub(crate) struct UserRateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    calls: AtomicU64,
}

impl UserRateLimiter {
    /// Forget idle users every this many calls so the key map cannot grow without bound.
    const PRUNE_EVERY: u64 = 4096;

    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            limiter: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            calls: AtomicU64::new(0),
        }
    }

    /// Whether this user may make another call now. `None` users share one budget.
    pub(crate) fn allow(&self, user: Option<&str>) -> bool {
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

    #[test]
    fn each_user_has_their_own_budget() {
        let limiter = UserRateLimiter::new(3);
        for _ in 0..3 {
            assert!(limiter.allow(Some("a")));
        }
        assert!(!limiter.allow(Some("a")));
        assert!(limiter.allow(Some("b")));
    }

    #[test]
    fn zero_disables_the_limit() {
        let limiter = UserRateLimiter::new(0);
        assert!((0..1000).all(|_| limiter.allow(Some("a"))));
    }
}
