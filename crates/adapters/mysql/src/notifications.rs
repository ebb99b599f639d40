//! [`NotificationRepository`] on sea-orm: the `notifications` table is the inbox and the push
//! outbox at once (migration 13), `notification_mutes` the switched-off groups. Statements are
//! plain SQL shared by both backends; the claim alone differs (`FOR UPDATE SKIP LOCKED` on
//! MySQL/MariaDB, one writer at a time on SQLite).

mod admin;
mod dispatch;
mod outbox;
mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_notifications::{
    AdminFilter, AdminNotification, DuePush, MemberId, Notification, NotificationError,
    NotificationGroup, NotificationId, NotificationRepository, Outgoing, Payload, Preferences,
    PushOutcome, PushState, PushStats, SentTask, TaskId, Undecided,
};
use sea_orm::{DatabaseConnection, DbErr, TransactionTrait as _};

use crate::time::{from_db, to_db};
pub(crate) use outbox::{write_notifications, write_outbox};
use sql::{Row, execute, placeholders, query};

/// Notifications, preferences and the push queue.
#[derive(Debug, Clone)]
pub struct SeaNotificationRepository {
    db: DatabaseConnection,
}

impl SeaNotificationRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

pub(crate) fn unexpected(err: DbErr, what: &'static str) -> NotificationError {
    NotificationError::Unexpected(anyhow::Error::new(err).context(what))
}

fn payload(raw: &str) -> Result<Payload, NotificationError> {
    serde_json::from_str(raw).map_err(|e| {
        NotificationError::Unexpected(anyhow::Error::new(e).context("reading a stored payload"))
    })
}

pub(crate) fn stored_payload(payload: &Payload) -> Result<String, NotificationError> {
    serde_json::to_string(payload).map_err(|e| {
        NotificationError::Unexpected(anyhow::Error::new(e).context("storing a payload"))
    })
}

fn ids_values(ids: &[NotificationId]) -> Vec<sea_orm::Value> {
    ids.iter().map(|id| id.0.into()).collect()
}

fn inbox_item(row: &Row) -> Result<Notification, NotificationError> {
    Ok(Notification {
        id: NotificationId(row.i64("id")?),
        member: MemberId(row.i64("member_id")?),
        payload: payload(&row.string("payload")?)?,
        created_at: from_db(row.time("created_at")?),
        unread: row.opt_time("read_at")?.is_none(),
    })
}

const INBOX_COLUMNS: &str = "id, member_id, payload, created_at, read_at";

