use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn kst(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    KST.with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn night() -> QuietHours {
    QuietHours::parse("21:00-08:00").unwrap()
}

fn context<'a>(
    preferences: &'a Preferences,
    quiet_hours: &'a QuietHours,
    pushes_that_day: u32,
    now: DateTime<Utc>,
) -> PushContext<'a> {
    PushContext {
        preferences,
        quiet_hours,
        daily_cap: DEFAULT_DAILY_PUSH_CAP,
        pushes_that_day,
        now,
    }
}

#[test]
fn preferences_start_all_on_and_switch_one_group() {
    let mut preferences = Preferences::default();
    assert!(
        NotificationGroup::ALL
            .iter()
            .all(|&g| preferences.enabled(g))
    );
    preferences.set(NotificationGroup::Keyword, false);
    assert!(!preferences.enabled(NotificationGroup::Keyword));
    assert!(preferences.enabled(NotificationGroup::Trade));
    assert!(preferences.enabled(NotificationGroup::Like));
}

#[test]
fn quiet_hours_parse_the_default_an_empty_string_and_a_same_day_window() {
    assert_eq!(QuietHours::parse(QuietHours::DEFAULT).unwrap(), night());
    assert_eq!(QuietHours::parse("").unwrap(), QuietHours::none());
    assert_eq!(QuietHours::parse("  ").unwrap(), QuietHours::none());
    let lunch = QuietHours::parse("12:00-13:30").unwrap();
    assert!(lunch.contains(kst(7, 12, 0)));
    assert!(lunch.contains(kst(7, 13, 29)));
    assert!(!lunch.contains(kst(7, 13, 30)));
    assert!(!lunch.contains(kst(7, 11, 59)));
}

#[test]
fn quiet_hours_refuse_malformed_windows() {
    for raw in [
        "21:00",
        "21-08",
        "21:00-8:00",
        "25:00-08:00",
        "21:60-08:00",
        "21:00~08:00",
        "09:00-09:00",
        "abc-def",
    ] {
        let error = QuietHours::parse(raw).unwrap_err();
        assert_eq!(error.field, "quiet_hours", "{raw}");
    }
}

#[test]
fn a_window_across_midnight_holds_from_its_start_to_its_end() {
    let quiet = night();
    assert!(!quiet.contains(kst(7, 20, 59)));
    assert!(quiet.contains(kst(7, 21, 0)));
    assert!(quiet.contains(kst(7, 23, 59)));
    assert!(quiet.contains(kst(8, 0, 0)));
    assert!(quiet.contains(kst(8, 7, 59)));
    assert!(!quiet.contains(kst(8, 8, 0)));
}

#[test]
fn a_held_push_goes_when_the_window_ends() {
    let quiet = night();
    assert_eq!(quiet.next_push_at(kst(7, 22, 15)), kst(8, 8, 0));
    assert_eq!(quiet.next_push_at(kst(8, 3, 0)), kst(8, 8, 0));
    assert_eq!(quiet.next_push_at(kst(8, 9, 0)), kst(8, 9, 0));
    assert_eq!(QuietHours::none().next_push_at(kst(8, 3, 0)), kst(8, 3, 0));
}

#[test]
fn the_cap_day_is_the_korean_calendar_day() {
    // 23:30 KST on the 7th is 14:30 UTC on the 7th; 00:30 KST on the 8th is still the 7th in UTC.
    assert_eq!(kst_day(kst(7, 23, 30)), (kst(7, 0, 0), kst(8, 0, 0)));
    assert_eq!(kst_day(kst(8, 0, 30)), (kst(8, 0, 0), kst(9, 0, 0)));
}

#[test]
fn quiet_hours_hold_keyword_and_like_pushes_but_not_trade() {
    let (preferences, quiet) = (Preferences::default(), night());
    let at_night = context(&preferences, &quiet, 0, kst(7, 23, 0));
    assert_eq!(
        decide(NotificationKind::KeywordMatch, &at_night),
        PushDecision::At(kst(8, 8, 0))
    );
    assert_eq!(
        decide(NotificationKind::LikedChanged, &at_night),
        PushDecision::At(kst(8, 8, 0))
    );
    assert_eq!(
        decide(NotificationKind::OrderPaid, &at_night),
        PushDecision::Now
    );
    assert_eq!(
        decide(NotificationKind::OfferReceived, &at_night),
        PushDecision::Now
    );
    let by_day = context(&preferences, &quiet, 0, kst(7, 15, 0));
    assert_eq!(
        decide(NotificationKind::KeywordMatch, &by_day),
        PushDecision::Now
    );
}

