//! Writing notifications: one at a time (so each gets its id), inside the caller's
//! transaction when a change causes them (the outbox), and folding keyword matches.

use chrono::{DateTime, NaiveDateTime, Utc};
use junggye_notifications::{
    LikersNotice, MemberId, NewNotification, NotificationError, NotificationId, Outbox, Payload,
    PushState,
};
use sea_orm::{ConnectionTrait, TransactionTrait as _};

use super::sql::{execute, query};
use super::{payload, stored_payload, unexpected};
use crate::time::to_db;

pub(super) async fn insert_one<C: ConnectionTrait>(
    db: &C,
    notification: &NewNotification,
    state: PushState,
    push_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Result<NotificationId, NotificationError> {
    let at = to_db(at);
    let result = db
        .execute_raw(super::sql::stmt(
            db,
            "INSERT INTO notifications \
             (member_id, kind, payload, fold_key, created_at, push_state, push_at, failures, \
              updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
            vec![
                notification.member.0.into(),
                notification.kind().code().into(),
                stored_payload(&notification.payload)?.into(),
                notification.payload.fold_key().into(),
                at.into(),
                state.code().into(),
                push_at.map(to_db).into(),
                at.into(),
            ],
        ))
        .await
        .map_err(|e| unexpected(e, "storing a notification"))?;
    let id = i64::try_from(result.last_insert_id()).map_err(|e| {
        NotificationError::Unexpected(anyhow::Error::new(e).context("a notification id"))
    })?;
    Ok(NotificationId(id))
}

/// The outbox: stores the notifications a change causes, inside the change's transaction.
/// Their push is decided by the dispatcher's next run ([`PushState::Undecided`]), which knows
/// the member's preferences, quiet hours and cap.
/// [`write_outbox`] for a change that tells named members only.
pub(crate) async fn write_notifications<C: ConnectionTrait>(
    db: &C,
    notifications: &[NewNotification],
    at: NaiveDateTime,
) -> Result<(), NotificationError> {
    for notification in notifications {
        insert_one(db, notification, PushState::Undecided, None, at.and_utc()).await?;
    }
    Ok(())
}

/// `listing_moved`: whether the change really moved the listing; its likers are told only then.
pub(crate) async fn write_outbox<C: ConnectionTrait>(
    db: &C,
    outbox: &Outbox,
    listing_moved: bool,
    at: NaiveDateTime,
) -> Result<(), NotificationError> {
    write_notifications(db, &outbox.notifications, at).await?;
    if let Some(likers) = outbox.likers.as_ref().filter(|_| listing_moved) {
        write_likers(db, likers, at).await?;
    }
    Ok(())
}

/// One notification per liker, in one statement.
async fn write_likers<C: ConnectionTrait>(
    db: &C,
    likers: &LikersNotice,
    at: NaiveDateTime,
) -> Result<(), NotificationError> {
    let mut values = vec![
        likers.payload.kind().code().into(),
        stored_payload(&likers.payload)?.into(),
        at.into(),
        PushState::Undecided.code().into(),
        at.into(),
        likers.product.0.into(),
    ];
    let except = if likers.except.is_empty() {
        String::new()
    } else {
        values.extend(likers.except.iter().map(|m| m.0.into()));
        format!(
            " AND l.member_id NOT IN ({})",
            super::sql::placeholders(likers.except.len())
        )
    };
    execute(
        db,
        &format!(
            "INSERT INTO notifications \
             (member_id, kind, payload, created_at, push_state, failures, updated_at) \
             SELECT l.member_id, ?, ?, ?, ?, 0, ? FROM likes l WHERE l.product_id = ?{except}"
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "telling a listing's likers"))?;
    Ok(())
}

pub(super) async fn fold_keyword(
    db: &sea_orm::DatabaseConnection,
    member: MemberId,
    since: DateTime<Utc>,
    newer: &Payload,
) -> Result<Option<NotificationId>, NotificationError> {
    let Some(fold_key) = newer.fold_key() else {
        return Ok(None);
    };
    let now = to_db(Utc::now());
    let txn = db
        .begin()
        .await
        .map_err(|e| unexpected(e, "starting a keyword fold"))?;
    // Writing first takes the write lock at once: the candidates' row locks on MySQL, the
    // database's on SQLite (which would refuse to upgrade a read lock later). Two matches of
    // one keyword then fold one after the other instead of both reading count = 1.
    let touched = execute(
        &txn,
        "UPDATE notifications SET updated_at = ? \
         WHERE member_id = ? AND fold_key = ? AND created_at >= ?",
        vec![
            now.into(),
            member.0.into(),
            fold_key.clone().into(),
            to_db(since).into(),
        ],
    )
    .await
    .map_err(|e| unexpected(e, "locking a keyword notification"))?;
    if touched == 0 {
        return Ok(None);
    }
    let rows = query(
        &txn,
        "SELECT id, payload FROM notifications \
         WHERE member_id = ? AND fold_key = ? AND created_at >= ? ORDER BY id DESC LIMIT 1",
        vec![member.0.into(), fold_key.into(), to_db(since).into()],
    )
    .await
    .map_err(|e| unexpected(e, "reading a keyword notification"))?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let id = NotificationId(row.i64("id")?);
    let Some(folded) = payload(&row.string("payload")?)?.folded(newer) else {
        return Ok(None);
    };
    execute(
        &txn,
        "UPDATE notifications SET payload = ?, read_at = NULL, updated_at = ? WHERE id = ?",
        vec![stored_payload(&folded)?.into(), now.into(), id.0.into()],
    )
    .await
    .map_err(|e| unexpected(e, "folding a keyword match"))?;
    txn.commit()
        .await
        .map_err(|e| unexpected(e, "committing a keyword fold"))?;
    Ok(Some(id))
}
