//! Read-only views for the admin API: skill-call history and operating statistics.
//!
//! They cut across every domain (members, listings, orders, payments), so their ports live here
//! rather than in one domain crate.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::paging::{Page, Paged};

/// A stored skill call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillLogRecord {
    /// Row id (newer calls have larger ids).
    pub id: i64,
    /// `userRequest.user.id`, when the payload had one.
    pub user_key: Option<String>,
    /// The route, e.g. `/skill/members/join`.
    pub route: String,
    /// HTTP status sent back.
    pub status: u16,
    /// Time to reply in milliseconds.
    pub latency_ms: u32,
    /// Request body as stored.
    pub request_body: String,
    /// Response body as stored.
    pub response_body: String,
    /// When the request arrived.
    pub created_at: DateTime<Utc>,
}

/// Which skill calls to show; every field narrows the result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillLogFilter {
    /// Exactly this user key.
    pub user_key: Option<String>,
    /// Exactly this route.
    pub route: Option<String>,
    /// Calls at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Calls before this instant.
    pub to: Option<DateTime<Utc>>,
}

/// Reading skill logs back.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SkillLogQuery: Send + Sync {
    /// Matching calls, newest first.
    ///
    /// # Errors
    /// Storage failure.
    async fn find(
        &self,
        filter: &SkillLogFilter,
        page: Page,
    ) -> anyhow::Result<Paged<SkillLogRecord>>;
}

/// Rows per status code of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts(pub Vec<(String, u64)>);

/// Payments in one status: how many, and how many won.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTotal {
    /// Payment status code (`approved`, `cancelled`, ...).
    pub status: String,
    pub count: u64,
    /// Sum of their amounts in won.
    pub amount: i64,
}

/// Latency of one skill route over the statistics window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLatency {
    pub route: String,
    /// Calls in the window.
    pub calls: u64,
    /// Median latency, ms.
    pub p50_ms: u32,
    /// 95th percentile, ms.
    pub p95_ms: u32,
    /// 99th percentile, ms.
    pub p99_ms: u32,
}

/// Everything `GET /admin/stats` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub members: StatusCounts,
    pub products: StatusCounts,
    pub orders: StatusCounts,
    pub payments: Vec<PaymentTotal>,
    pub latency_since: DateTime<Utc>,
    /// Skill calls read for the percentiles (bounded; newest first when cut).
    pub latency_sample: u64,
    /// Per-route latency percentiles, by route name.
    pub latency: Vec<RouteLatency>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait StatsQuery: Send + Sync {
    /// Counts and latency percentiles, the latter over calls since `since`.
    ///
    /// # Errors
    /// Storage failure.
    async fn stats(&self, since: DateTime<Utc>) -> anyhow::Result<Stats>;
}

/// Nearest-rank percentile of sorted values (`p` in 0..=100); 0 for no values.
#[must_use]
pub fn percentile(sorted: &[u32], p: u32) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let n = sorted.len();
    // rank = ceil(p/100 * n), at least 1.
    let rank = (usize::try_from(p).unwrap_or(100) * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50), 50);
        assert_eq!(percentile(&v, 95), 95);
        assert_eq!(percentile(&v, 99), 99);
        assert_eq!(percentile(&[7], 99), 7);
        assert_eq!(percentile(&[], 50), 0);
        assert_eq!(percentile(&[1, 2, 3], 50), 2);
    }
}
