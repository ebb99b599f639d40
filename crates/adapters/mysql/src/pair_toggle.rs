//! A row that exists or not for a pair of ids (a like, a block), flipped by one tap.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbErr, SqlErr, Statement};

use crate::time::to_db;

/// Deletes the `(columns[0], columns[1]) = ids` row of `table`, or inserts it with
/// `created_at = at` when there was none; `true` when it exists afterwards.
///
/// No transaction: a DELETE that finds nothing takes a gap lock on MariaDB, and two racing
/// taps would then deadlock on their INSERTs. The table's unique key on the pair settles the
/// race instead: the second INSERT's duplicate means the pair exists, once.
pub(crate) async fn toggle(
    db: &DatabaseConnection,
    table: &'static str,
    columns: [&'static str; 2],
    ids: [i64; 2],
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let [first, second] = columns;
    let removed = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM {table} WHERE {first} = ? AND {second} = ?"),
            [ids[0].into(), ids[1].into()],
        ))
        .await?
        .rows_affected();
    if removed > 0 {
        return Ok(false);
    }
    let inserted = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO {table} ({first}, {second}, created_at) VALUES (?, ?, ?)"),
            [ids[0].into(), ids[1].into(), to_db(at).into()],
        ))
        .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(true),
        Err(e) => Err(e),
    }
}
