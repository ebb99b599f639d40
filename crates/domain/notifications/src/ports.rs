//! What the notifications domain needs from storage and from the push channel (the Kakao
//! Event API).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};

use crate::error::{NotificationError, PushError};
use crate::kinds::{NotificationGroup, NotificationKind, PushState};
use crate::model::{MemberId, NewNotification, Notification, NotificationId, Payload};
use crate::schedule::Preferences;

/// A notification to store, with when its push is due (`None`: inbox only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub notification: NewNotification,
    pub push_at: Option<DateTime<Utc>>,
}

/// A push to send: the notification, and the member's bot user key (`user[].id` of the Event
/// API, `type = botUserKey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePush {
    pub id: NotificationId,
    pub member: MemberId,
    pub user_key: String,
    /// Sends of this push that failed so far.
    pub failures: u32,
}

/// A notification an outbox wrote, whose push the dispatcher has to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecided {
    pub id: NotificationId,
    pub member: MemberId,
    pub kind: NotificationKind,
}

/// `GET /admin/notifications` filters; `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminFilter {
    pub member: Option<MemberId>,
    pub kind: Option<NotificationKind>,
    pub state: Option<PushState>,
}

/// A notification as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminNotification {
    pub id: NotificationId,
    pub member: MemberId,
    pub kind: NotificationKind,
    pub payload: Payload,
    pub state: PushState,
    pub created_at: DateTime<Utc>,
    pub read: bool,
    pub push_at: Option<DateTime<Utc>>,
    pub failures: u32,
}

/// What `/metrics` shows of the push queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushStats {
    /// Undecided, queued, sending or sent and waiting for the task's result.
    pub queued: u64,
    pub delivered: u64,
    pub failed: u64,
    pub unreachable: u64,
    /// The push time of the oldest push due and not yet sent.
    pub oldest_due: Option<DateTime<Utc>>,
}

/// The Event API's task id, returned by a send and looked up for the per-user results.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskId(pub String);

/// A sent task whose per-user results are not all recorded yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentTask {
    pub task: TaskId,
    pub sent_at: DateTime<Utc>,
    /// The pushes of the task still waiting for their result.
    pub pushes: Vec<DuePush>,
}

/// What a push ended as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    Delivered,
    /// Queue it again at `retry_at`, one failure more; `None`: given up.
    Failed {
        retry_at: Option<DateTime<Utc>>,
    },
    /// Kakao could not deliver to this member (not a channel friend, unknown key): never
    /// retried.
    Unreachable,
}

/// One recipient's line of a task lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientResult {
    Delivered,
    /// A failure worth retrying (the event block's skill answered with an error, ...).
    Failed,
    Unreachable,
    /// Not known yet.
    Pending,
}

/// One recipient of a send: `user[]` with the notification id in `user[].properties`, which
/// the event block's skill reads to show that notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRecipient {
    pub user_key: String,
    pub notification: NotificationId,
}