#[async_trait]
impl NotificationRepository for SeaNotificationRepository {
    async fn insert(
        &self,
        notifications: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Vec<NotificationId>, NotificationError> {
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting to store notifications"))?;
        let mut ids = Vec::with_capacity(notifications.len());
        for outgoing in notifications {
            let state = if outgoing.push_at.is_some() {
                PushState::Queued
            } else {
                PushState::InboxOnly
            };
            ids.push(
                outbox::insert_one(&txn, &outgoing.notification, state, outgoing.push_at, at)
                    .await?,
            );
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing notifications"))?;
        Ok(ids)
    }

    async fn inbox(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Notification>, NotificationError> {
        let rows = query(
            &self.db,
            &format!(
                "SELECT {INBOX_COLUMNS} FROM notifications WHERE member_id = ? \
                 ORDER BY id DESC LIMIT ? OFFSET ?"
            ),
            vec![
                member.0.into(),
                (u64::from(page.size()) + 1).into(),
                page.offset().into(),
            ],
        )
        .await
        .map_err(|e| unexpected(e, "reading the inbox"))?;
        let items = rows.iter().map(inbox_item).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::from_overfetch(items, page.size()))
    }

    async fn mark_read(
        &self,
        member: MemberId,
        ids: &[NotificationId],
        at: DateTime<Utc>,
    ) -> Result<(), NotificationError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut values = vec![to_db(at).into(), member.0.into()];
        values.extend(ids_values(ids));
        execute(
            &self.db,
            &format!(
                "UPDATE notifications SET read_at = ? WHERE member_id = ? AND read_at IS NULL \
                 AND id IN ({})",
                placeholders(ids.len())
            ),
            values,
        )
        .await
        .map_err(|e| unexpected(e, "marking notifications read"))?;
        Ok(())
    }

    async fn unread_count(&self, member: MemberId) -> Result<u32, NotificationError> {
        let rows = query(
            &self.db,
            "SELECT COUNT(*) AS n FROM notifications WHERE member_id = ? AND read_at IS NULL",
            vec![member.0.into()],
        )
        .await
        .map_err(|e| unexpected(e, "counting unread notifications"))?;
        let n = rows.first().map(|r| r.i64("n")).transpose()?.unwrap_or(0);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn preferences(&self, member: MemberId) -> Result<Preferences, NotificationError> {
        let rows = query(
            &self.db,
            "SELECT group_code FROM notification_mutes WHERE member_id = ?",
            vec![member.0.into()],
        )
        .await
        .map_err(|e| unexpected(e, "reading notification preferences"))?;
        let mut preferences = Preferences::default();
        for row in rows {
            if let Some(group) = NotificationGroup::from_code(&row.string("group_code")?) {
                preferences.set(group, false);
            }
        }
        Ok(preferences)
    }

    async fn set_preference(
        &self,
        member: MemberId,
        group: NotificationGroup,
        enabled: bool,
    ) -> Result<(), NotificationError> {
        let txn = self
            .db
            .begin()
            .await
            .map_err(|e| unexpected(e, "starting a preference change"))?;
        execute(
            &txn,
            "DELETE FROM notification_mutes WHERE member_id = ? AND group_code = ?",
            vec![member.0.into(), group.code().into()],
        )
        .await
        .map_err(|e| unexpected(e, "switching a group on"))?;
        if !enabled {
            execute(
                &txn,
                "INSERT INTO notification_mutes (member_id, group_code) VALUES (?, ?)",
                vec![member.0.into(), group.code().into()],
            )
            .await
            .map_err(|e| unexpected(e, "switching a group off"))?;
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a preference change"))
    }

    async fn pushes_between(
        &self,
        member: MemberId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<u32, NotificationError> {
        let rows = query(
            &self.db,
            "SELECT COUNT(*) AS n FROM notifications \
             WHERE member_id = ? AND push_at >= ? AND push_at < ?",
            vec![member.0.into(), to_db(from).into(), to_db(to).into()],
        )
        .await
        .map_err(|e| unexpected(e, "counting a member's pushes"))?;
        let n = rows.first().map(|r| r.i64("n")).transpose()?.unwrap_or(0);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn fold_keyword(
        &self,
        member: MemberId,
        since: DateTime<Utc>,
        newer: &Payload,
    ) -> Result<Option<NotificationId>, NotificationError> {
        outbox::fold_keyword(&self.db, member, since, newer).await
    }

    async fn find(
        &self,
        member: MemberId,
        id: NotificationId,
    ) -> Result<Option<Notification>, NotificationError> {
        let rows = query(
            &self.db,
            &format!("SELECT {INBOX_COLUMNS} FROM notifications WHERE id = ? AND member_id = ?"),
            vec![id.0.into(), member.0.into()],
        )
        .await
        .map_err(|e| unexpected(e, "reading a notification"))?;
        rows.first().map(inbox_item).transpose()
    }

    async fn undecided(&self, limit: u32) -> Result<Vec<Undecided>, NotificationError> {
        dispatch::undecided(&self.db, limit).await
    }

    async fn set_push_plans(
        &self,
        plans: &[(NotificationId, Option<DateTime<Utc>>)],
    ) -> Result<(), NotificationError> {
        dispatch::set_push_plans(&self.db, plans).await
    }

    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<AdminNotification>, NotificationError> {
        admin::list(&self.db, filter, page).await
    }

    async fn requeue(
        &self,
        id: NotificationId,
        from: &'static [PushState],
        now: DateTime<Utc>,
    ) -> Result<bool, NotificationError> {
        admin::requeue(&self.db, id, from, now).await
    }

    async fn stats(&self) -> Result<PushStats, NotificationError> {
        admin::stats(&self.db).await
    }

    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<DuePush>, NotificationError> {
        dispatch::claim_due(&self.db, now, lease_until, limit).await
    }

    async fn begin_send(
        &self,
        ids: &[NotificationId],
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<NotificationId>, NotificationError> {
        dispatch::begin_send(&self.db, ids, lease_until, now).await
    }

    async fn record_sent(
        &self,
        ids: &[NotificationId],
        task: &TaskId,
        check_at: DateTime<Utc>,
    ) -> Result<(), NotificationError> {
        dispatch::record_sent(&self.db, ids, task, check_at).await
    }

    async fn tasks_to_check(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SentTask>, NotificationError> {
        dispatch::tasks_to_check(&self.db, now, limit).await
    }

    async fn recheck_task(
        &self,
        task: &TaskId,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationError> {
        execute(
            &self.db,
            "UPDATE notifications SET check_at = ? WHERE task_id = ? AND push_state = ?",
            vec![
                to_db(at).into(),
                task.0.clone().into(),
                PushState::Sent.code().into(),
            ],
        )
        .await
        .map_err(|e| unexpected(e, "scheduling a task lookup"))?;
        Ok(())
    }

    async fn record_outcomes(
        &self,
        outcomes: &[(NotificationId, PushOutcome)],
        at: DateTime<Utc>,
    ) -> Result<(), NotificationError> {
        dispatch::record_outcomes(&self.db, outcomes, at).await
    }
}
