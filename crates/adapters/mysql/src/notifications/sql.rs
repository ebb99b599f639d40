//! Plain SQL with `?` placeholders, which MySQL/MariaDB and SQLite both take, and typed reads
//! of its rows.

use chrono::NaiveDateTime;
use junggye_notifications::NotificationError;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

pub(super) fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub(super) async fn query<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Row>, DbErr> {
    Ok(db
        .query_all_raw(stmt(db, sql, values))
        .await?
        .into_iter()
        .map(Row)
        .collect())
}

/// Runs a write and returns the rows it changed.
pub(super) async fn execute<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    Ok(db.execute_raw(stmt(db, sql, values)).await?.rows_affected())
}

/// `?, ?, ?` for an `IN (...)` of `n` values.
pub(super) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub(super) struct Row(QueryResult);

fn read(e: DbErr) -> NotificationError {
    NotificationError::Unexpected(anyhow::Error::new(e).context("reading a notification row"))
}

impl Row {
    pub(super) fn i64(&self, column: &str) -> Result<i64, NotificationError> {
        self.0.try_get("", column).map_err(read)
    }

    pub(super) fn string(&self, column: &str) -> Result<String, NotificationError> {
        self.0.try_get("", column).map_err(read)
    }

    pub(super) fn opt_string(&self, column: &str) -> Result<Option<String>, NotificationError> {
        self.0.try_get("", column).map_err(read)
    }

    pub(super) fn time(&self, column: &str) -> Result<NaiveDateTime, NotificationError> {
        self.0.try_get("", column).map_err(read)
    }

    pub(super) fn opt_time(
        &self,
        column: &str,
    ) -> Result<Option<NaiveDateTime>, NotificationError> {
        self.0.try_get("", column).map_err(read)
    }
}