/// Notification storage: the inbox, the preferences and the push outbox.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait NotificationRepository: Send + Sync {
    /// Stores the notifications, unread, created at `at`; those with a `push_at` are queued
    /// for push then. Returns their ids in the same order.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure; then nothing is stored.
    async fn insert(
        &self,
        notifications: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Vec<NotificationId>, NotificationError>;

    /// The member's notifications, newest first, each with whether it is still unread.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn inbox(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Notification>, NotificationError>;

    /// Marks these of the member's notifications read (ids of other members are ignored).
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn mark_read(
        &self,
        member: MemberId,
        ids: &[NotificationId],
        at: DateTime<Utc>,
    ) -> Result<(), NotificationError>;

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn unread_count(&self, member: MemberId) -> Result<u32, NotificationError>;

    /// The member's preferences; [`Preferences::default`] when none were stored.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn preferences(&self, member: MemberId) -> Result<Preferences, NotificationError>;

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn set_preference(
        &self,
        member: MemberId,
        group: NotificationGroup,
        enabled: bool,
    ) -> Result<(), NotificationError>;

    /// How many of the member's notifications have a push due in `[from, to)`, whatever became
    /// of it (queued, sent, delivered, failed): the daily cap counts them.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn pushes_between(
        &self,
        member: MemberId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<u32, NotificationError>;

    /// Folds `newer` into the member's notification with the same
    /// [`Payload::fold_key`] created at or after `since`, if there is one: its payload becomes
    /// [`Payload::folded`] and it is unread again. Its push is left as it is (a queued push
    /// shows the folded notification; a sent one is not sent again). Returns its id, or `None`
    /// when there is no such notification (the caller then stores a new one).
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn fold_keyword(
        &self,
        member: MemberId,
        since: DateTime<Utc>,
        newer: &Payload,
    ) -> Result<Option<NotificationId>, NotificationError>;

    /// One of the member's notifications; `None` when missing or another member's.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn find(
        &self,
        member: MemberId,
        id: NotificationId,
    ) -> Result<Option<Notification>, NotificationError>;

    /// Up to `limit` notifications written by an outbox ([`PushState::Undecided`]), oldest
    /// first.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn undecided(&self, limit: u32) -> Result<Vec<Undecided>, NotificationError>;

    /// Records the push decided for each: queued at the time, or inbox only with `None`. A
    /// notification decided meanwhile by another dispatcher keeps that decision.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn set_push_plans(
        &self,
        plans: &[(NotificationId, Option<DateTime<Utc>>)],
    ) -> Result<(), NotificationError>;

    /// Notifications for the admin API, newest first.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<AdminNotification>, NotificationError>;

    /// Queues the push again at `now` with no failures counted, when its state is one of
    /// `from`. Returns whether it was queued.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn requeue(
        &self,
        id: NotificationId,
        from: &'static [PushState],
        now: DateTime<Utc>,
    ) -> Result<bool, NotificationError>;

    /// Counts for `/metrics`.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn stats(&self) -> Result<PushStats, NotificationError>;

    /// Claims up to `limit` queued pushes due at `now` (oldest due first) that no unexpired
    /// lease holds, leasing them until `lease_until`. A push another dispatcher began sending
    /// (see [`Self::begin_send`]) is never claimed again: when its lease has expired without a
    /// task recorded, it is recorded as given up instead, since it may have gone out.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<DuePush>, NotificationError>;

    /// Right before the send: marks `sending` those of `ids` still held by the lease this
    /// dispatcher set (`lease_until`, not yet passed) and returns them; only they are sent.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn begin_send(
        &self,
        ids: &[NotificationId],
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<NotificationId>, NotificationError>;

    /// The send was accepted as `task`: the pushes wait for its result, first looked up at
    /// `check_at`.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn record_sent(
        &self,
        ids: &[NotificationId],
        task: &TaskId,
        check_at: DateTime<Utc>,
    ) -> Result<(), NotificationError>;

    /// Up to `limit` tasks with pushes waiting for a result whose lookup is due at `now`.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn tasks_to_check(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SentTask>, NotificationError>;

    /// Looks the task up again at `at`.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn recheck_task(&self, task: &TaskId, at: DateTime<Utc>)
    -> Result<(), NotificationError>;

    /// Records each push's outcome, per member: delivered, failed (queued again at its retry
    /// time with one failure more, or given up) or unreachable.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    async fn record_outcomes(
        &self,
        outcomes: &[(NotificationId, PushOutcome)],
        at: DateTime<Utc>,
    ) -> Result<(), NotificationError>;
}

/// The push channel: the Kakao Event API (or a stand-in).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PushGateway: Send + Sync {
    /// Sends the event `event_name` to at most [`MAX_RECIPIENTS`] recipients, each user key at
    /// most once (Kakao reports results per user key).
    ///
    /// # Errors
    /// [`PushError::NotSent`] when Kakao certainly did not accept it, [`PushError::Unknown`]
    /// when it may have.
    async fn send(
        &self,
        event_name: &str,
        recipients: &[PushRecipient],
    ) -> Result<TaskId, PushError>;

    /// The task's result for each of `user_keys` (the recipients the task was sent to), by
    /// user key; a recipient missing from the answer is still [`RecipientResult::Pending`].
    /// The keys are needed because Kakao lists only failed recipients, and not even all of
    /// those (unresolvable keys are only counted).
    ///
    /// # Errors
    /// Either [`PushError`]; the lookup is tried again later.
    async fn task(
        &self,
        task: &TaskId,
        user_keys: &[String],
    ) -> Result<Vec<(String, RecipientResult)>, PushError>;
}

/// Users per Event API call.
pub const MAX_RECIPIENTS: usize = 100;
