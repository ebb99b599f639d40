//! [`BlockRepository`] on sea-orm: the `blocks` table of migration 13, plain SQL on both
//! backends. A block changes which listings its blocker's pages show, but those pages are
//! never cached (the listing cache reads them through), so no catalog bump is needed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_members::MemberId;
use junggye_members::blocks::{BlockError, BlockRepository};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbErr, Statement, Value};

use crate::pair_toggle;

/// Blocks in `blocks`, one row per (blocker, blocked) pair.
#[derive(Debug, Clone)]
pub struct SeaBlockRepository {
    db: DatabaseConnection,
}

impl SeaBlockRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    fn stmt(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(self.db.get_database_backend(), sql, values)
    }

    async fn ids(&self, sql: &str, values: Vec<Value>) -> Result<Vec<i64>, DbErr> {
        self.db
            .query_all_raw(self.stmt(sql, values))
            .await?
            .iter()
            .map(|row| row.try_get_by_index::<i64>(0))
            .collect()
    }
}

fn unexpected(err: DbErr, what: &'static str) -> BlockError {
    BlockError::Unexpected(anyhow::Error::new(err).context(what))
}

#[async_trait]
impl BlockRepository for SeaBlockRepository {
    async fn toggle(
        &self,
        blocker: MemberId,
        blocked: MemberId,
        at: DateTime<Utc>,
    ) -> Result<bool, BlockError> {
        pair_toggle::toggle(
            &self.db,
            "blocks",
            ["blocker_id", "blocked_id"],
            [blocker.0, blocked.0],
            at,
        )
        .await
        .map_err(|e| unexpected(e, "toggling a block"))
    }

    async fn blocked_by(&self, blocker: MemberId) -> Result<Vec<MemberId>, BlockError> {
        Ok(self
            .ids(
                "SELECT blocked_id FROM blocks WHERE blocker_id = ? ORDER BY id",
                vec![blocker.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "reading blocks"))?
            .into_iter()
            .map(MemberId)
            .collect())
    }

    async fn either_way(&self, a: MemberId, b: MemberId) -> Result<bool, BlockError> {
        let found = self
            .ids(
                "SELECT id FROM blocks WHERE (blocker_id = ? AND blocked_id = ?) \
                 OR (blocker_id = ? AND blocked_id = ?)",
                vec![a.0.into(), b.0.into(), b.0.into(), a.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "reading a block"))?;
        Ok(!found.is_empty())
    }
}
