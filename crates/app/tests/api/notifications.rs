//! The bot speaks first: a trade step lands in the other party's inbox at once and is pushed
//! through the Event API (the stand-in here) exactly once, even across an outage and a
//! restart.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::time::Duration;

use junggye::startup::Application;
use junggye_kakao_event::stand_in::{Fault, StandIn, StandInConfig};
use junggye_mysql::connect;
use junggye_mysql::testing::backends;
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::helpers::{BOT_ID, Reply, TestApp, payload, test_settings};
use crate::orders::{BUYER, PUBLIC, SELLER, paid_order};

const LINK_SECRET: &str = "notify-test-link-secret-0123456789";

fn settings_for(backend: &str) -> Vec<(&'static str, String)> {
    vec![
        ("APP__PUBLIC_BASE_URL", PUBLIC.into()),
        ("APP__KAKAOPAY__LINK_SECRET", LINK_SECRET.into()),
        ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000".into()),
        ("APP__NOTIFY__BACKEND", backend.into()),
        ("APP__NOTIFY__DISPATCH_INTERVAL_MS", "200".into()),
        // Trade pushes ignore quiet hours anyway; none here keeps the test independent of
        // the hour it runs at.
        ("APP__NOTIFY__QUIET_HOURS", String::new()),
    ]
}

async fn home(app: &TestApp, user: &str) -> Reply {
    app.skill("/skill/home", &payload(user, json!({}), json!({})))
        .await
}

/// Push rows as the database has them: (kind, member's user key, push state, failures).
async fn pushes(db: &DatabaseConnection) -> Vec<(String, String, String, i64)> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT n.kind, m.user_key, n.push_state, n.failures FROM notifications n \
         JOIN members m ON m.id = n.member_id ORDER BY n.id",
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|r| {
        (
            r.try_get("", "kind").unwrap(),
            r.try_get("", "user_key").unwrap(),
            r.try_get("", "push_state").unwrap(),
            r.try_get("", "failures").unwrap(),
        )
    })
    .collect()
}

