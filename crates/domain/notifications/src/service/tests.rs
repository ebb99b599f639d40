use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use junggye_domain_common::clock::{KST, MockClock};
use junggye_domain_common::{Page, Paged};
use proptest::prelude::*;

use super::{NotificationConfig, NotificationService, batches};
use crate::error::{NotificationError, PushError};
use crate::events::{Trade, TradeEvent};
use crate::kinds::{NotificationGroup, NotificationKind, PushState};
use crate::model::{
    LikedChange, ListingRef, ListingState, MemberId, NewNotification, Notification, NotificationId,
    OrderId, Payload, ProductId,
};
use crate::ports::{
    DuePush, MockNotificationRepository, MockPushGateway, Outgoing, PushOutcome, RecipientResult,
    SentTask, TaskId, Undecided,
};
use crate::schedule::{Preferences, QuietHours, TASK_CHECK_DELAY};

const BUYER: MemberId = MemberId(1);
const SELLER: MemberId = MemberId(2);

fn kst(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    KST.with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// Monday 15:00 in Seoul, outside the default quiet hours.
fn afternoon() -> DateTime<Utc> {
    kst(7, 15, 0)
}

fn trade() -> Trade {
    Trade {
        order: OrderId(10),
        product: ProductId(5),
        seller: SELLER,
        buyer: BUYER,
        item_name: "소니 WH-1000XM5 헤드폰 블랙".into(),
    }
}

fn liked(member: MemberId) -> NewNotification {
    NewNotification {
        member,
        payload: Payload::LikedChanged {
            listing: ListingRef {
                product: ProductId(7),
                name: "아이패드 에어 5세대 64GB".into(),
            },
            change: LikedChange::Status(ListingState::Reserved),
        },
    }
}

fn keyword_match(listing: ListingRef) -> Payload {
    Payload::KeywordMatch {
        keyword: "맥북".into(),
        listing,
        price: 990_000,
        count: 1,
    }
}

fn pushing() -> NotificationConfig {
    NotificationConfig {
        push: true,
        ..NotificationConfig::default()
    }
}

fn service(
    repo: MockNotificationRepository,
    gateway: MockPushGateway,
    now: DateTime<Utc>,
    config: NotificationConfig,
) -> NotificationService {
    let mut clock = MockClock::new();
    clock.expect_now().returning(move || now);
    NotificationService::new(Arc::new(repo), Arc::new(gateway), Arc::new(clock), config)
}

/// A repository that answers the decision's questions and keeps what `insert` was given.
fn storing(
    preferences: Preferences,
    pushes_today: u32,
) -> (MockNotificationRepository, Arc<Mutex<Vec<Outgoing>>>) {
    let stored = Arc::new(Mutex::new(Vec::new()));
    let mut repo = MockNotificationRepository::new();
    repo.expect_preferences()
        .returning(move |_| Ok(preferences));
    repo.expect_pushes_between()
        .returning(move |_, _, _| Ok(pushes_today));
    let sink = Arc::clone(&stored);
    repo.expect_insert().returning(move |outgoing, _| {
        sink.lock().unwrap().extend(outgoing.iter().cloned());
        Ok((1..=outgoing.len() as i64).map(NotificationId).collect())
    });
    (repo, stored)
}

fn push(id: i64, member: i64, failures: u32) -> DuePush {
    DuePush {
        id: NotificationId(id),
        member: MemberId(member),
        user_key: format!("botuser-{member}"),
        failures,
    }
}

#[tokio::test]
async fn a_completed_sale_is_stored_for_both_parties_and_pushed_at_once() {
    let (repo, stored) = storing(Preferences::default(), 0);
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    let ids = service
        .notify_trade(&TradeEvent::SaleCompleted { trade: trade() })
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    let stored = stored.lock().unwrap();
    let to: Vec<_> = stored
        .iter()
        .map(|o| (o.notification.member, o.push_at))
        .collect();
    assert_eq!(
        to,
        [(BUYER, Some(afternoon())), (SELLER, Some(afternoon()))]
    );
}

#[tokio::test]
async fn a_paid_order_is_stored_for_the_seller_only() {
    let (repo, stored) = storing(Preferences::default(), 0);
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    service
        .notify_trade(&TradeEvent::OrderPaid {
            trade: trade(),
            amount: 320_000,
        })
        .await
        .unwrap();
    let stored = stored.lock().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].notification.member, SELLER);
}

