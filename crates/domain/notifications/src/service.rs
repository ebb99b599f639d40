//! Notification use cases: the inbox and preferences for the skills, storing notifications for
//! the domains that cause them, and the dispatcher's run.

mod dispatch;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use junggye_domain_common::{Clock, Page, Paged};

use crate::error::NotificationError;
use crate::events::{TradeEvent, recipients};
use crate::kinds::{NotificationGroup, NotificationKind, PushState};
use crate::model::{MemberId, NewNotification, Notification, NotificationId, Payload};
use crate::ports::{
    AdminFilter, AdminNotification, NotificationRepository, Outgoing, PushGateway, PushStats,
};
use crate::schedule::{
    DEFAULT_DAILY_PUSH_CAP, Preferences, PushContext, PushDecision, QuietHours, decide, push_day,
};

pub use dispatch::{DispatchReport, batches};

/// Knobs of notifications (`notify.*`, `alerts.min_interval_mins`, `kakao.event_name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationConfig {
    /// `notify.backend = "kakao"`; with `"inbox"` nothing is queued for push.
    pub push: bool,
    pub quiet_hours: QuietHours,
    pub daily_push_cap: u32,
    /// The event name set on the Open Builder block.
    pub event_name: String,
    /// Later matches of a keyword within this long fold into its first notification.
    pub keyword_fold_window: Duration,
    /// Most pushes (and task lookups) one dispatch run handles; the rest wait for the next.
    pub dispatch_limit: u32,
}

impl Default for NotificationConfig {
    fn default() -> Self {
        Self {
            push: false,
            quiet_hours: QuietHours::parse(QuietHours::DEFAULT).unwrap_or_default(),
            daily_push_cap: DEFAULT_DAILY_PUSH_CAP,
            event_name: "junggye_notification".to_owned(),
            keyword_fold_window: Duration::minutes(10),
            dispatch_limit: 500,
        }
    }
}

pub struct NotificationService {
    repo: Arc<dyn NotificationRepository>,
    gateway: Arc<dyn PushGateway>,
    clock: Arc<dyn Clock>,
    config: NotificationConfig,
}

impl NotificationService {
    pub fn new(
        repo: Arc<dyn NotificationRepository>,
        gateway: Arc<dyn PushGateway>,
        clock: Arc<dyn Clock>,
        config: NotificationConfig,
    ) -> Self {
        Self {
            repo,
            gateway,
            clock,
            config,
        }
    }

    #[must_use]
    pub fn config(&self) -> &NotificationConfig {
        &self.config
    }

