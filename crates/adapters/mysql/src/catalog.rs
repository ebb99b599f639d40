//! The catalog version (migration 10): bumped first in every transaction that changes what a
//! listing card shows, read by the listing caches before they answer.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, Statement,
    TransactionTrait as _,
};

/// A transaction for a write that changes what a card shows, the version already bumped: the
/// version row is then the first lock every such writer takes, which also orders them (no
/// deadlock between two writers over it).
pub(crate) async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    bump(&txn).await?;
    Ok(txn)
}

async fn bump<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "UPDATE catalog_version SET version = version + 1 WHERE id = 1",
    ))
    .await
    .map(|_| ())
}

pub(crate) const CURRENT: &str = "SELECT version FROM catalog_version WHERE id = 1";
