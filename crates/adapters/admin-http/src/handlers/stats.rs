//! `GET /admin/stats`: counts by status, payment totals, skill latency percentiles.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use junggye_domain_common::reports::StatusCounts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AdminState;

/// The latency window: a day of calls shows today's behaviour without last month's incident.
const LATENCY_WINDOW_HOURS: i64 = 24;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/stats", web::get().to(stats));
}

/// Payments in one status.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PaymentTotalDto {
    pub status: String,
    pub count: u64,
    /// Sum in won.
    pub amount: i64,
}

/// Latency of one skill route.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RouteLatencyDto {
    pub route: String,
    /// Calls in the window.
    pub calls: u64,
    /// Median, ms.
    pub p50_ms: u32,
    /// 95th percentile, ms.
    pub p95_ms: u32,
    /// 99th percentile, ms.
    pub p99_ms: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatsDto {
    /// Members by status, e.g. `{"active": 10, "suspended": 1}`.
    pub members: BTreeMap<String, u64>,
    /// Listings by status.
    pub products: BTreeMap<String, u64>,
    /// Orders by status.
    pub orders: BTreeMap<String, u64>,
    /// Payments by status with totals.
    pub payments: Vec<PaymentTotalDto>,
    /// Start of the latency window (the last 24 hours).
    pub latency_since: DateTime<Utc>,
    /// Calls the percentiles were computed from (the newest 50,000 at most).
    pub latency_sample: u64,
    /// Per-route latency percentiles (nearest rank).
    pub latency: Vec<RouteLatencyDto>,
}

fn to_map(counts: StatusCounts) -> BTreeMap<String, u64> {
    counts.0.into_iter().collect()
}

/// Counts by status, payment totals and per-route latency percentiles.
#[utoipa::path(get, path = "/admin/stats", tag = "stats",
    security(("bearer" = [])),
    responses((status = 200, body = StatsDto), (status = 401, body = ErrorBody)))]
pub(crate) async fn stats(state: web::Data<AdminState>) -> Result<HttpResponse, ApiError> {
    let since = Utc::now() - Duration::hours(LATENCY_WINDOW_HOURS);
    let s = state.stats.stats(since).await?;
    Ok(HttpResponse::Ok().json(StatsDto {
        members: to_map(s.members),
        products: to_map(s.products),
        orders: to_map(s.orders),
        payments: s
            .payments
            .into_iter()
            .map(|p| PaymentTotalDto {
                status: p.status,
                count: p.count,
                amount: p.amount,
            })
            .collect(),
        latency_since: s.latency_since,
        latency_sample: s.latency_sample,
        latency: s
            .latency
            .into_iter()
            .map(|l| RouteLatencyDto {
                route: l.route,
                calls: l.calls,
                p50_ms: l.p50_ms,
                p95_ms: l.p95_ms,
                p99_ms: l.p99_ms,
            })
            .collect(),
    }))
}
