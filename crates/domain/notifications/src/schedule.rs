//! When a push goes out: preferences, quiet hours, the daily cap, retry backoff and the
//! dispatch lease. All pure, so the decision can be made in the transaction that stores the
//! notification and tested without a clock.

use chrono::{DateTime, Duration, NaiveTime, TimeDelta, Utc};
use junggye_domain_common::ValidationError;
use junggye_domain_common::clock::KST;

use crate::kinds::{NotificationGroup, NotificationKind};

/// Push on or off per group; the inbox is always on. Every group is on until the member says
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    pub trade: bool,
    pub keyword: bool,
    pub like: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            trade: true,
            keyword: true,
            like: true,
        }
    }
}

impl Preferences {
    #[must_use]
    pub fn enabled(&self, group: NotificationGroup) -> bool {
        match group {
            NotificationGroup::Trade => self.trade,
            NotificationGroup::Keyword => self.keyword,
            NotificationGroup::Like => self.like,
        }
    }

    pub fn set(&mut self, group: NotificationGroup, enabled: bool) {
        match group {
            NotificationGroup::Trade => self.trade = enabled,
            NotificationGroup::Keyword => self.keyword = enabled,
            NotificationGroup::Like => self.like = enabled,
        }
    }
}

/// `notify.quiet_hours`: a daily window in Korean time during which held pushes wait. The
/// window may wrap midnight (`21:00-08:00`); its start is inside, its end outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuietHours {
    window: Option<(NaiveTime, NaiveTime)>,
}

impl QuietHours {
    /// The configured default.
    pub const DEFAULT: &'static str = "21:00-08:00";

    /// No quiet hours: every push goes at once.
    #[must_use]
    pub fn none() -> Self {
        Self { window: None }
    }

    /// Reads `HH:MM-HH:MM`; an empty (or blank) string means none.
    ///
    /// # Errors
    /// A [`ValidationError`] on field `quiet_hours` for anything else, and for a window whose
    /// start and end are the same minute (it would mean either nothing or the whole day).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Self::none());
        }
        let invalid = || {
            ValidationError::new(
                "quiet_hours",
                "방해 금지 시간은 21:00-08:00 처럼 적어 주세요.",
            )
        };
        let (start, end) = raw.split_once('-').ok_or_else(invalid)?;
        let time = |s: &str| {
            let s = s.trim();
            // chrono accepts a one-digit hour; the config shows two, so ask for two.
            if s.len() != 5 {
                return Err(invalid());
            }
            NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| invalid())
        };
        let (start, end) = (time(start)?, time(end)?);
        if start == end {
            return Err(ValidationError::new(
                "quiet_hours",
                "방해 금지 시간의 시작과 끝이 같아요.",
            ));
        }
        Ok(Self {
            window: Some((start, end)),
        })
    }

    #[must_use]
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        let Some((start, end)) = self.window else {
            return false;
        };
        let time = at.with_timezone(&KST).time();
        if start < end {
            start <= time && time < end
        } else {
            time >= start || time < end
        }
    }

    /// When a held push may go: `now` outside the window, else the window's end.
    #[must_use]
    pub fn next_push_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let Some((_, end)) = self.window else {
            return now;
        };
        if !self.contains(now) {
            return now;
        }
        let local = now.with_timezone(&KST);
        let today_end = local.date_naive().and_time(end);
        let end_at = if local.time() < end {
            today_end
        } else {
            today_end + Duration::days(1)
        };
        // KST has no daylight saving time, so every local time maps to exactly one instant.
        end_at
            .and_local_timezone(KST)
            .single()
            .map_or(now, |at| at.with_timezone(&Utc))
    }
}

/// The Korean calendar day an instant falls on, as the half-open range `[start, end)` in UTC:
/// the daily cap counts pushes within it.
#[must_use]
pub fn kst_day(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = at.with_timezone(&KST).date_naive().and_time(NaiveTime::MIN);
    let start = midnight
        .and_local_timezone(KST)
        .single()
        .map_or(at, |start| start.with_timezone(&Utc));
    (start, start + Duration::days(1))
}

