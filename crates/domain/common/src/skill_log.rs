//! Every skill call is recorded for support and latency statistics (the seed lost errors and latency).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// One skill call as it went over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillLogEntry {
    /// `userRequest.user.id`, when the payload had one.
    pub user_key: Option<String>,
    /// The route, e.g. `/skill/members/join`.
    pub route: String,
    /// HTTP status sent back.
    pub status: u16,
    /// Time from receiving the request to having the reply, in milliseconds.
    pub latency_ms: u32,
    /// The request body as received (cut to a bounded size by the caller).
    pub request_body: String,
    /// The response body as sent (cut to a bounded size by the caller).
    pub response_body: String,
    /// When the request arrived.
    pub created_at: DateTime<Utc>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SkillLogRepository: Send + Sync {
    /// Stores a batch in one round trip.
    ///
    /// # Errors
    /// Any storage failure; the caller counts the batch as dropped.
    async fn insert_batch(&self, entries: &[SkillLogEntry]) -> anyhow::Result<()>;

    /// Deletes up to `limit` entries created before `cutoff`, oldest first; returns how many.
    /// Bounded so one call never holds the table for long; the retention job repeats it.
    ///
    /// # Errors
    /// Any storage failure (nothing or some of the rows were deleted; the next run goes on).
    async fn delete_before(&self, cutoff: DateTime<Utc>, limit: u32) -> anyhow::Result<u64>;
}