async fn wait_for<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..300 {
        if let Some(found) = check().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn notifications_a_paid_order_reaches_the_sellers_inbox_and_is_pushed_once() {
    for db in backends().await {
        let conn = db.db.clone();
        let overrides = settings_for("stand-in");
        let overrides: Vec<(&str, &str)> =
            overrides.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let app = TestApp::spawn_with(db, &overrides).await;
        paid_order(&app, &conn, "캠핑 의자").await;

        // The inbox has it at once, whatever the push does.
        assert!(
            home(&app, SELLER)
                .await
                .quick_replies()
                .contains(&"알림 1".to_owned()),
            "[{}] {:?}",
            app.backend,
            home(&app, SELLER).await.quick_replies()
        );
        assert!(
            home(&app, BUYER)
                .await
                .quick_replies()
                .contains(&"알림".to_owned())
        );

        // The push: the stand-in ran the event block's skill for the seller.
        let pushed = wait_for("the seller's push", async || {
            let res = app
                .client
                .get(format!("{}/playground/pushes?user={SELLER}", app.address))
                .send()
                .await
                .unwrap();
            let replies: Vec<Value> = res.json().await.unwrap();
            (!replies.is_empty()).then_some(replies)
        })
        .await;
        assert_eq!(pushed.len(), 1, "[{}] {pushed:?}", app.backend);
        let shown = Reply(pushed[0].clone());
        assert!(
            shown.text().contains("결제 완료: 상품을 보내 주세요"),
            "{}",
            shown.0
        );
        assert!(shown.text().contains("캠핑 의자"), "{}", shown.0);
        assert!(shown.0.to_string().contains("운송장 입력"), "{}", shown.0);
        // Shown by the push: read.
        assert!(
            home(&app, SELLER)
                .await
                .quick_replies()
                .contains(&"알림".to_owned())
        );
        let delivered = wait_for("the task lookup", async || {
            let rows = pushes(&conn).await;
            rows.iter().all(|r| r.2 == "delivered").then_some(rows)
        })
        .await;
        assert_eq!(delivered.len(), 1, "only the seller hears of a payment");
        assert_eq!(delivered[0].1, SELLER);

        // Nobody else's inbox shows it; the seller's does.
        let inbox = app
            .skill(
                "/skill/notifications",
                &payload(BUYER, json!({}), json!({})),
            )
            .await;
        assert!(
            inbox.text().contains("아직 받은 알림이 없어요"),
            "{}",
            inbox.0
        );
        let inbox = app
            .skill(
                "/skill/notifications",
                &payload(SELLER, json!({}), json!({})),
            )
            .await;
        assert!(
            inbox.text().contains("결제 완료: 상품을 보내 주세요"),
            "{}",
            inbox.0
        );

        // The event block, called by Kakao for someone who is no member, sends nothing.
        let res = app
            .post_raw(
                "/skill/events/notification",
                payload("stranger", json!({}), json!({})).to_string(),
            )
            .await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["template"]["outputs"], json!([]), "{body}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn notifications_settings_switch_a_group_and_refuse_unknown_ones() {
    for db in backends().await {
        let conn = db.db.clone();
        let overrides = settings_for("inbox");
        let overrides: Vec<(&str, &str)> =
            overrides.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let app = TestApp::spawn_with(db, &overrides).await;
        crate::orders::join(&app, SELLER, "판매자").await;
        let off = app
            .skill(
                "/skill/settings/notifications",
                &payload(
                    SELLER,
                    json!({}),
                    json!({"kind": "keyword", "enabled": "false"}),
                ),
            )
            .await;
        assert!(off.text().contains("키워드 알림: 꺼짐"), "{}", off.0);
        assert!(off.text().contains("거래 알림: 켜짐"), "{}", off.0);
        let bad = app
            .skill(
                "/skill/settings/notifications",
                &payload(
                    SELLER,
                    json!({}),
                    json!({"kind": "ads", "enabled": "false"}),
                ),
            )
            .await;
        assert!(bad.text().contains("거래, 키워드, 찜"), "{}", bad.0);
        let shown = app
            .skill(
                "/skill/settings/notifications",
                &payload(SELLER, json!({}), json!({})),
            )
            .await;
        assert!(shown.text().contains("키워드 알림: 꺼짐"), "{}", shown.0);
        drop(conn);
        app.cleanup().await;
    }
}

/// The Event API is down when the payment happens; the instance that tried is stopped; the
/// one started after it sends the push once the outage ends: exactly one send, delivered.
#[tokio::test]
async fn notifications_survive_an_event_api_outage_and_a_restart_delivered_exactly_once() {
    for db in backends().await {
        // Pools of their own: connections opened by the first instance's actix workers are
        // bound to those workers' runtimes and die with them when the instance is stopped.
        let conn = connect(&db.url).await.unwrap();
        let restart_pool = connect(&db.url).await.unwrap();
        let key = "stand-in-rest-api-key";
        let stand_in = StandIn::new(StandInConfig::new(key, "junggye_notification"));
        let (event_api, _server) = stand_in.start().unwrap();
        // Down for the first try.
        stand_in.fail_next(1, Fault::Down);
        let mut overrides = settings_for("kakao");
        overrides.extend([
            ("APP__KAKAO__EVENT_API_BASE", event_api.clone()),
            ("APP__KAKAO__EVENT_BOT_ID", format!("{BOT_ID}!")),
            ("APP__KAKAO__REST_API_KEY", key.into()),
        ]);
        let overrides: Vec<(&str, &str)> =
            overrides.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let app = TestApp::spawn_with(db, &overrides).await;
        paid_order(&app, &conn, "접이식 자전거").await;
        wait_for("the failed first try", async || {
            let rows = pushes(&conn).await;
            rows.iter()
                .any(|r| r.2 == "queued" && r.3 == 1)
                .then_some(())
        })
        .await;
        assert!(stand_in.sent().is_empty(), "the outage accepted nothing");

        // The restart: this instance's jobs stop, a new one takes over the same database.
        let mut with_url = vec![("APP__DATABASE__URL".to_owned(), app_db_url(&app))];
        with_url.extend(
            overrides
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        app.stop_jobs();
        let pairs: Vec<(&str, &str)> = with_url
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let restarted = Application::build_with_db(test_settings(&pairs), restart_pool).unwrap();
        let handle = tokio::spawn(restarted.run_until_stopped());

        // The retry waits out its 10 s backoff, then goes out once and is confirmed.
        let rows = wait_for("delivery after the restart", async || {
            let rows = pushes(&conn).await;
            rows.iter().all(|r| r.2 == "delivered").then_some(rows)
        })
        .await;
        assert_eq!(rows.len(), 1);
        let sent = stand_in.sent();
        assert_eq!(sent.len(), 1, "[{}] sent once: {sent:?}", app.backend);
        assert!(sent[0].dev_channel(), "the dev channel's ! reached the API");
        assert_eq!(sent[0].users.len(), 1);
        assert_eq!(sent[0].users[0].id, SELLER);
        // And nothing more goes out later.
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(stand_in.sent().len(), 1);
        handle.abort();
        let _ = conn.close().await;
        app.cleanup().await;
    }
}

fn app_db_url(app: &TestApp) -> String {
    app.database_url()
}