    /// A page of the member's inbox, newest first. Showing it marks it read; the items still
    /// say which were unread until now.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn inbox(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Notification>, NotificationError> {
        let shown = self.repo.inbox(member, page).await?;
        let unread: Vec<NotificationId> = shown
            .items
            .iter()
            .filter(|n| n.unread)
            .map(|n| n.id)
            .collect();
        if !unread.is_empty() {
            self.repo
                .mark_read(member, &unread, self.clock.now())
                .await?;
        }
        Ok(shown)
    }

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn unread_count(&self, member: MemberId) -> Result<u32, NotificationError> {
        self.repo.unread_count(member).await
    }

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn preferences(&self, member: MemberId) -> Result<Preferences, NotificationError> {
        self.repo.preferences(member).await
    }

    /// Switches one group's pushes on or off and returns the preferences as they are now.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn set_preference(
        &self,
        member: MemberId,
        group: NotificationGroup,
        enabled: bool,
    ) -> Result<Preferences, NotificationError> {
        self.repo.set_preference(member, group, enabled).await?;
        self.repo.preferences(member).await
    }

    /// Stores the notifications a trade event creates, each with its push decided.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure; then nothing is stored.
    pub async fn notify_trade(
        &self,
        event: &TradeEvent,
    ) -> Result<Vec<NotificationId>, NotificationError> {
        self.notify(recipients(event)).await
    }

    /// Stores notifications (offers, reviews, likes, stale listings, ...), each with its push
    /// decided.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure; then nothing is stored.
    pub async fn notify(
        &self,
        notifications: Vec<NewNotification>,
    ) -> Result<Vec<NotificationId>, NotificationError> {
        if notifications.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.clock.now();
        // Pushes planned in this call count toward the cap of the next ones for the same day.
        let mut planned: HashMap<(MemberId, DateTime<Utc>), u32> = HashMap::new();
        let mut outgoing = Vec::with_capacity(notifications.len());
        for notification in notifications {
            let push_at = self
                .plan(notification.member, notification.kind(), &mut planned, now)
                .await?;
            outgoing.push(Outgoing {
                notification,
                push_at,
            });
        }
        self.repo.insert(&outgoing, now).await
    }

    /// A new listing or deal matched a keyword of `member` (`payload` is a
    /// [`Payload::KeywordMatch`] or [`Payload::KeywordDeal`] with a count of one): folds into
    /// the keyword's notification of the last `alerts.min_interval_mins`, or stores a new one.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn notify_keyword(
        &self,
        member: MemberId,
        payload: Payload,
    ) -> Result<NotificationId, NotificationError> {
        let since = self.clock.now() - self.config.keyword_fold_window;
        if let Some(id) = self.repo.fold_keyword(member, since, &payload).await? {
            return Ok(id);
        }
        let stored = self
            .notify(vec![NewNotification { member, payload }])
            .await?;
        stored
            .into_iter()
            .next()
            .ok_or_else(|| NotificationError::Unexpected(anyhow::anyhow!("insert returned no id")))
    }

    /// One of the member's notifications (the event block's skill shows it).
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn find(
        &self,
        member: MemberId,
        id: NotificationId,
    ) -> Result<Option<Notification>, NotificationError> {
        self.repo.find(member, id).await
    }

    /// Marks one of the member's notifications read (it was shown by the event block).
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn mark_read(
        &self,
        member: MemberId,
        ids: &[NotificationId],
    ) -> Result<(), NotificationError> {
        self.repo.mark_read(member, ids, self.clock.now()).await
    }

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<AdminNotification>, NotificationError> {
        self.repo.admin_list(filter, page).await
    }

    /// Queues a push that ended without delivery again, now, with a fresh count of failures.
    ///
    /// # Errors
    /// [`NotificationError::NotRetryable`] when it is missing or its push is queued, sending,
    /// sent or delivered; [`NotificationError::Unexpected`] on storage failure.
    pub async fn retry(&self, id: NotificationId) -> Result<(), NotificationError> {
        if self
            .repo
            .requeue(id, PushState::RETRYABLE, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(NotificationError::NotRetryable)
        }
    }

    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn stats(&self) -> Result<PushStats, NotificationError> {
        self.repo.stats().await
    }

    /// Decides the push of each notification an outbox wrote since the last run.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn plan_undecided(&self, now: DateTime<Utc>) -> Result<u32, NotificationError> {
        let undecided = self.repo.undecided(self.config.dispatch_limit).await?;
        if undecided.is_empty() {
            return Ok(0);
        }
        let mut planned = HashMap::new();
        let mut plans = Vec::with_capacity(undecided.len());
        for row in &undecided {
            let push_at = self.plan(row.member, row.kind, &mut planned, now).await?;
            plans.push((row.id, push_at));
        }
        self.repo.set_push_plans(&plans).await?;
        Ok(u32::try_from(plans.len()).unwrap_or(u32::MAX))
    }

    async fn plan(
        &self,
        member: MemberId,
        kind: NotificationKind,
        planned: &mut HashMap<(MemberId, DateTime<Utc>), u32>,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, NotificationError> {
        if !self.config.push {
            return Ok(None);
        }
        let preferences = self.repo.preferences(member).await?;
        if !preferences.enabled(kind.group()) {
            return Ok(None);
        }
        let (from, to) = push_day(kind, &self.config.quiet_hours, now);
        let stored = self.repo.pushes_between(member, from, to).await?;
        let earlier = planned.entry((member, from)).or_default();
        let decision = decide(
            kind,
            &PushContext {
                preferences: &preferences,
                quiet_hours: &self.config.quiet_hours,
                daily_cap: self.config.daily_push_cap,
                pushes_that_day: stored.saturating_add(*earlier),
                now,
            },
        );
        if !matches!(decision, PushDecision::InboxOnly(_)) {
            *earlier += 1;
        }
        Ok(decision.push_at(now))
    }
}

#[cfg(test)]
mod tests;
