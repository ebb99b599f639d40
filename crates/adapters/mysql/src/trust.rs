//! Recomputes a member's 매너온도 from their history with the members domain's
//! `manner_score`, inside the caller's transaction (a review stored or deleted, a trade
//! completed or recorded, an order cancelled), so the stored score never lags its cause.

use junggye_members::{MemberId, Rating, TrustHistory, manner_score};
use junggye_orders::{CancelReason, OrderStatus, Party};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The cancel reason codes `CancelReason::counts_against` lays at `party`'s door.
fn cancel_codes(party: Party) -> Vec<Value> {
    CancelReason::ALL
        .into_iter()
        .filter(|reason| reason.counts_against() == Some(party))
        .map(|reason| reason.code().into())
        .collect()
}

pub(crate) async fn recompute<C: ConnectionTrait>(db: &C, member: i64) -> Result<(), DbErr> {
    let mut history = TrustHistory::default();
    for row in db
        .query_all_raw(stmt(
            db,
            "SELECT reviewer_id, rating FROM reviews WHERE reviewee_id = ?",
            vec![member.into()],
        ))
        .await?
    {
        let reviewer: i64 = row.try_get("", "reviewer_id")?;
        let code: String = row.try_get("", "rating")?;
        let rating = Rating::from_code(&code)
            .ok_or_else(|| DbErr::Type(format!("stored review has rating {code:?}")))?;
        history.reviews.push((MemberId(reviewer), rating));
    }
    for row in db
        .query_all_raw(stmt(
            db,
            "SELECT buyer_id, seller_id FROM orders \
             WHERE status = ? AND (buyer_id = ? OR seller_id = ?)",
            vec![
                OrderStatus::Completed.code().into(),
                member.into(),
                member.into(),
            ],
        ))
        .await?
    {
        let buyer: i64 = row.try_get("", "buyer_id")?;
        let seller: i64 = row.try_get("", "seller_id")?;
        history
            .trades
            .push(MemberId(if buyer == member { seller } else { buyer }));
    }
    let buyer_codes = cancel_codes(Party::Buyer);
    let seller_codes = cancel_codes(Party::Seller);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM orders WHERE status = ? AND \
         ((buyer_id = ? AND cancel_reason IN ({})) OR (seller_id = ? AND cancel_reason IN ({})))",
        placeholders(buyer_codes.len()),
        placeholders(seller_codes.len()),
    );
    let mut values: Vec<Value> = vec![OrderStatus::Cancelled.code().into(), member.into()];
    values.extend(buyer_codes);
    values.push(member.into());
    values.extend(seller_codes);
    let cancellations: i64 = match db.query_one_raw(stmt(db, &sql, values)).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    history.cancellations = u32::try_from(cancellations).unwrap_or(u32::MAX);
    db.execute_raw(stmt(
        db,
        "UPDATE members SET manner_tenths = ? WHERE id = ?",
        vec![manner_score(&history).tenths().into(), member.into()],
    ))
    .await?;
    Ok(())
}
