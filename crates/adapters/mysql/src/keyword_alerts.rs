//! [`KeywordRepository`] on sea-orm: `keyword_alerts` and `blocks` of migration 13, plain SQL on
//! both backends. Matching is exact lookups on the keyword index (`keyword IN (...)`), in
//! chunks, never a scan of the keywords.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_notifications::MemberId;
use junggye_notifications::alerts::{AlertError, AlertKeyword, KeywordRepository, Subscription};
use sea_orm::{
    ConnectionTrait as _, DatabaseConnection, DbErr, QueryResult, SqlErr, Statement, Value,
};

use crate::time::to_db;

/// Values per `IN (...)`: a listing name has at most a few hundred candidates and a deal title
/// some more; SQLite's default limit of bound values is 32,766, so this is far inside it.
const CHUNK: usize = 500;

/// Keyword alerts, and the blocks the matcher respects.
#[derive(Debug, Clone)]
pub struct SeaKeywordRepository {
    db: DatabaseConnection,
}

impl SeaKeywordRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    fn stmt(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(self.db.get_database_backend(), sql, values)
    }

    async fn rows(&self, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
        self.db.query_all_raw(self.stmt(sql, values)).await
    }

    async fn execute(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbErr> {
        Ok(self
            .db
            .execute_raw(self.stmt(sql, values))
            .await?
            .rows_affected())
    }
}

fn unexpected(err: DbErr, what: &'static str) -> AlertError {
    AlertError::Unexpected(anyhow::Error::new(err).context(what))
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

#[async_trait]
impl KeywordRepository for SeaKeywordRepository {
    async fn keywords(&self, member: MemberId) -> Result<Vec<AlertKeyword>, AlertError> {
        self.rows(
            "SELECT keyword FROM keyword_alerts WHERE member_id = ? ORDER BY id",
            vec![member.0.into()],
        )
        .await
        .and_then(|rows| {
            rows.iter()
                .map(|row| row.try_get_by_index::<String>(0).map(AlertKeyword::stored))
                .collect()
        })
        .map_err(|e| unexpected(e, "reading a member's keywords"))
    }

    async fn insert(
        &self,
        member: MemberId,
        keyword: &AlertKeyword,
        max: u32,
        at: DateTime<Utc>,
    ) -> Result<bool, AlertError> {
        // The count and the insert are one statement, so two racing adds cannot both see room
        // for one more. The derived table lets MySQL read the table it inserts into.
        let inserted = self
            .execute(
                "INSERT INTO keyword_alerts (member_id, keyword, created_at) \
                 SELECT ?, ?, ? FROM \
                 (SELECT COUNT(*) AS n FROM keyword_alerts WHERE member_id = ?) kept \
                 WHERE kept.n < ?",
                vec![
                    member.0.into(),
                    keyword.as_str().into(),
                    to_db(at).into(),
                    member.0.into(),
                    i64::from(max).into(),
                ],
            )
            .await
            .map_err(|e| match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => AlertError::Duplicate,
                _ => unexpected(e, "adding a keyword"),
            })?;
        Ok(inserted > 0)
    }

    async fn delete(&self, member: MemberId, keyword: &AlertKeyword) -> Result<bool, AlertError> {
        let removed = self
            .execute(
                "DELETE FROM keyword_alerts WHERE member_id = ? AND keyword = ?",
                vec![member.0.into(), keyword.as_str().into()],
            )
            .await
            .map_err(|e| unexpected(e, "removing a keyword"))?;
        Ok(removed > 0)
    }

    async fn subscribers(&self, keywords: &[String]) -> Result<Vec<Subscription>, AlertError> {
        let mut found = Vec::new();
        for chunk in keywords.chunks(CHUNK) {
            let rows = self
                .rows(
                    &format!(
                        "SELECT member_id, keyword FROM keyword_alerts WHERE keyword IN ({})",
                        placeholders(chunk.len())
                    ),
                    chunk.iter().map(|k| Value::from(k.as_str())).collect(),
                )
                .await
                .map_err(|e| unexpected(e, "looking up keyword subscribers"))?;
            for row in rows {
                found.push(Subscription {
                    member: MemberId(
                        row.try_get_by_index(0)
                            .map_err(|e| unexpected(e, "reading a subscriber"))?,
                    ),
                    keyword: row
                        .try_get_by_index(1)
                        .map_err(|e| unexpected(e, "reading a subscriber"))?,
                });
            }
        }
        Ok(found)
    }

    async fn blocked_either_way(
        &self,
        member: MemberId,
        others: &[MemberId],
    ) -> Result<Vec<MemberId>, AlertError> {
        let mut found = Vec::new();
        for chunk in others.chunks(CHUNK) {
            let ids = || chunk.iter().map(|m| Value::from(m.0));
            let mut values: Vec<Value> = vec![member.0.into()];
            values.extend(ids());
            values.push(member.0.into());
            values.extend(ids());
            // Each side on its own index: (blocker_id, blocked_id) and (blocked_id).
            let rows = self
                .rows(
                    &format!(
                        "SELECT blocked_id FROM blocks WHERE blocker_id = ? AND blocked_id IN ({0}) \
                         UNION SELECT blocker_id FROM blocks WHERE blocked_id = ? AND blocker_id IN ({0})",
                        placeholders(chunk.len())
                    ),
                    values,
                )
                .await
                .map_err(|e| unexpected(e, "reading blocks"))?;
            for row in rows {
                found.push(MemberId(
                    row.try_get_by_index(0)
                        .map_err(|e| unexpected(e, "reading a block"))?,
                ));
            }
        }
        Ok(found)
    }
}
