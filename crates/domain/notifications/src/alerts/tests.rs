use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::{always, eq};

use super::*;
use crate::alerts::ports::MockKeywordRepository;
use crate::error::NotificationError;
use crate::model::{NotificationId, ProductId};
use crate::ports::{MockNotificationRepository, MockPushGateway};
use crate::service::NotificationConfig;

const SELLER: MemberId = MemberId(1);
const FAN: MemberId = MemberId(2);
const BLOCKER: MemberId = MemberId(3);
const OTHER: MemberId = MemberId(4);

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).unwrap());
    Arc::new(clock)
}

fn sub(member: MemberId, keyword: &str) -> Subscription {
    Subscription {
        member,
        keyword: keyword.into(),
    }
}

fn kept(keywords: &[&str]) -> Vec<AlertKeyword> {
    keywords
        .iter()
        .map(|k| AlertKeyword::stored((*k).to_owned()))
        .collect()
}

/// A notification service that stores every notification as new and records them.
fn recording(stored: Arc<Mutex<Vec<(MemberId, Payload)>>>) -> Arc<NotificationService> {
    let mut repo = MockNotificationRepository::new();
    repo.expect_fold_keyword().returning(|_, _, _| Ok(None));
    repo.expect_insert().returning(move |outgoing, _| {
        let mut stored = stored.lock().unwrap();
        for o in outgoing {
            stored.push((o.notification.member, o.notification.payload.clone()));
        }
        Ok(vec![NotificationId(stored.len() as i64)])
    });
    Arc::new(NotificationService::new(
        Arc::new(repo),
        Arc::new(MockPushGateway::new()),
        clock(),
        NotificationConfig::default(),
    ))
}

fn unused_notifications() -> Arc<NotificationService> {
    Arc::new(NotificationService::new(
        Arc::new(MockNotificationRepository::new()),
        Arc::new(MockPushGateway::new()),
        clock(),
        NotificationConfig::default(),
    ))
}

fn service(repo: MockKeywordRepository, notifications: Arc<NotificationService>) -> AlertService {
    AlertService::new(
        Arc::new(repo),
        notifications,
        clock(),
        AlertConfig::default(),
    )
}

fn macbook() -> ListingRef {
    ListingRef {
        product: ProductId(9),
        name: "맥북 에어 M1".into(),
    }
}

#[tokio::test]
async fn add_stores_the_trimmed_lower_cased_keyword_with_the_limit() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_keywords().returning(|_| Ok(kept(&["아이폰"])));
    repo.expect_insert()
        .with(
            eq(FAN),
            eq(AlertKeyword::stored("macbook".into())),
            eq(DEFAULT_MAX_KEYWORDS),
            always(),
        )
        .times(1)
        .returning(|_, _, _, _| Ok(true));
    let added = service(repo, unused_notifications())
        .add(FAN, "  MacBook ")
        .await
        .unwrap();
    assert_eq!(added.as_str(), "macbook");
}

#[tokio::test]
async fn add_refuses_bad_lengths_without_touching_storage() {
    let svc = service(MockKeywordRepository::new(), unused_notifications());
    for raw in ["맥", " ", &"가".repeat(21)] {
        let err = svc.add(FAN, raw).await.unwrap_err();
        assert!(matches!(err, AlertError::Invalid(_)), "{raw:?}: {err:?}");
    }
}

#[tokio::test]
async fn add_refuses_a_duplicate_even_in_another_case() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_keywords().returning(|_| Ok(kept(&["macbook"])));
    repo.expect_insert().never();
    let err = service(repo, unused_notifications())
        .add(FAN, "MACBOOK")
        .await
        .unwrap_err();
    assert!(matches!(err, AlertError::Duplicate), "{err:?}");
}

#[tokio::test]
async fn add_refuses_the_eleventh_keyword() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_keywords().returning(|_| {
        Ok((0..10)
            .map(|i| AlertKeyword::stored(format!("키워드{i}")))
            .collect())
    });
    repo.expect_insert().never();
    let err = service(repo, unused_notifications())
        .add(FAN, "맥북")
        .await
        .unwrap_err();
    assert!(matches!(err, AlertError::TooMany { max: 10 }), "{err:?}");
}

#[tokio::test]
async fn a_racing_add_that_lost_the_limit_is_told_too_many() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_keywords().returning(|_| Ok(kept(&[])));
    repo.expect_insert().returning(|_, _, _, _| Ok(false));
    let err = service(repo, unused_notifications())
        .add(FAN, "맥북")
        .await
        .unwrap_err();
    assert!(matches!(err, AlertError::TooMany { .. }), "{err:?}");
}

#[tokio::test]
async fn remove_reports_a_keyword_the_member_does_not_keep() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_delete()
        .with(eq(FAN), eq(AlertKeyword::stored("맥북".into())))
        .returning(|_, _| Ok(false));
    let svc = service(repo, unused_notifications());
    assert!(matches!(
        svc.remove(FAN, " 맥북 ").await,
        Err(AlertError::NotFound)
    ));
    assert!(matches!(
        svc.remove(FAN, "맥").await,
        Err(AlertError::NotFound)
    ));
}

