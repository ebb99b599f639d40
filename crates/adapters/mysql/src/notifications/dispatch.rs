//! The push queue's statements: each transition is a compare-and-set on `push_state`, so
//! several dispatchers (instances) can run at once without sending a push twice.

use chrono::{DateTime, Duration, Utc};
use junggye_members::MemberStatus;
use junggye_notifications::{
    DuePush, MemberId, NotificationError, NotificationId, NotificationKind, PushOutcome, PushState,
    SentTask, TASK_CHECK_DELAY, TaskId, Undecided,
};
use sea_orm::{DatabaseConnection, DbBackend, DbErr, IsolationLevel, TransactionTrait as _};

use super::sql::{Row, execute, placeholders, query};
use super::{ids_values, unexpected};
use crate::time::{from_db, to_db};

/// How long a dispatcher holds a task's lookup before another may try it.
const TASK_LOOKUP_LEASE: Duration = Duration::seconds(30);

pub(super) async fn undecided(
    db: &DatabaseConnection,
    limit: u32,
) -> Result<Vec<Undecided>, NotificationError> {
    let rows = query(
        db,
        "SELECT id, member_id, kind FROM notifications WHERE push_state = ? ORDER BY id LIMIT ?",
        vec![PushState::Undecided.code().into(), limit.into()],
    )
    .await
    .map_err(|e| unexpected(e, "reading undecided notifications"))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = NotificationKind::from_code(&row.string("kind")?) else {
            continue;
        };
        out.push(Undecided {
            id: NotificationId(row.i64("id")?),
            member: MemberId(row.i64("member_id")?),
            kind,
        });
    }
    Ok(out)
}

pub(super) async fn set_push_plans(
    db: &DatabaseConnection,
    plans: &[(NotificationId, Option<DateTime<Utc>>)],
) -> Result<(), NotificationError> {
    for (id, push_at) in plans {
        let state = if push_at.is_some() {
            PushState::Queued
        } else {
            PushState::InboxOnly
        };
        execute(
            db,
            "UPDATE notifications SET push_state = ?, push_at = ?, updated_at = ? \
             WHERE id = ? AND push_state = ?",
            vec![
                state.code().into(),
                push_at.map(to_db).into(),
                to_db(Utc::now()).into(),
                id.0.into(),
                PushState::Undecided.code().into(),
            ],
        )
        .await
        .map_err(|e| unexpected(e, "recording a push decision"))?;
    }
    Ok(())
}

pub(super) async fn claim_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<DuePush>, NotificationError> {
    // A dispatcher that stopped between begin_send and record_sent may have sent: never again.
    execute(
        db,
        "UPDATE notifications SET push_state = ?, lease_until = NULL, updated_at = ? \
         WHERE push_state = ? AND lease_until < ?",
        vec![
            PushState::Failed.code().into(),
            to_db(now).into(),
            PushState::Sending.code().into(),
            to_db(now).into(),
        ],
    )
    .await
    .map_err(|e| unexpected(e, "giving up interrupted sends"))?;
    let ids = lease_retrying(db, now, lease_until, limit).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut values = vec![MemberStatus::Active.code().into()];
    values.extend(ids_values(&ids));
    let rows = query(
        db,
        &format!(
            "SELECT n.id, n.member_id, n.failures, m.user_key FROM notifications n \
             JOIN members m ON m.id = n.member_id AND m.status = ? \
             WHERE n.id IN ({}) ORDER BY n.push_at, n.id",
            placeholders(ids.len())
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "reading claimed pushes"))?;
    let due = rows.iter().map(due_push).collect::<Result<Vec<_>, _>>()?;
    // A member who left or was suspended meanwhile is not pushed to.
    let gone: Vec<NotificationId> = ids
        .into_iter()
        .filter(|id| !due.iter().any(|p| p.id == *id))
        .collect();
    if !gone.is_empty() {
        let mut values = vec![PushState::Unreachable.code().into()];
        values.extend(ids_values(&gone));
        execute(
            db,
            &format!(
                "UPDATE notifications SET push_state = ?, lease_until = NULL WHERE id IN ({})",
                placeholders(gone.len())
            ),
            values,
        )
        .await
        .map_err(|e| unexpected(e, "dropping pushes to departed members"))?;
    }
    Ok(due)
}

fn due_push(row: &Row) -> Result<DuePush, NotificationError> {
    Ok(DuePush {
        id: NotificationId(row.i64("id")?),
        member: MemberId(row.i64("member_id")?),
        user_key: row.string("user_key")?,
        failures: u32::try_from(row.i64("failures")?).unwrap_or(u32::MAX),
    })
}