#[tokio::test]
async fn a_group_switched_off_stores_the_notification_without_a_push() {
    let mut off = Preferences::default();
    off.set(NotificationGroup::Trade, false);
    let stored = Arc::new(Mutex::new(Vec::new()));
    let mut repo = MockNotificationRepository::new();
    repo.expect_preferences().returning(move |_| Ok(off));
    repo.expect_pushes_between().never();
    let sink = Arc::clone(&stored);
    repo.expect_insert().returning(move |outgoing, _| {
        sink.lock().unwrap().extend(outgoing.iter().cloned());
        Ok(vec![NotificationId(1)])
    });
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    service
        .notify_trade(&TradeEvent::OrderShipped {
            trade: trade(),
            tracking: "640123456789".into(),
        })
        .await
        .unwrap();
    assert_eq!(stored.lock().unwrap()[0].push_at, None);
}

#[tokio::test]
async fn quiet_hours_hold_a_like_push_until_morning_but_not_a_trade_push() {
    let night = kst(7, 23, 10);
    let (repo, stored) = storing(Preferences::default(), 0);
    let service = service(repo, MockPushGateway::new(), night, pushing());
    service.notify(vec![liked(BUYER)]).await.unwrap();
    service
        .notify_trade(&TradeEvent::OrderPaid {
            trade: trade(),
            amount: 320_000,
        })
        .await
        .unwrap();
    let push_at: Vec<_> = stored.lock().unwrap().iter().map(|o| o.push_at).collect();
    assert_eq!(push_at, [Some(kst(8, 8, 0)), Some(night)]);
}

#[tokio::test]
async fn past_the_daily_cap_notifications_stay_in_the_inbox() {
    // 19 pushes already today: the first of these two is the 20th, the second is over the cap.
    let (repo, stored) = storing(Preferences::default(), 19);
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    service
        .notify(vec![liked(BUYER), liked(BUYER)])
        .await
        .unwrap();
    let push_at: Vec<_> = stored.lock().unwrap().iter().map(|o| o.push_at).collect();
    assert_eq!(push_at, [Some(afternoon()), None]);
}

#[tokio::test]
async fn the_inbox_backend_queues_no_push() {
    let stored = Arc::new(Mutex::new(Vec::new()));
    let mut repo = MockNotificationRepository::new();
    repo.expect_preferences().never();
    repo.expect_pushes_between().never();
    let sink = Arc::clone(&stored);
    repo.expect_insert().returning(move |outgoing, _| {
        sink.lock().unwrap().extend(outgoing.iter().cloned());
        Ok(vec![NotificationId(1)])
    });
    let service = service(
        repo,
        MockPushGateway::new(),
        afternoon(),
        NotificationConfig::default(),
    );
    service.notify(vec![liked(BUYER)]).await.unwrap();
    assert_eq!(stored.lock().unwrap()[0].push_at, None);
}

#[tokio::test]
async fn a_keyword_match_within_the_window_folds_into_the_first() {
    let mut repo = MockNotificationRepository::new();
    repo.expect_fold_keyword()
        .withf(|member, since, newer| {
            *member == BUYER
                && newer.fold_key().as_deref() == Some("listing:맥북")
                && *since == afternoon() - chrono::Duration::minutes(10)
        })
        .returning(|_, _, _| Ok(Some(NotificationId(42))));
    repo.expect_insert().never();
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    let listing = ListingRef {
        product: ProductId(9),
        name: "맥북 에어 M1 스페이스 그레이".into(),
    };
    let id = service
        .notify_keyword(BUYER, keyword_match(listing))
        .await
        .unwrap();
    assert_eq!(id, NotificationId(42));
}

