//! The admin list, the admin's retry and the counts `/metrics` shows.

use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_notifications::{
    AdminFilter, AdminNotification, MemberId, NotificationError, NotificationId, NotificationKind,
    PushState, PushStats,
};
use sea_orm::DatabaseConnection;

use super::sql::{execute, placeholders, query};
use super::{payload, unexpected};
use crate::time::{from_db, to_db};

pub(super) async fn list(
    db: &DatabaseConnection,
    filter: &AdminFilter,
    page: Page,
) -> Result<Paged<AdminNotification>, NotificationError> {
    let mut conditions = Vec::new();
    let mut values: Vec<sea_orm::Value> = Vec::new();
    if let Some(member) = filter.member {
        conditions.push("member_id = ?");
        values.push(member.0.into());
    }
    if let Some(kind) = filter.kind {
        conditions.push("kind = ?");
        values.push(kind.code().into());
    }
    if let Some(state) = filter.state {
        conditions.push("push_state = ?");
        values.push(state.code().into());
    }
    let filter_sql = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    values.push((u64::from(page.size()) + 1).into());
    values.push(page.offset().into());
    let rows = query(
        db,
        &format!(
            "SELECT id, member_id, kind, payload, push_state, created_at, read_at, push_at, \
             failures FROM notifications {filter_sql} ORDER BY id DESC LIMIT ? OFFSET ?"
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "listing notifications"))?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(kind), Some(state)) = (
            NotificationKind::from_code(&row.string("kind")?),
            PushState::from_code(&row.string("push_state")?),
        ) else {
            continue;
        };
        items.push(AdminNotification {
            id: NotificationId(row.i64("id")?),
            member: MemberId(row.i64("member_id")?),
            kind,
            payload: payload(&row.string("payload")?)?,
            state,
            created_at: from_db(row.time("created_at")?),
            read: row.opt_time("read_at")?.is_some(),
            push_at: row.opt_time("push_at")?.map(from_db),
            failures: u32::try_from(row.i64("failures")?).unwrap_or(u32::MAX),
        });
    }
    Ok(Paged::from_overfetch(items, page.size()))
}

pub(super) async fn requeue(
    db: &DatabaseConnection,
    id: NotificationId,
    from: &'static [PushState],
    now: DateTime<Utc>,
) -> Result<bool, NotificationError> {
    if from.is_empty() {
        return Ok(false);
    }
    let now = to_db(now);
    let mut values = vec![
        PushState::Queued.code().into(),
        now.into(),
        now.into(),
        id.0.into(),
    ];
    values.extend(from.iter().map(|s| s.code().into()));
    let changed = execute(
        db,
        &format!(
            "UPDATE notifications SET push_state = ?, push_at = ?, failures = 0, \
             lease_until = NULL, task_id = NULL, check_at = NULL, updated_at = ? \
             WHERE id = ? AND push_state IN ({})",
            placeholders(from.len())
        ),
        values,
    )
    .await
    .map_err(|e| unexpected(e, "queueing a push again"))?;
    Ok(changed > 0)
}

pub(super) async fn stats(db: &DatabaseConnection) -> Result<PushStats, NotificationError> {
    let rows = query(
        db,
        "SELECT push_state, COUNT(*) AS n FROM notifications GROUP BY push_state",
        vec![],
    )
    .await
    .map_err(|e| unexpected(e, "counting pushes"))?;
    let mut stats = PushStats::default();
    for row in rows {
        let n = u64::try_from(row.i64("n")?).unwrap_or(0);
        match PushState::from_code(&row.string("push_state")?) {
            Some(
                PushState::Undecided | PushState::Queued | PushState::Sending | PushState::Sent,
            ) => {
                stats.queued += n;
            }
            Some(PushState::Delivered) => stats.delivered += n,
            Some(PushState::Failed) => stats.failed += n,
            Some(PushState::Unreachable) => stats.unreachable += n,
            Some(PushState::InboxOnly) | None => {}
        }
    }
    let oldest = query(
        db,
        "SELECT MIN(push_at) AS oldest FROM notifications WHERE push_state = ?",
        vec![PushState::Queued.code().into()],
    )
    .await
    .map_err(|e| unexpected(e, "finding the oldest queued push"))?;
    stats.oldest_due = oldest
        .first()
        .map(|r| r.opt_time("oldest"))
        .transpose()?
        .flatten()
        .map(from_db);
    Ok(stats)
}