/// Tries the claim again when InnoDB picked it as a deadlock victim: two dispatchers'
/// locking reads can still meet on the index (the claim is short, so a retry soon gets
/// through). Nothing was leased by the failed try: its transaction rolled back.
async fn lease_retrying(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<NotificationId>, NotificationError> {
    const ATTEMPTS: u32 = 4;
    let mut attempt = 1;
    loop {
        match lease(db, now, lease_until, limit).await {
            Err(LeaseError::Deadlock(_)) if attempt < ATTEMPTS => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(u64::from(attempt) * 7)).await;
            }
            Err(LeaseError::Deadlock(e) | LeaseError::Db(e)) => {
                return Err(unexpected(e, "claiming pushes"));
            }
            Err(LeaseError::Row(e)) => return Err(e),
            Ok(ids) => return Ok(ids),
        }
    }
}

enum LeaseError {
    Deadlock(DbErr),
    Db(DbErr),
    Row(NotificationError),
}

impl From<DbErr> for LeaseError {
    fn from(e: DbErr) -> Self {
        // MySQL/MariaDB report a deadlock victim as error 1213, SQLSTATE 40001; sea-orm keeps
        // only the driver's message.
        let text = e.to_string();
        if text.contains("1213") || text.contains("40001") {
            Self::Deadlock(e)
        } else {
            Self::Db(e)
        }
    }
}

impl From<NotificationError> for LeaseError {
    fn from(e: NotificationError) -> Self {
        Self::Row(e)
    }
}