#[test]
fn a_group_switched_off_keeps_its_notifications_in_the_inbox() {
    let mut preferences = Preferences::default();
    preferences.set(NotificationGroup::Trade, false);
    let quiet = QuietHours::none();
    let now = kst(7, 15, 0);
    assert_eq!(
        decide(
            NotificationKind::OrderShipped,
            &context(&preferences, &quiet, 0, now)
        ),
        PushDecision::InboxOnly(InboxOnlyReason::GroupOff(NotificationGroup::Trade))
    );
    assert_eq!(
        decide(
            NotificationKind::LikedChanged,
            &context(&preferences, &quiet, 0, now)
        ),
        PushDecision::Now
    );
}

#[test]
fn past_the_daily_cap_a_notification_is_inbox_only() {
    let (preferences, quiet) = (Preferences::default(), QuietHours::none());
    let now = kst(7, 15, 0);
    assert_eq!(
        decide(
            NotificationKind::OrderPaid,
            &context(&preferences, &quiet, 19, now)
        ),
        PushDecision::Now
    );
    assert_eq!(
        decide(
            NotificationKind::OrderPaid,
            &context(&preferences, &quiet, 20, now)
        ),
        PushDecision::InboxOnly(InboxOnlyReason::DailyCap)
    );
}

#[test]
fn a_push_held_overnight_counts_toward_the_mornings_cap() {
    let quiet = night();
    assert_eq!(
        push_day(NotificationKind::KeywordMatch, &quiet, kst(7, 22, 0)),
        (kst(8, 0, 0), kst(9, 0, 0))
    );
    assert_eq!(
        push_day(NotificationKind::OrderPaid, &quiet, kst(7, 22, 0)),
        (kst(7, 0, 0), kst(8, 0, 0))
    );
}

#[test]
fn retries_start_at_ten_seconds_and_double_to_five_minutes() {
    let delays: Vec<_> = (1..=7).map(|n| retry_delay(n).num_seconds()).collect();
    assert_eq!(delays, [10, 20, 40, 80, 160, 300, 300]);
    assert_eq!(retry_delay(u32::MAX), MAX_RETRY_DELAY);
}

#[test]
fn a_push_is_given_up_after_the_last_attempt() {
    let now = kst(7, 15, 0);
    assert_eq!(retry_at(1, now), Some(now + FIRST_RETRY));
    assert_eq!(retry_at(MAX_ATTEMPTS - 1, now), Some(now + MAX_RETRY_DELAY));
    assert_eq!(retry_at(MAX_ATTEMPTS, now), None);
}

#[test]
fn the_lease_expires_within_thirty_seconds() {
    assert!(LEASE <= TimeDelta::seconds(30));
    assert!(TASK_CHECK_DELAY < LEASE);
}

proptest! {
    #[test]
    fn retry_delays_stay_within_bounds_and_never_shrink(failures in 0_u32..10_000) {
        let delay = retry_delay(failures);
        prop_assert!(delay > TimeDelta::zero());
        prop_assert!(delay <= MAX_RETRY_DELAY);
        prop_assert!(retry_delay(failures + 1) >= delay);
        prop_assert!(retry_delay(failures + 1) <= delay * 2);
        if failures <= 1 {
            prop_assert!(delay <= TimeDelta::seconds(10));
        }
    }

    #[test]
    fn a_held_push_never_lands_inside_the_window_nor_more_than_a_day_later(
        start in 0_u32..1440, end in 0_u32..1440, at in 0_i64..(7 * 86_400),
    ) {
        prop_assume!(start != end);
        let raw = format!("{:02}:{:02}-{:02}:{:02}", start / 60, start % 60, end / 60, end % 60);
        let quiet = QuietHours::parse(&raw).unwrap();
        let now = kst(7, 0, 0) + TimeDelta::seconds(at);
        let next = quiet.next_push_at(now);
        prop_assert!(next >= now);
        prop_assert!(next - now <= TimeDelta::days(1));
        prop_assert!(!quiet.contains(next));
    }
}
