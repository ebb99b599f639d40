//! [`StatsQuery`] on sea-orm: counts by status and skill latency percentiles.

use std::collections::BTreeMap;

use anyhow::Context as _;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::reports::{
    PaymentTotal, RouteLatency, Stats, StatsQuery, StatusCounts, percentile,
};
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};

use crate::entities::{members, orders, payments, products, skill_logs};
use crate::time::to_db;

/// At most this many recent skill calls feed the percentiles: enough for stable p99 per route,
/// small enough (two integers and a short string each) to sort in memory on every request.
pub const LATENCY_SAMPLE_LIMIT: u64 = 50_000;

/// Statistics over the whole database.
#[derive(Debug, Clone)]
pub struct SeaStatsQuery {
    db: DatabaseConnection,
}

impl SeaStatsQuery {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn counts<E: EntityTrait>(
        &self,
        status: E::Column,
        id: E::Column,
    ) -> anyhow::Result<StatusCounts> {
        let rows: Vec<(String, i64)> = E::find()
            .select_only()
            .column(status)
            .column_as(id.count(), "n")
            .group_by(status)
            .order_by_asc(status)
            .into_tuple()
            .all(&self.db)
            .await
            .context("counting rows by status")?;
        Ok(StatusCounts(
            rows.into_iter()
                .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
                .collect(),
        ))
    }
}

#[async_trait]
impl StatsQuery for SeaStatsQuery {
    async fn stats(&self, since: DateTime<Utc>) -> anyhow::Result<Stats> {
        let members = self
            .counts::<members::Entity>(members::Column::Status, members::Column::Id)
            .await?;
        let products = self
            .counts::<products::Entity>(products::Column::Status, products::Column::Id)
            .await?;
        let orders = self
            .counts::<orders::Entity>(orders::Column::Status, orders::Column::Id)
            .await?;
        // SUM of a bigint is DECIMAL on MySQL: cast back so one tuple type reads both backends.
        let payment_rows: Vec<(String, i64, Option<i64>)> = payments::Entity::find()
            .select_only()
            .column(payments::Column::Status)
            .column_as(payments::Column::Id.count(), "n")
            .column_as(
                sea_orm::sea_query::Expr::cust("CAST(SUM(amount) AS SIGNED)"),
                "total",
            )
            .group_by(payments::Column::Status)
            .order_by_asc(payments::Column::Status)
            .into_tuple()
            .all(&self.db)
            .await
            .context("summing payments")?;
        let payments = payment_rows
            .into_iter()
            .map(|(status, n, total)| PaymentTotal {
                status,
                count: u64::try_from(n).unwrap_or(0),
                amount: total.unwrap_or(0),
            })
            .collect();

        let calls: Vec<(String, i32)> = skill_logs::Entity::find()
            .select_only()
            .column(skill_logs::Column::Route)
            .column(skill_logs::Column::LatencyMs)
            .filter(skill_logs::Column::CreatedAt.gte(to_db(since)))
            .order_by_desc(skill_logs::Column::Id)
            .limit(LATENCY_SAMPLE_LIMIT)
            .into_tuple()
            .all(&self.db)
            .await
            .context("reading skill latencies")?;
        let sample = u64::try_from(calls.len()).unwrap_or(u64::MAX);
        let mut by_route: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (route, ms) in calls {
            by_route
                .entry(route)
                .or_default()
                .push(u32::try_from(ms).unwrap_or(0));
        }
        let latency = by_route
            .into_iter()
            .map(|(route, mut ms)| {
                ms.sort_unstable();
                RouteLatency {
                    route,
                    calls: u64::try_from(ms.len()).unwrap_or(u64::MAX),
                    p50_ms: percentile(&ms, 50),
                    p95_ms: percentile(&ms, 95),
                    p99_ms: percentile(&ms, 99),
                }
            })
            .collect();
        Ok(Stats {
            members,
            products,
            orders,
            payments,
            latency_since: since,
            latency_sample: sample,
            latency,
        })
    }
}