/// Leases up to `limit` due pushes no live lease holds and returns their ids. On MySQL/MariaDB
/// `FOR UPDATE SKIP LOCKED` lets dispatchers claim side by side, each skipping what another is
/// claiming; SQLite has one writer, so the update is the claim.
async fn lease(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<NotificationId>, LeaseError> {
    let due_filter = "push_state = ? AND push_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
    let due_values = || -> Vec<sea_orm::Value> {
        vec![
            PushState::Queued.code().into(),
            to_db(now).into(),
            to_db(now).into(),
        ]
    };
    // READ COMMITTED: the locking read then locks the rows it returns, not the gaps around
    // them, which is what made two dispatchers deadlock under REPEATABLE READ.
    let txn = db
        .begin_with_config(Some(IsolationLevel::ReadCommitted), None)
        .await?;
    let ids: Vec<NotificationId> = if db.get_database_backend() == DbBackend::Sqlite {
        let mut values = vec![to_db(lease_until).into()];
        values.extend(due_values());
        values.push(limit.into());
        execute(
            &txn,
            &format!(
                "UPDATE notifications SET lease_until = ? WHERE id IN \
                 (SELECT id FROM notifications WHERE {due_filter} ORDER BY push_at, id LIMIT ?)"
            ),
            values,
        )
        .await?;
        query(
            &txn,
            "SELECT id FROM notifications WHERE push_state = ? AND lease_until = ?",
            vec![PushState::Queued.code().into(), to_db(lease_until).into()],
        )
        .await?
        .iter()
        .map(|r| r.i64("id").map(NotificationId))
        .collect::<Result<_, _>>()?
    } else {
        let mut values = due_values();
        values.push(limit.into());
        let ids: Vec<NotificationId> = query(
            &txn,
            &format!(
                "SELECT id FROM notifications WHERE {due_filter} ORDER BY push_at, id LIMIT ? \
                 FOR UPDATE SKIP LOCKED"
            ),
            values,
        )
        .await?
        .iter()
        .map(|r| r.i64("id").map(NotificationId))
        .collect::<Result<_, _>>()?;
        if !ids.is_empty() {
            let mut values = vec![to_db(lease_until).into()];
            values.extend(ids_values(&ids));
            execute(
                &txn,
                &format!(
                    "UPDATE notifications SET lease_until = ? WHERE id IN ({})",
                    placeholders(ids.len())
                ),
                values,
            )
            .await?;
        }
        ids
    };
    txn.commit().await?;
    Ok(ids)
}

pub(super) async fn begin_send(
    db: &DatabaseConnection,
    ids: &[NotificationId],
    lease_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<NotificationId>, NotificationError> {
    if ids.is_empty() || lease_until <= now {
        return Ok(Vec::new());
    }
    let mut values = vec![
        PushState::Sending.code().into(),
        to_db(now).into(),
        PushState::Queued.code().into(),
        to_db(lease_until).into(),
    ];
    values.extend(ids_values(ids));
    execute(
        db,
        &format!(
            "UPDATE notifications SET push_state = ?, updated_at = ? \
             WHERE push_state = ? AND lease_until = ? AND id IN ({})",
            placeholders(ids.len())
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "marking pushes sending"))?;
    let mut values = vec![PushState::Sending.code().into(), to_db(lease_until).into()];
    values.extend(ids_values(ids));
    let rows = query(
        db,
        &format!(
            "SELECT id FROM notifications WHERE push_state = ? AND lease_until = ? \
             AND id IN ({})",
            placeholders(ids.len())
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "reading pushes being sent"))?;
    rows.iter()
        .map(|r| r.i64("id").map(NotificationId))
        .collect()
}

pub(super) async fn record_sent(
    db: &DatabaseConnection,
    ids: &[NotificationId],
    task: &TaskId,
    check_at: DateTime<Utc>,
) -> Result<(), NotificationError> {
    if ids.is_empty() {
        return Ok(());
    }
    let sent_at = to_db(check_at - TASK_CHECK_DELAY);
    let mut values = vec![
        PushState::Sent.code().into(),
        task.0.clone().into(),
        to_db(check_at).into(),
        sent_at.into(),
        sent_at.into(),
        PushState::Sending.code().into(),
    ];
    values.extend(ids_values(ids));
    execute(
        db,
        &format!(
            "UPDATE notifications SET push_state = ?, task_id = ?, check_at = ?, sent_at = ?, \
             lease_until = NULL, updated_at = ? WHERE push_state = ? AND id IN ({})",
            placeholders(ids.len())
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "recording a send"))?;
    Ok(())
}

pub(super) async fn tasks_to_check(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<SentTask>, NotificationError> {
    let rows = query(
        db,
        "SELECT DISTINCT task_id FROM notifications \
         WHERE push_state = ? AND check_at <= ? LIMIT ?",
        vec![
            PushState::Sent.code().into(),
            to_db(now).into(),
            limit.into(),
        ],
    )
    .await
    .map_err(|e| unexpected(e, "finding tasks to look up"))?;
    let mut tasks = Vec::new();
    for row in rows {
        let Some(task) = row.opt_string("task_id")? else {
            continue;
        };
        // Taking the lookup for a while: another dispatcher skips the task meanwhile.
        let taken = execute(
            db,
            "UPDATE notifications SET check_at = ? \
             WHERE task_id = ? AND push_state = ? AND check_at <= ?",
            vec![
                to_db(now + TASK_LOOKUP_LEASE).into(),
                task.clone().into(),
                PushState::Sent.code().into(),
                to_db(now).into(),
            ],
        )
        .await
        .map_err(|e| unexpected(e, "taking a task lookup"))?;
        if taken == 0 {
            continue;
        }
        let pushes = query(
            db,
            "SELECT n.id, n.member_id, n.failures, n.sent_at, m.user_key FROM notifications n \
             JOIN members m ON m.id = n.member_id WHERE n.task_id = ? AND n.push_state = ?",
            vec![task.clone().into(), PushState::Sent.code().into()],
        )
        .await
        .map_err(|e| unexpected(e, "reading a task's pushes"))?;
        let Some(first) = pushes.first() else {
            continue;
        };
        let sent_at = first.opt_time("sent_at")?.map_or(now, from_db);
        tasks.push(SentTask {
            task: TaskId(task),
            sent_at,
            pushes: pushes.iter().map(due_push).collect::<Result<_, _>>()?,
        });
    }
    Ok(tasks)
}

pub(super) async fn record_outcomes(
    db: &DatabaseConnection,
    outcomes: &[(NotificationId, PushOutcome)],
    at: DateTime<Utc>,
) -> Result<(), NotificationError> {
    let at = to_db(at);
    let open = [PushState::Sending.code(), PushState::Sent.code()];
    for (id, outcome) in outcomes {
        let (sql, mut values): (&str, Vec<sea_orm::Value>) = match outcome {
            PushOutcome::Delivered | PushOutcome::Unreachable => (
                "UPDATE notifications SET push_state = ?, lease_until = NULL, updated_at = ? \
                 WHERE id = ? AND push_state IN (?, ?)",
                vec![
                    if *outcome == PushOutcome::Delivered {
                        PushState::Delivered
                    } else {
                        PushState::Unreachable
                    }
                    .code()
                    .into(),
                    at.into(),
                    id.0.into(),
                ],
            ),
            PushOutcome::Failed {
                retry_at: Some(retry_at),
            } => (
                "UPDATE notifications SET push_state = ?, push_at = ?, failures = failures + 1, \
                 lease_until = NULL, task_id = NULL, check_at = NULL, updated_at = ? \
                 WHERE id = ? AND push_state IN (?, ?)",
                vec![
                    PushState::Queued.code().into(),
                    to_db(*retry_at).into(),
                    at.into(),
                    id.0.into(),
                ],
            ),
            PushOutcome::Failed { retry_at: None } => (
                "UPDATE notifications SET push_state = ?, failures = failures + 1, \
                 lease_until = NULL, updated_at = ? WHERE id = ? AND push_state IN (?, ?)",
                vec![PushState::Failed.code().into(), at.into(), id.0.into()],
            ),
        };
        values.extend(open.iter().map(|code| (*code).into()));
        execute(db, sql, values)
            .await
            .map_err(|e| unexpected(e, "recording a push outcome"))?;
    }
    Ok(())
}
