//! [`SkillLogRepository`] on sea-orm.

use anyhow::Context as _;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::skill_log::{SkillLogEntry, SkillLogRepository};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use crate::entities::skill_logs;
use crate::time::to_db;

/// Rows per INSERT: far below SQLite's 32,766 bound parameters (7 per row) and MySQL's 65,535,
/// so a huge batch is split rather than refused.
const ROWS_PER_STATEMENT: usize = 500;

/// Skill logs in the `skill_logs` table.
#[derive(Debug, Clone)]
pub struct SeaSkillLogRepository {
    db: DatabaseConnection,
}

impl SeaSkillLogRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn to_row(entry: &SkillLogEntry) -> skill_logs::ActiveModel {
    skill_logs::ActiveModel {
        user_key: Set(entry.user_key.clone()),
        route: Set(entry.route.clone()),
        // HTTP statuses are three digits; saturate rather than fail on nonsense.
        status: Set(i16::try_from(entry.status).unwrap_or(i16::MAX)),
        latency_ms: Set(i32::try_from(entry.latency_ms).unwrap_or(i32::MAX)),
        request_body: Set(entry.request_body.clone()),
        response_body: Set(entry.response_body.clone()),
        created_at: Set(to_db(entry.created_at)),
        ..Default::default()
    }
}

#[async_trait]
impl SkillLogRepository for SeaSkillLogRepository {
    async fn insert_batch(&self, entries: &[SkillLogEntry]) -> anyhow::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        if entries.len() <= ROWS_PER_STATEMENT {
            skill_logs::Entity::insert_many(entries.iter().map(to_row))
                .exec_without_returning(&self.db)
                .await
                .context("inserting skill logs")?;
            return Ok(());
        }
        let txn = self
            .db
            .begin()
            .await
            .context("starting a skill log batch")?;
        for chunk in entries.chunks(ROWS_PER_STATEMENT) {
            skill_logs::Entity::insert_many(chunk.iter().map(to_row))
                .exec_without_returning(&txn)
                .await
                .context("inserting skill logs")?;
        }
        txn.commit().await.context("committing skill logs")
    }

    async fn delete_before(&self, cutoff: DateTime<Utc>, limit: u32) -> anyhow::Result<u64> {
        // The last id of the oldest `limit` expired rows, then one range delete on the primary
        // key: MariaDB refuses a LIMIT inside the subquery a single statement would need.
        let last: Option<i64> = skill_logs::Entity::find()
            .select_only()
            .column(skill_logs::Column::Id)
            .filter(skill_logs::Column::CreatedAt.lt(to_db(cutoff)))
            .order_by_asc(skill_logs::Column::Id)
            .offset(u64::from(limit.max(1)) - 1)
            .limit(1)
            .into_tuple()
            .one(&self.db)
            .await
            .context("finding expired skill logs")?;
        let mut delete = skill_logs::Entity::delete_many()
            .filter(skill_logs::Column::CreatedAt.lt(to_db(cutoff)));
        if let Some(last) = last {
            delete = delete.filter(skill_logs::Column::Id.lte(last));
        }
        let res = delete
            .exec(&self.db)
            .await
            .context("deleting expired skill logs")?;
        Ok(res.rows_affected)
    }
}
