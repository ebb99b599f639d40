//! Login attempt budget per client IP and per username, so a password cannot be guessed
//! quickly from one address nor against one account from many.

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts per minute per IP and per username.
pub const ATTEMPTS_PER_MINUTE: u32 = 5;

/// Two keyed limiters; an attempt must pass both.
pub(crate) struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<String>,
    by_user: DefaultKeyedRateLimiter<String>,
}

impl LoginLimiter {
    pub(crate) fn new(per_minute: NonZeroU32) -> Self {
        let quota = Quota::per_minute(per_minute);
        Self {
            by_ip: RateLimiter::keyed(quota),
            by_user: RateLimiter::keyed(quota),
        }
    }

    /// Counts an attempt; `false` when either budget is spent.
    pub(crate) fn allow(&self, ip: &str, username: &str) -> bool {
        // Forget idle keys as we go so a spray of usernames cannot grow the maps for ever.
        self.by_ip.retain_recent();
        self.by_user.retain_recent();
        let ip_ok = self.by_ip.check_key(&ip.to_owned()).is_ok();
        let user_ok = self
            .by_user
            .check_key(&username.trim().to_ascii_lowercase())
            .is_ok();
        ip_ok && user_ok
    }
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(NonZeroU32::new(ATTEMPTS_PER_MINUTE).unwrap_or(NonZeroU32::MIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_and_username_budgets_are_separate() {
        let limiter = LoginLimiter::new(NonZeroU32::new(2).unwrap_or(NonZeroU32::MIN));
        assert!(limiter.allow("1.1.1.1", "root"));
        assert!(limiter.allow("1.1.1.1", "ops"));
        assert!(!limiter.allow("1.1.1.1", "third"), "ip budget spent");
        assert!(limiter.allow("2.2.2.2", "root"));
        assert!(!limiter.allow("3.3.3.3", "ROOT"), "username budget spent");
    }
}