#[tokio::test]
async fn the_first_keyword_match_is_stored_with_a_count_of_one() {
    let (mut repo, stored) = storing(Preferences::default(), 0);
    repo.expect_fold_keyword().returning(|_, _, _| Ok(None));
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    let listing = ListingRef {
        product: ProductId(9),
        name: "맥북 에어 M1 스페이스 그레이".into(),
    };
    service
        .notify_keyword(BUYER, keyword_match(listing))
        .await
        .unwrap();
    let stored = stored.lock().unwrap();
    assert!(matches!(
        stored[0].notification.payload,
        Payload::KeywordMatch { count: 1, .. }
    ));
    assert_eq!(stored[0].push_at, Some(afternoon()));
}

#[tokio::test]
async fn the_inbox_marks_the_unread_items_it_shows_read() {
    let item = |id, unread| Notification {
        id: NotificationId(id),
        member: BUYER,
        payload: liked(BUYER).payload,
        created_at: afternoon(),
        unread,
    };
    let mut repo = MockNotificationRepository::new();
    repo.expect_inbox().returning(move |_, _| {
        Ok(Paged {
            items: vec![item(3, true), item(2, false), item(1, true)],
            has_more: false,
        })
    });
    repo.expect_mark_read()
        .withf(|member, ids, _| *member == BUYER && ids == [NotificationId(3), NotificationId(1)])
        .times(1)
        .returning(|_, _, _| Ok(()));
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    let page = service.inbox(BUYER, Page::new(0, 5)).await.unwrap();
    assert!(page.items[0].unread, "the page still shows what was new");
}

#[tokio::test]
async fn a_page_with_nothing_unread_writes_nothing() {
    let mut repo = MockNotificationRepository::new();
    repo.expect_inbox()
        .returning(|_, _| Ok(Paged::from_overfetch(Vec::new(), 5)));
    repo.expect_mark_read().never();
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    service.inbox(BUYER, Page::new(0, 5)).await.unwrap();
}

