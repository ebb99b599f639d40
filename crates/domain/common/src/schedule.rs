//! Periodic work when several app instances share one database: each named job runs once per
//! period across all of them, and another instance takes over when the one that ran it stops.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The turns of the periodic jobs, kept where every instance sees them.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait JobTurns: Send + Sync {
    /// Takes `job`'s turn for `instance` when the job is due at `now`, and makes it due again
    /// [`next_due`] later; `false` when another instance took this period's turn. Two
    /// instances asking at once never both get it.
    ///
    /// # Errors
    /// When the store cannot be reached; the caller then skips this turn.
    async fn take_turn(
        &self,
        job: &str,
        instance: &str,
        now: DateTime<Utc>,
        period: Duration,
    ) -> anyhow::Result<bool>;
}

/// When a job whose turn is taken at `now` is due again: a little before a full period, so the
/// instance that ran it finds it due at its own next tick (ticks drift by milliseconds), while
/// every other instance, ticking at the same period, finds it taken.
#[must_use]
pub fn next_due(now: DateTime<Utc>, period: Duration) -> DateTime<Utc> {
    let slack = (period / 10).min(Duration::from_secs(1));
    let ahead =
        chrono::Duration::from_std(period.saturating_sub(slack)).unwrap_or(chrono::Duration::MAX);
    now.checked_add_signed(ahead)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_turn_is_a_little_less_than_a_period_away() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let due = |period| (next_due(now, period) - now).to_std().unwrap_or_default();
        assert_eq!(due(Duration::from_secs(2)), Duration::from_millis(1800));
        assert_eq!(due(Duration::from_secs(60)), Duration::from_secs(59));
        assert_eq!(due(Duration::from_secs(3600)), Duration::from_secs(3599));
        assert_eq!(next_due(now, Duration::MAX), DateTime::<Utc>::MAX_UTC);
    }
}