/// `notify.daily_push_cap`.
pub const DEFAULT_DAILY_PUSH_CAP: u32 = 20;

/// What happens to a new notification's push. The notification is in the inbox whatever this
/// says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushDecision {
    Now,
    /// Held by quiet hours until this instant.
    At(DateTime<Utc>),
    InboxOnly(InboxOnlyReason),
}

impl PushDecision {
    /// When the push is due, if there is one.
    #[must_use]
    pub fn push_at(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Self::Now => Some(now),
            Self::At(at) => Some(at),
            Self::InboxOnly(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxOnlyReason {
    /// The member switched this group's pushes off.
    GroupOff(NotificationGroup),
    /// The member already has `notify.daily_push_cap` pushes on the day this one would go out.
    DailyCap,
}

/// Everything [`decide`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct PushContext<'a> {
    pub preferences: &'a Preferences,
    pub quiet_hours: &'a QuietHours,
    pub daily_cap: u32,
    /// Pushes already sent or queued for the member on the Korean day of [`push_day`].
    pub pushes_that_day: u32,
    pub now: DateTime<Utc>,
}

/// When this kind's push would go out, before the cap is applied: the day whose pushes the
/// caller counts into [`PushContext::pushes_that_day`] is the KST day of this instant (a push
/// held overnight counts toward the morning's cap, not the evening's).
#[must_use]
pub fn push_day(
    kind: NotificationKind,
    quiet_hours: &QuietHours,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    kst_day(push_time(kind, quiet_hours, now))
}

fn push_time(
    kind: NotificationKind,
    quiet_hours: &QuietHours,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    if kind.held_by_quiet_hours() {
        quiet_hours.next_push_at(now)
    } else {
        now
    }
}

/// Push now, later, or not at all.
#[must_use]
pub fn decide(kind: NotificationKind, context: &PushContext<'_>) -> PushDecision {
    let group = kind.group();
    if !context.preferences.enabled(group) {
        return PushDecision::InboxOnly(InboxOnlyReason::GroupOff(group));
    }
    if context.pushes_that_day >= context.daily_cap {
        return PushDecision::InboxOnly(InboxOnlyReason::DailyCap);
    }
    let at = push_time(kind, context.quiet_hours, context.now);
    if at > context.now {
        PushDecision::At(at)
    } else {
        PushDecision::Now
    }
}

/// How long a dispatcher holds the pushes it claimed; an instance that stops mid-dispatch
/// leaves them to another within this time.
pub const LEASE: TimeDelta = TimeDelta::seconds(30);
/// The first retry's delay; each later one doubles it.
pub const FIRST_RETRY: TimeDelta = TimeDelta::seconds(10);
pub const MAX_RETRY_DELAY: TimeDelta = TimeDelta::minutes(5);
/// Sends tried before a push is given up (it stays in the inbox, and an admin can retry it):
/// with the delays above, about 35 minutes of retries.
pub const MAX_ATTEMPTS: u32 = 10;
/// How long after a send its task is first looked up: Kakao does not say when a task's
/// result is ready, and a lookup too early only reports it pending.
pub const TASK_CHECK_DELAY: TimeDelta = TimeDelta::seconds(3);

/// The delay before retrying a push that has failed `failures` times (1 = the first failure):
/// 10 s, 20 s, 40 s, ... up to 5 minutes.
#[must_use]
pub fn retry_delay(failures: u32) -> TimeDelta {
    let doublings = failures.saturating_sub(1).min(16);
    let delay = FIRST_RETRY * (1_i32 << doublings);
    delay.min(MAX_RETRY_DELAY)
}

/// When to try again after the `failures`-th failure, or `None` when the push is given up.
#[must_use]
pub fn retry_at(failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (failures < MAX_ATTEMPTS).then(|| now + retry_delay(failures))
}

#[cfg(test)]
mod tests;
