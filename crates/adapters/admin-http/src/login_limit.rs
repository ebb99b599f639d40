//! Login attempt budgets, so a password cannot be guessed quickly from one address nor
//! against one account from many, and so nobody can lock the real admin out.
//!
//! Three budgets, checked in this order, each only when the ones before it passed:
//! - per client IP (5 a minute): one address guesses slowly;
//! - per IP and username (5 a minute): the pair an attacker controls; another address trying
//!   the same username is not held back by it, so failures from an attacker's address never
//!   lock the real admin out (a plain per-username budget did, with 5 tries a minute);
//! - per username across all addresses (60 a minute): bounds a guess spread over many
//!   addresses without coming near a person's own pace.
//!
//! Memory stays bounded whatever is sent: usernames are cut to the longest valid one before
//! they become keys, a refused IP never reaches the other maps, idle keys are swept every
//! so many calls (not on every call: a sweep walks the whole map), and a map that is still
//! full after a sweep stops taking new keys (their attempts are then held to the IP budget).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use junggye_members::AdminUsername;

pub const ATTEMPTS_PER_MINUTE: u32 = 5;
/// Per username over all addresses: well above one person, well below a guessing farm.
pub const ACCOUNT_ATTEMPTS_PER_MINUTE: u32 = 60;
/// Keys per map; at ~100 bytes a key the three maps stay under a few megabytes.
const MAX_KEYS: usize = 10_000;
/// A sweep of idle keys every this many calls.
const SWEEP_EVERY: u32 = 256;

pub(crate) struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<String>,
    by_ip_user: DefaultKeyedRateLimiter<String>,
    by_user: DefaultKeyedRateLimiter<String>,
    calls: AtomicU32,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
}

/// The username as a key: trimmed, lower-cased and no longer than a valid one can be.
fn user_key(username: &str) -> String {
    username
        .trim()
        .chars()
        .take(AdminUsername::MAX_CHARS + 1)
        .collect::<String>()
        .to_lowercase()
}

/// Counts an attempt under `key` unless the map is full of other keys.
fn check(limiter: &DefaultKeyedRateLimiter<String>, key: String) -> bool {
    if limiter.len() >= MAX_KEYS {
        limiter.retain_recent();
        if limiter.len() >= MAX_KEYS {
            return true;
        }
    }
    limiter.check_key(&key).is_ok()
}

impl LoginLimiter {
    pub(crate) fn new(per_minute: u32, account_per_minute: u32) -> Self {
        Self {
            by_ip: RateLimiter::keyed(quota(per_minute)),
            by_ip_user: RateLimiter::keyed(quota(per_minute)),
            by_user: RateLimiter::keyed(quota(account_per_minute)),
            calls: AtomicU32::new(0),
        }
    }

    /// Counts an attempt; `false` when a budget is spent.
    pub(crate) fn allow(&self, ip: &str, username: &str) -> bool {
        if self
            .calls
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            self.by_ip.retain_recent();
            self.by_ip_user.retain_recent();
            self.by_user.retain_recent();
        }
        // An address string is short already (peer address or a proxy's header, cut below).
        let ip: String = ip.chars().take(64).collect();
        if !check(&self.by_ip, ip.clone()) {
            return false;
        }
        let user = user_key(username);
        check(&self.by_ip_user, format!("{ip} {user}")) && check(&self.by_user, user)
    }

    #[cfg(test)]
    fn tracked_keys(&self) -> usize {
        self.by_ip.len() + self.by_ip_user.len() + self.by_user.len()
    }
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(ATTEMPTS_PER_MINUTE, ACCOUNT_ATTEMPTS_PER_MINUTE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_is_held_to_its_budget() {
        let limiter = LoginLimiter::new(2, 60);
        assert!(limiter.allow("1.1.1.1", "root"));
        assert!(limiter.allow("1.1.1.1", "ops"));
        assert!(!limiter.allow("1.1.1.1", "third"), "ip budget spent");
    }

    #[test]
    fn an_attacker_cannot_lock_the_real_admin_out() {
        let limiter = LoginLimiter::default();
        for _ in 0..ATTEMPTS_PER_MINUTE {
            assert!(limiter.allow("6.6.6.6", "root"));
        }
        assert!(
            !limiter.allow("6.6.6.6", "root"),
            "the attacker is held back"
        );
        assert!(
            limiter.allow("10.0.0.7", "ROOT"),
            "the admin's own address still gets in"
        );
    }

    #[test]
    fn a_guess_spread_over_many_addresses_is_bounded_per_account() {
        let limiter = LoginLimiter::new(5, 3);
        assert!(limiter.allow("1.0.0.1", "root"));
        assert!(limiter.allow("1.0.0.2", "root"));
        assert!(limiter.allow("1.0.0.3", "root"));
        assert!(!limiter.allow("1.0.0.4", "Root"), "account budget spent");
    }

    #[test]
    fn huge_usernames_from_a_refused_address_take_no_memory() {
        let limiter = LoginLimiter::default();
        let long = "가".repeat(20_000); // 60 KB
        for i in 0..1_500 {
            limiter.allow("9.9.9.9", &format!("{long}{i}"));
        }
        // One IP key, and the five usernames that passed it, each cut to 33 characters.
        assert!(limiter.tracked_keys() <= 1 + 2 * ATTEMPTS_PER_MINUTE as usize);
        assert_eq!(
            user_key(&long).chars().count(),
            AdminUsername::MAX_CHARS + 1
        );
    }
}