#[tokio::test]
async fn setting_a_preference_returns_the_preferences_now() {
    let mut repo = MockNotificationRepository::new();
    repo.expect_set_preference()
        .withf(|member, group, enabled| {
            *member == BUYER && *group == NotificationGroup::Like && !enabled
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    repo.expect_preferences().returning(|_| {
        let mut preferences = Preferences::default();
        preferences.set(NotificationGroup::Like, false);
        Ok(preferences)
    });
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    let now = service
        .set_preference(BUYER, NotificationGroup::Like, false)
        .await
        .unwrap();
    assert!(!now.like && now.trade);
}

type Recorded = Arc<Mutex<Vec<(NotificationId, PushOutcome)>>>;

/// A repository whose dispatch side hands out `due`, keeps every one at `begin_send`, and
/// records outcomes into the returned list.
fn dispatching(due: Vec<DuePush>, tasks: Vec<SentTask>) -> (MockNotificationRepository, Recorded) {
    let outcomes = Arc::new(Mutex::new(Vec::new()));
    let mut repo = MockNotificationRepository::new();
    repo.expect_undecided().returning(|_| Ok(vec![]));
    repo.expect_tasks_to_check()
        .returning(move |_, _| Ok(tasks.clone()));
    repo.expect_claim_due()
        .returning(move |_, _, _| Ok(due.clone()));
    repo.expect_begin_send()
        .returning(|ids, _, _| Ok(ids.to_vec()));
    repo.expect_record_sent().returning(|_, _, _| Ok(()));
    let sink = Arc::clone(&outcomes);
    repo.expect_record_outcomes().returning(move |o, _| {
        sink.lock().unwrap().extend_from_slice(o);
        Ok(())
    });
    (repo, outcomes)
}

#[tokio::test]
async fn a_failed_send_schedules_a_backed_off_retry_and_does_not_fail_the_run() {
    let now = afternoon();
    let (repo, outcomes) = dispatching(vec![push(1, 1, 0), push(2, 2, 2)], vec![]);
    let mut gateway = MockPushGateway::new();
    gateway
        .expect_send()
        .returning(|_, _| Err(PushError::NotSent(anyhow::anyhow!("HTTP 503"))));
    let service = service(repo, gateway, now, pushing());
    let report = service.dispatch_due(now).await.unwrap();
    assert_eq!(report.retried, 2);
    assert_eq!(
        *outcomes.lock().unwrap(),
        [
            (
                NotificationId(1),
                PushOutcome::Failed {
                    retry_at: Some(now + chrono::Duration::seconds(10))
                }
            ),
            (
                NotificationId(2),
                PushOutcome::Failed {
                    retry_at: Some(now + chrono::Duration::seconds(40))
                }
            ),
        ]
    );
}

#[tokio::test]
async fn a_send_that_may_have_gone_out_is_not_retried() {
    let now = afternoon();
    let (repo, outcomes) = dispatching(vec![push(1, 1, 0)], vec![]);
    let mut gateway = MockPushGateway::new();
    gateway
        .expect_send()
        .returning(|_, _| Err(PushError::Unknown(anyhow::anyhow!("timed out"))));
    let service = service(repo, gateway, now, pushing());
    let report = service.dispatch_due(now).await.unwrap();
    assert_eq!(report.given_up, 1);
    assert_eq!(
        *outcomes.lock().unwrap(),
        [(NotificationId(1), PushOutcome::Failed { retry_at: None })]
    );
}

#[tokio::test]
async fn an_accepted_send_waits_for_its_task_lookup() {
    let now = afternoon();
    let mut repo = MockNotificationRepository::new();
    repo.expect_undecided().returning(|_| Ok(vec![]));
    repo.expect_tasks_to_check().returning(|_, _| Ok(vec![]));
    repo.expect_claim_due()
        .withf(move |at, lease_until, _| *at == now && *lease_until == now + crate::LEASE)
        .returning(|_, _, _| Ok(vec![push(1, 1, 0), push(2, 2, 0)]));
    repo.expect_begin_send()
        .returning(|ids, _, _| Ok(ids.to_vec()));
    repo.expect_record_sent()
        .withf(move |ids, task, check_at| {
            ids == [NotificationId(1), NotificationId(2)]
                && task.0 == "5f767a00"
                && *check_at == now + TASK_CHECK_DELAY
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    repo.expect_record_outcomes().never();
    let mut gateway = MockPushGateway::new();
    gateway
        .expect_send()
        .withf(|event, recipients| {
            event == "junggye_notification"
                && recipients.len() == 2
                && recipients[0].user_key == "botuser-1"
                && recipients[0].notification == NotificationId(1)
        })
        .returning(|_, _| Ok(TaskId("5f767a00".into())));
    let service = service(repo, gateway, now, pushing());
    let report = service.dispatch_due(now).await.unwrap();
    assert_eq!((report.calls, report.sent), (1, 2));
}

#[tokio::test]
async fn pushes_another_dispatcher_took_over_are_not_sent() {
    let now = afternoon();
    let mut repo = MockNotificationRepository::new();
    repo.expect_undecided().returning(|_| Ok(vec![]));
    repo.expect_tasks_to_check().returning(|_, _| Ok(vec![]));
    repo.expect_claim_due()
        .returning(|_, _, _| Ok(vec![push(1, 1, 0), push(2, 2, 0)]));
    repo.expect_begin_send()
        .returning(|_, _, _| Ok(vec![NotificationId(2)]));
    repo.expect_record_sent().returning(|_, _, _| Ok(()));
    let mut gateway = MockPushGateway::new();
    gateway
        .expect_send()
        .withf(|_, recipients| {
            recipients.len() == 1 && recipients[0].notification == NotificationId(2)
        })
        .times(1)
        .returning(|_, _| Ok(TaskId("t".into())));
    let service = service(repo, gateway, now, pushing());
    service.dispatch_due(now).await.unwrap();
}

#[tokio::test]
async fn task_results_record_delivery_retry_and_unreachable_members_without_retry() {
    let now = afternoon();
    let task = SentTask {
        task: TaskId("bf46deb1".into()),
        sent_at: now - chrono::Duration::seconds(5),
        pushes: vec![push(1, 1, 0), push(2, 2, 0), push(3, 3, 1), push(4, 4, 0)],
    };
    let (mut repo, outcomes) = dispatching(vec![], vec![task]);
    repo.expect_recheck_task()
        .withf(move |task, at| task.0 == "bf46deb1" && *at > now)
        .times(1)
        .returning(|_, _| Ok(()));
    let mut gateway = MockPushGateway::new();
    gateway.expect_task().returning(|_, _| {
        Ok(vec![
            ("botuser-1".into(), RecipientResult::Delivered),
            ("botuser-2".into(), RecipientResult::Unreachable),
            ("botuser-3".into(), RecipientResult::Failed),
            // botuser-4 not reported yet: looked up again later.
        ])
    });
    let service = service(repo, gateway, now, pushing());
    let report = service.dispatch_due(now).await.unwrap();
    assert_eq!(
        *outcomes.lock().unwrap(),
        [
            (NotificationId(1), PushOutcome::Delivered),
            (NotificationId(2), PushOutcome::Unreachable),
            (
                NotificationId(3),
                PushOutcome::Failed {
                    retry_at: Some(now + chrono::Duration::seconds(20))
                }
            ),
        ]
    );
    assert_eq!(
        (report.delivered, report.unreachable, report.retried),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn a_failed_task_lookup_is_tried_again_and_does_not_fail_the_run() {
    let now = afternoon();
    let task = SentTask {
        task: TaskId("t".into()),
        sent_at: now - chrono::Duration::seconds(5),
        pushes: vec![push(1, 1, 0)],
    };
    let (mut repo, outcomes) = dispatching(vec![], vec![task]);
    repo.expect_recheck_task().times(1).returning(|_, _| Ok(()));
    let mut gateway = MockPushGateway::new();
    gateway
        .expect_task()
        .returning(|_, _| Err(PushError::NotSent(anyhow::anyhow!("connection reset"))));
    let service = service(repo, gateway, now, pushing());
    service.dispatch_due(now).await.unwrap();
    assert!(outcomes.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_task_unknown_for_an_hour_is_given_up_not_resent() {
    let now = afternoon();
    let task = SentTask {
        task: TaskId("t".into()),
        sent_at: now - chrono::Duration::hours(2),
        pushes: vec![push(1, 1, 0)],
    };
    let (mut repo, outcomes) = dispatching(vec![], vec![task]);
    repo.expect_recheck_task().never();
    let mut gateway = MockPushGateway::new();
    gateway.expect_task().returning(|_, _| Ok(vec![]));
    let service = service(repo, gateway, now, pushing());
    service.dispatch_due(now).await.unwrap();
    assert_eq!(
        *outcomes.lock().unwrap(),
        [(NotificationId(1), PushOutcome::Failed { retry_at: None })]
    );
}

#[tokio::test]
async fn a_large_claim_goes_out_in_calls_of_at_most_a_hundred() {
    let now = afternoon();
    let due: Vec<_> = (1..=250).map(|i| push(i, i, 0)).collect();
    let (repo, _) = dispatching(due, vec![]);
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&sizes);
    let mut gateway = MockPushGateway::new();
    gateway.expect_send().returning(move |_, recipients| {
        seen.lock().unwrap().push(recipients.len());
        Ok(TaskId("t".into()))
    });
    let service = service(repo, gateway, now, pushing());
    let report = service.dispatch_due(now).await.unwrap();
    assert_eq!(*sizes.lock().unwrap(), [100, 100, 50]);
    assert_eq!(report.sent, 250);
}

#[test]
fn a_member_appears_once_per_call() {
    let split = batches(vec![push(1, 7, 0), push(2, 7, 0), push(3, 8, 0)]);
    let ids: Vec<Vec<i64>> = split
        .iter()
        .map(|b| b.iter().map(|p| p.id.0).collect())
        .collect();
    assert_eq!(ids, [vec![1, 3], vec![2]]);
}

proptest! {
    #[test]
    fn batches_never_exceed_a_hundred_nor_repeat_a_member_nor_lose_a_push(
        members in proptest::collection::vec(0_i64..40, 0..400),
    ) {
        let due: Vec<_> = members
            .iter()
            .enumerate()
            .map(|(i, &m)| push(i as i64, m, 0))
            .collect();
        let split = batches(due);
        let mut ids: Vec<i64> = split.iter().flatten().map(|p| p.id.0).collect();
        ids.sort_unstable();
        prop_assert_eq!(ids, (0..members.len() as i64).collect::<Vec<_>>());
        for batch in &split {
            prop_assert!(!batch.is_empty() && batch.len() <= crate::MAX_RECIPIENTS);
            let mut keys: Vec<_> = batch.iter().map(|p| &p.user_key).collect();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), batch.len());
        }
    }
}

#[test]
fn the_default_config_reads_like_the_contract() {
    let config = NotificationConfig::default();
    assert!(!config.push, "notify.backend defaults to inbox");
    assert_eq!(
        config.quiet_hours,
        QuietHours::parse("21:00-08:00").unwrap()
    );
    assert_eq!(config.daily_push_cap, 20);
    assert_eq!(config.event_name, "junggye_notification");
}

#[tokio::test]
async fn outbox_notifications_get_their_push_decided_by_the_next_run() {
    let now = afternoon();
    let mut repo = MockNotificationRepository::new();
    repo.expect_undecided().returning(|_| {
        Ok(vec![
            Undecided {
                id: NotificationId(1),
                member: SELLER,
                kind: NotificationKind::OrderPaid,
            },
            Undecided {
                id: NotificationId(2),
                member: BUYER,
                kind: NotificationKind::OrderShipped,
            },
        ])
    });
    let mut off = Preferences::default();
    off.set(NotificationGroup::Trade, false);
    repo.expect_preferences().returning(move |member| {
        Ok(if member == BUYER {
            off
        } else {
            Preferences::default()
        })
    });
    repo.expect_pushes_between().returning(|_, _, _| Ok(0));
    let plans = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&plans);
    repo.expect_set_push_plans().returning(move |p| {
        seen.lock().unwrap().extend_from_slice(p);
        Ok(())
    });
    let service = service(repo, MockPushGateway::new(), now, pushing());
    assert_eq!(service.plan_undecided(now).await.unwrap(), 2);
    assert_eq!(
        *plans.lock().unwrap(),
        vec![(NotificationId(1), Some(now)), (NotificationId(2), None)]
    );
}

#[tokio::test]
async fn with_the_inbox_backend_outbox_notifications_are_never_pushed() {
    let mut repo = MockNotificationRepository::new();
    repo.expect_undecided().returning(|_| {
        Ok(vec![Undecided {
            id: NotificationId(7),
            member: SELLER,
            kind: NotificationKind::OrderPaid,
        }])
    });
    repo.expect_preferences().never();
    repo.expect_set_push_plans()
        .withf(|plans| plans == [(NotificationId(7), None)])
        .times(1)
        .returning(|_| Ok(()));
    let service = service(
        repo,
        MockPushGateway::new(),
        afternoon(),
        NotificationConfig::default(),
    );
    service.plan_undecided(afternoon()).await.unwrap();
}

#[tokio::test]
async fn only_pushes_that_ended_undelivered_may_be_retried() {
    let mut repo = MockNotificationRepository::new();
    repo.expect_requeue()
        .withf(|id, from, _| {
            *id == NotificationId(3)
                && from.contains(&PushState::Failed)
                && !from.contains(&PushState::Sent)
                && !from.contains(&PushState::Delivered)
        })
        .returning(|_, _, _| Ok(false));
    let service = service(repo, MockPushGateway::new(), afternoon(), pushing());
    assert!(matches!(
        service.retry(NotificationId(3)).await,
        Err(NotificationError::NotRetryable)
    ));
}
