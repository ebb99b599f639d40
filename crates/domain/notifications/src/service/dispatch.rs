//! The dispatcher's run: look up the results of earlier sends, then send what is due.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::NotificationService;
use crate::error::{NotificationError, PushError};
use crate::ports::{
    DuePush, MAX_RECIPIENTS, PushOutcome, PushRecipient, RecipientResult, SentTask,
};
use crate::schedule::{FIRST_RETRY, LEASE, TASK_CHECK_DELAY, retry_at};

/// A task whose results are still unknown this long after the send is given up: its pushes
/// may have gone out, so they are not sent again.
const TASK_RESULT_PATIENCE: Duration = Duration::hours(1);

/// What one dispatch run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DispatchReport {
    /// Outbox notifications whose push was decided.
    pub planned: u32,
    /// Event API calls made.
    pub calls: u32,
    /// Pushes in those calls.
    pub sent: u32,
    pub delivered: u32,
    pub unreachable: u32,
    /// Pushes queued again after a failure.
    pub retried: u32,
    /// Pushes given up (they stay in the inbox).
    pub given_up: u32,
}

impl NotificationService {
    /// Decides the pushes of what the outboxes wrote, records the results of earlier sends,
    /// then claims the pushes due at `now`, sends them in
    /// calls of at most 100 members and records what happened. A failed send or lookup is
    /// recorded (and retried when that is safe), never returned: only storage failures are.
    ///
    /// # Errors
    /// [`NotificationError::Unexpected`] on storage failure.
    pub async fn dispatch_due(
        &self,
        now: DateTime<Utc>,
    ) -> Result<DispatchReport, NotificationError> {
        let mut report = DispatchReport {
            planned: self.plan_undecided(now).await?,
            ..DispatchReport::default()
        };
        let limit = self.config.dispatch_limit;
        for task in self.repo.tasks_to_check(now, limit).await? {
            self.check_task(task, now, &mut report).await?;
        }
        let lease_until = now + LEASE;
        let claimed = self.repo.claim_due(now, lease_until, limit).await?;
        for batch in batches(claimed) {
            self.send_batch(batch, lease_until, now, &mut report)
                .await?;
        }
        Ok(report)
    }

    async fn send_batch(
        &self,
        batch: Vec<DuePush>,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
        report: &mut DispatchReport,
    ) -> Result<(), NotificationError> {
        let ids: Vec<_> = batch.iter().map(|p| p.id).collect();
        let kept: HashSet<_> = self
            .repo
            .begin_send(&ids, lease_until, now)
            .await?
            .into_iter()
            .collect();
        let batch: Vec<DuePush> = batch.into_iter().filter(|p| kept.contains(&p.id)).collect();
        if batch.is_empty() {
            return Ok(());
        }
        let recipients: Vec<PushRecipient> = batch
            .iter()
            .map(|p| PushRecipient {
                user_key: p.user_key.clone(),
                notification: p.id,
            })
            .collect();
        report.calls += 1;
        match self
            .gateway
            .send(&self.config.event_name, &recipients)
            .await
        {
            Ok(task) => {
                let ids: Vec<_> = batch.iter().map(|p| p.id).collect();
                report.sent += count(ids.len());
                self.repo
                    .record_sent(&ids, &task, now + TASK_CHECK_DELAY)
                    .await
            }
            Err(error) => {
                let may_have_gone = matches!(error, PushError::Unknown(_));
                let outcomes: Vec<_> = batch
                    .iter()
                    .map(|p| {
                        let retry = if may_have_gone {
                            None
                        } else {
                            retry_at(p.failures + 1, now)
                        };
                        (p.id, PushOutcome::Failed { retry_at: retry })
                    })
                    .collect();
                tally(&outcomes, report);
                self.repo.record_outcomes(&outcomes, now).await
            }
        }
    }

    async fn check_task(
        &self,
        task: SentTask,
        now: DateTime<Utc>,
        report: &mut DispatchReport,
    ) -> Result<(), NotificationError> {
        let keys: Vec<String> = task.pushes.iter().map(|p| p.user_key.clone()).collect();
        let results: HashMap<String, RecipientResult> =
            match self.gateway.task(&task.task, &keys).await {
                Ok(results) => results.into_iter().collect(),
                // Nothing learned: every push of the task stays pending.
                Err(_) => HashMap::new(),
            };
        let patience_over = now - task.sent_at >= TASK_RESULT_PATIENCE;
        let mut pending = false;
        let mut outcomes = Vec::new();
        for push in &task.pushes {
            let result = results
                .get(&push.user_key)
                .copied()
                .unwrap_or(RecipientResult::Pending);
            let outcome = match result {
                RecipientResult::Delivered => PushOutcome::Delivered,
                RecipientResult::Unreachable => PushOutcome::Unreachable,
                RecipientResult::Failed => PushOutcome::Failed {
                    retry_at: retry_at(push.failures + 1, now),
                },
                RecipientResult::Pending if patience_over => PushOutcome::Failed { retry_at: None },
                RecipientResult::Pending => {
                    pending = true;
                    continue;
                }
            };
            outcomes.push((push.id, outcome));
        }
        if !outcomes.is_empty() {
            tally(&outcomes, report);
            self.repo.record_outcomes(&outcomes, now).await?;
        }
        if pending {
            self.repo
                .recheck_task(&task.task, now + FIRST_RETRY)
                .await?;
        }
        Ok(())
    }
}

/// Splits pushes into Event API calls: at most 100 each, and a member at most once per call
/// (results come back per user key), keeping the claim's order.
#[must_use]
pub fn batches(pushes: Vec<DuePush>) -> Vec<Vec<DuePush>> {
    let mut batches: Vec<(Vec<DuePush>, HashSet<String>)> = Vec::new();
    for push in pushes {
        let free = batches
            .iter()
            .position(|(b, keys)| b.len() < MAX_RECIPIENTS && !keys.contains(&push.user_key));
        let index = free.unwrap_or_else(|| {
            batches.push((Vec::new(), HashSet::new()));
            batches.len() - 1
        });
        if let Some((batch, keys)) = batches.get_mut(index) {
            keys.insert(push.user_key.clone());
            batch.push(push);
        }
    }
    batches.into_iter().map(|(batch, _)| batch).collect()
}

fn tally(outcomes: &[(crate::model::NotificationId, PushOutcome)], report: &mut DispatchReport) {
    for (_, outcome) in outcomes {
        match outcome {
            PushOutcome::Delivered => report.delivered += 1,
            PushOutcome::Unreachable => report.unreachable += 1,
            PushOutcome::Failed { retry_at: Some(_) } => report.retried += 1,
            PushOutcome::Failed { retry_at: None } => report.given_up += 1,
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
