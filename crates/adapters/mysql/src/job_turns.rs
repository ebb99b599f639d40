//! [`JobTurns`] in the shared database: one row per job with its next due time. Taking a turn
//! is a single compare-and-set, so of several instances asking at once exactly one succeeds.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::JobTurns;
use junggye_domain_common::schedule::next_due;
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, Statement};

use crate::time::to_db;

#[derive(Debug, Clone)]
pub struct SeaJobTurns {
    db: DatabaseConnection,
}

impl SeaJobTurns {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl JobTurns for SeaJobTurns {
    async fn take_turn(
        &self,
        job: &str,
        instance: &str,
        now: DateTime<Utc>,
        period: Duration,
    ) -> anyhow::Result<bool> {
        let backend = self.db.get_database_backend();
        let due = to_db(next_due(now, period));
        let taken = self
            .db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE job_turns SET due_at = ?, instance = ? WHERE job = ? AND due_at <= ?",
                [due.into(), instance.into(), job.into(), to_db(now).into()],
            ))
            .await?
            .rows_affected();
        if taken == 1 {
            return Ok(true);
        }
        // The job's first turn ever; a concurrent first turn elsewhere makes this a no-op.
        let insert = match backend {
            DbBackend::Sqlite => {
                "INSERT OR IGNORE INTO job_turns (job, due_at, instance) VALUES (?, ?, ?)"
            }
            _ => "INSERT IGNORE INTO job_turns (job, due_at, instance) VALUES (?, ?, ?)",
        };
        let created = self
            .db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                insert,
                [job.into(), due.into(), instance.into()],
            ))
            .await?
            .rows_affected();
        Ok(created == 1)
    }
}
