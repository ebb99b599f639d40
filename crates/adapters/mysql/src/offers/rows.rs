//! Plain SQL for offers (`?` placeholders, which MariaDB and SQLite both take) and reading
//! its rows into the domain's [`Offer`].

use anyhow::anyhow;
use chrono::NaiveDateTime;
use junggye_orders::{MemberId, Offer, OfferError, OfferId, OfferState, ProductId, Won};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

use crate::time::from_db;

/// The columns [`to_offer`] reads: the offer and its listing's name.
pub(super) const SELECT: &str = "SELECT o.id, o.product_id, p.name AS product_name, o.buyer_id, \
     o.seller_id, o.price, o.state, o.created_at, o.answered_at, o.expires_at \
     FROM offers o JOIN products p ON p.id = o.product_id";

pub(crate) fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub(crate) async fn query<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(stmt(db, sql, values)).await
}

/// Runs a write and returns the rows it changed.
pub(crate) async fn execute<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    Ok(db.execute_raw(stmt(db, sql, values)).await?.rows_affected())
}

/// `?, ?, ?` for an `IN (...)` of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub(super) fn unexpected(err: DbErr, what: &'static str) -> OfferError {
    OfferError::Unexpected(anyhow::Error::new(err).context(what))
}

/// A stored row the domain cannot read is a bug or a bad manual edit: reported, not patched.
pub(super) fn to_offer(row: &QueryResult) -> Result<Offer, OfferError> {
    let get_i64 = |c: &str| -> Result<i64, OfferError> {
        row.try_get("", c)
            .map_err(|e| unexpected(e, "reading an offer row"))
    };
    let get_time = |c: &str| -> Result<Option<NaiveDateTime>, OfferError> {
        row.try_get("", c)
            .map_err(|e| unexpected(e, "reading an offer row"))
    };
    let id = get_i64("id")?;
    let state: String = row
        .try_get("", "state")
        .map_err(|e| unexpected(e, "reading an offer row"))?;
    let name: String = row
        .try_get("", "product_name")
        .map_err(|e| unexpected(e, "reading an offer row"))?;
    Ok(Offer {
        id: OfferId(id),
        product_id: ProductId(get_i64("product_id")?),
        product_name: name,
        buyer_id: MemberId(get_i64("buyer_id")?),
        seller_id: MemberId(get_i64("seller_id")?),
        price: Won(get_i64("price")?),
        state: OfferState::from_code(&state)
            .ok_or_else(|| OfferError::Unexpected(anyhow!("offer {id} has state {state:?}")))?,
        created_at: get_time("created_at")?
            .map(from_db)
            .ok_or_else(|| OfferError::Unexpected(anyhow!("offer {id} has no created_at")))?,
        answered_at: get_time("answered_at")?.map(from_db),
        expires_at: get_time("expires_at")?.map(from_db),
    })
}