#[tokio::test]
async fn a_new_listing_alerts_each_subscriber_once_per_keyword_it_contains() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_subscribers()
        .withf(|keywords| {
            keywords.contains(&"맥북".to_owned())
                && keywords.contains(&"m1".to_owned())
                && !keywords.contains(&"맥".to_owned())
        })
        .times(1)
        // The adapter's chunks may return a subscription twice: it is alerted once.
        .returning(|_| {
            Ok(vec![
                sub(FAN, "맥북"),
                sub(OTHER, "에어 m1"),
                sub(FAN, "맥북"),
                sub(FAN, "m1"),
            ])
        });
    repo.expect_blocked_either_way()
        .withf(|seller, others| *seller == SELLER && others == [FAN, OTHER])
        .returning(|_, _| Ok(vec![]));
    let stored = Arc::new(Mutex::new(Vec::new()));
    let queued = service(repo, recording(stored.clone()))
        .listing_added(SELLER, macbook(), 700_000)
        .await
        .unwrap();
    assert_eq!(queued, 3);
    let stored = stored.lock().unwrap();
    let got: Vec<(MemberId, Option<&str>)> =
        stored.iter().map(|(m, p)| (*m, p.keyword())).collect();
    assert_eq!(
        got,
        [
            (FAN, Some("m1")),
            (FAN, Some("맥북")),
            (OTHER, Some("에어 m1"))
        ]
    );
    assert_eq!(
        stored[0].1,
        Payload::KeywordMatch {
            keyword: "m1".into(),
            listing: macbook(),
            price: 700_000,
            count: 1
        }
    );
}

#[tokio::test]
async fn the_seller_and_members_blocked_either_way_are_not_alerted() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_subscribers().returning(|_| {
        Ok(vec![
            sub(SELLER, "맥북"),
            sub(FAN, "맥북"),
            sub(BLOCKER, "맥북"),
        ])
    });
    // The seller is never even asked about: they are left out before the block lookup.
    repo.expect_blocked_either_way()
        .withf(|seller, others| *seller == SELLER && others == [FAN, BLOCKER])
        .returning(|_, _| Ok(vec![BLOCKER]));
    let stored = Arc::new(Mutex::new(Vec::new()));
    let queued = service(repo, recording(stored.clone()))
        .listing_added(SELLER, macbook(), 700_000)
        .await
        .unwrap();
    assert_eq!(queued, 1);
    let members: Vec<MemberId> = stored.lock().unwrap().iter().map(|(m, _)| *m).collect();
    assert_eq!(members, [FAN]);
}

#[tokio::test]
async fn a_listing_nobody_watches_costs_one_lookup_and_no_block_check() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_subscribers().times(1).returning(|_| Ok(vec![]));
    repo.expect_blocked_either_way().never();
    let queued = service(repo, unused_notifications())
        .listing_added(SELLER, macbook(), 700_000)
        .await
        .unwrap();
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn a_new_deal_alerts_its_subscribers_with_the_deal() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_subscribers()
        .withf(|keywords| keywords.contains(&"rtx".to_owned()))
        .returning(|_| Ok(vec![sub(FAN, "rtx")]));
    repo.expect_blocked_either_way().never();
    let stored = Arc::new(Mutex::new(Vec::new()));
    let queued = service(repo, recording(stored.clone()))
        .deal_added("[11번가] RTX 5070 특가", "https://board.example/1")
        .await
        .unwrap();
    assert_eq!(queued, 1);
    assert_eq!(
        stored.lock().unwrap()[0],
        (
            FAN,
            Payload::KeywordDeal {
                keyword: "rtx".into(),
                deal: DealRef {
                    title: "[11번가] RTX 5070 특가".into(),
                    url: "https://board.example/1".into()
                },
                count: 1
            }
        )
    );
}

#[tokio::test]
async fn one_failed_notification_does_not_keep_the_others_from_being_tried() {
    let mut repo = MockKeywordRepository::new();
    repo.expect_subscribers()
        .returning(|_| Ok(vec![sub(FAN, "맥북"), sub(OTHER, "맥북")]));
    repo.expect_blocked_either_way()
        .returning(|_, _| Ok(vec![]));
    let mut notifications = MockNotificationRepository::new();
    notifications
        .expect_fold_keyword()
        .times(2)
        .returning(|member, _, _| {
            if member == FAN {
                Err(NotificationError::Unexpected(anyhow::anyhow!("deadlock")))
            } else {
                Ok(Some(NotificationId(5)))
            }
        });
    let notifications = Arc::new(NotificationService::new(
        Arc::new(notifications),
        Arc::new(MockPushGateway::new()),
        clock(),
        NotificationConfig::default(),
    ));
    let err = service(repo, notifications)
        .listing_added(SELLER, macbook(), 700_000)
        .await
        .unwrap_err();
    assert!(matches!(err, AlertError::Unexpected(_)), "{err:?}");
}
