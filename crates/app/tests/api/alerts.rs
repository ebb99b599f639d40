//! Likes and keyword alerts over the bot (contract §8): the skills, and the notifications a
//! registration or a status change leaves in the inbox of those it concerns.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::time::Duration;

use chrono::Utc;
use junggye_mysql::testing::backends;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::{join, member_id};

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 1,
];

/// `(member, kind, payload)` of every stored notification, oldest first.
async fn notifications(db: &DatabaseConnection) -> Vec<(i64, String, Value)> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT member_id, kind, payload FROM notifications ORDER BY id",
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        let payload: String = row.try_get("", "payload").unwrap();
        (
            row.try_get("", "member_id").unwrap(),
            row.try_get("", "kind").unwrap(),
            serde_json::from_str(&payload).unwrap(),
        )
    })
    .collect()
}

/// The notifications once `count` are stored: they are written on a task of their own, after
/// the reply to the change.
async fn await_notifications(db: &DatabaseConnection, count: usize) -> Vec<(i64, String, Value)> {
    for _ in 0..100 {
        let found = notifications(db).await;
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    notifications(db).await
}

async fn block(db: &DatabaseConnection, blocker: i64, blocked: i64) {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)",
        vec![
            blocker.into(),
            blocked.into(),
            junggye_mysql::to_db(Utc::now()).into(),
        ],
    ))
    .await
    .unwrap();
}

async fn add_keyword(app: &TestApp, user: &str, keyword: &str) -> Reply {
    app.skill(
        "/skill/alerts/add",
        &payload(user, json!({"keyword": keyword}), json!({})),
    )
    .await
}

fn cards(reply: &Reply) -> Vec<Value> {
    reply.0["template"]["outputs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["carousel"]["items"].as_array())
        .flatten()
        .cloned()
        .collect()
}

async fn register(app: &TestApp, cdn: &MockServer, user: &str, name: &str) -> i64 {
    let images = json!({
        "privacyAgreement": "Y",
        "imageQuantity": "1",
        "secureUrls": format!("List({}/dna/a.jpg)", cdn.uri()),
    })
    .to_string();
    let saved = app
        .skill(
            "/skill/products/register",
            &payload(
                user,
                json!({
                    "name": name,
                    "price": "650,000원",
                    "description": "배터리 사이클 12회, 풀박스입니다.",
                    "location": "서울 노원구 중계동",
                    "open_chat_url": "https://open.kakao.com/o/sAbCdEf1",
                    "images": images,
                }),
                json!({"category": "digital"}),
            ),
        )
        .await;
    assert!(saved.text().contains("상품을 등록했습니다"), "{}", saved.0);
    saved.quick_reply("상품 보기")["extra"]["product_id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn keywords_over_the_bot_and_a_new_listing_alerts_its_subscribers() {
    for db in backends().await {
        let conn = db.db.clone();
        let cdn = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/dna/a.jpg"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
            .mount(&cdn)
            .await;
        let (app, dir) = TestApp::spawn_with_photos(db, &cdn, "alerts").await;
        let b = app.backend.clone();
        for (user, name) in [
            ("seller", "판매왕"),
            ("fan", "맥북러버"),
            ("blocker", "차단러"),
            ("short", "한글자"),
        ] {
            join(&app, user, name).await;
        }

        // Keywords: trimmed, lower-cased, 2-20 characters, no duplicates.
        let added = add_keyword(&app, "fan", "  MacBook ").await;
        assert!(
            added.text().contains("'macbook' 키워드를 등록했어요"),
            "[{b}] {}",
            added.0
        );
        assert!(
            add_keyword(&app, "fan", "맥북")
                .await
                .text()
                .contains("등록했어요")
        );
        let dup = add_keyword(&app, "fan", "MACBOOK").await;
        assert!(dup.text().contains("이미 등록한 키워드"), "[{b}] {}", dup.0);
        let short = add_keyword(&app, "short", "맥").await;
        assert!(short.text().contains("2~20자"), "[{b}] {}", short.0);
        add_keyword(&app, "blocker", "맥북").await;
        add_keyword(&app, "seller", "맥북").await;

        let mine = app
            .skill("/skill/alerts", &payload("fan", json!({}), json!({})))
            .await;
        let kept = cards(&mine);
        assert_eq!(kept.len(), 2, "[{b}] {}", mine.0);
        assert_eq!(kept[1]["title"], "맥북");
        assert_eq!(kept[1]["buttons"][0]["label"], "삭제");
        assert_eq!(kept[1]["buttons"][0]["extra"]["keyword"], "맥북");
        assert!(
            mine.text().contains("키워드 알림 2/10개"),
            "[{b}] {}",
            mine.0
        );

        let seller = member_id(&conn, "seller").await;
        let fan = member_id(&conn, "fan").await;
        let blocker = member_id(&conn, "blocker").await;
        block(&conn, blocker, seller).await;

        let product = register(&app, &cdn, "seller", "맥북 에어 M1").await;
        let stored = await_notifications(&conn, 1).await;
        // Give a wrongly alerted seller or blocker the time to show up too.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let stored = if stored.len() == 1 {
            notifications(&conn).await
        } else {
            stored
        };
        assert_eq!(stored.len(), 1, "[{b}] only the fan, once: {stored:?}");
        let (member, kind, note) = &stored[0];
        assert_eq!((*member, kind.as_str()), (fan, "keyword_match"), "[{b}]");
        assert_eq!(note["keyword"], "맥북", "[{b}] {note}");
        assert_eq!(note["listing"]["product"], product, "[{b}] {note}");
        assert_eq!(note["price"], 650_000, "[{b}] {note}");

        // A second match within the fold window grows the same notification.
        register(&app, &cdn, "seller", "맥북 프로 14").await;
        let mut folded = false;
        for _ in 0..100 {
            let stored = notifications(&conn).await;
            if stored.len() == 1 && stored[0].2["count"] == 2 {
                folded = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(folded, "[{b}] {:?}", notifications(&conn).await);

        // Remove, then the limit of ten.
        let removed = app
            .skill(
                "/skill/alerts/remove",
                &payload("fan", json!({}), json!({"keyword": "맥북"})),
            )
            .await;
        assert!(removed.text().contains("삭제했어요"), "[{b}] {}", removed.0);
        let again = app
            .skill(
                "/skill/alerts/remove",
                &payload("fan", json!({}), json!({"keyword": "맥북"})),
            )
            .await;
        assert!(again.text().contains("등록되지 않은"), "[{b}] {}", again.0);
        for i in 1..10 {
            let added = add_keyword(&app, "fan", &format!("키워드{i}")).await;
            assert!(
                added.text().contains("등록했어요"),
                "[{b}] {i}: {}",
                added.0
            );
        }
        let full = add_keyword(&app, "fan", "열한번째").await;
        assert!(full.text().contains("최대 10개"), "[{b}] {}", full.0);
        let mine = app
            .skill("/skill/alerts", &payload("fan", json!({}), json!({})))
            .await;
        assert!(
            !mine.quick_replies().contains(&"키워드 추가".to_owned()),
            "[{b}] {}",
            mine.0
        );
        let _ = std::fs::remove_dir_all(&dir);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn likes_over_the_bot_and_likers_hear_of_a_reservation() {
    for db in backends().await {
        let conn = db.db.clone();
        let cdn = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/dna/a.jpg"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
            .mount(&cdn)
            .await;
        let (app, dir) = TestApp::spawn_with_photos(db, &cdn, "likes").await;
        let b = app.backend.clone();
        join(&app, "seller", "판매왕").await;
        join(&app, "fan", "찜러").await;
        let fan = member_id(&conn, "fan").await;
        let product = register(&app, &cdn, "seller", "소니 헤드폰").await;
        let detail = |user: &'static str| {
            let app = &app;
            async move {
                app.skill(
                    "/skill/products/detail",
                    &payload(user, json!({}), json!({"product_id": product})),
                )
                .await
            }
        };

        let before = detail("fan").await;
        assert!(before.text().contains("찜: 0"), "[{b}] {}", before.0);
        assert!(
            before.0.to_string().contains("\"찜하기\""),
            "[{b}] {}",
            before.0
        );
        let own = detail("seller").await;
        assert!(!own.0.to_string().contains("찜하기"), "[{b}] {}", own.0);
        let refused = app
            .skill(
                "/skill/likes/toggle",
                &payload("seller", json!({}), json!({"product_id": product})),
            )
            .await;
        assert!(
            refused.text().contains("찜할 수 없어요"),
            "[{b}] {}",
            refused.0
        );

        let liked = app
            .skill(
                "/skill/likes/toggle",
                &payload("fan", json!({}), json!({"product_id": product})),
            )
            .await;
        assert!(liked.text().contains("찜 1개"), "[{b}] {}", liked.0);
        let after = detail("fan").await;
        assert!(after.text().contains("찜: 1"), "[{b}] {}", after.0);
        assert!(
            after.0.to_string().contains("\"찜 취소\""),
            "[{b}] {}",
            after.0
        );

        let list = app
            .skill("/skill/likes", &payload("fan", json!({}), json!({})))
            .await;
        let items = cards(&list);
        assert_eq!(items.len(), 1, "[{b}] {}", list.0);
        assert_eq!(items[0]["title"], "소니 헤드폰");
        assert_eq!(items[0]["price"], 650_000, "integer price: {}", list.0);
        assert!(
            items[0]["description"]
                .as_str()
                .unwrap()
                .starts_with("[판매중]"),
            "[{b}] {}",
            list.0
        );

        // The owner reserves it: the liker is told, and the list shows the new status.
        let reserved = app
            .skill(
                "/skill/products/status",
                &payload(
                    "seller",
                    json!({}),
                    json!({"product_id": product, "status": "reserved"}),
                ),
            )
            .await;
        assert!(reserved.text().contains("예약중"), "[{b}] {}", reserved.0);
        let stored = await_notifications(&conn, 1).await;
        assert_eq!(stored.len(), 1, "[{b}] {stored:?}");
        assert_eq!((stored[0].0, stored[0].1.as_str()), (fan, "liked_changed"));
        assert_eq!(
            stored[0].2["change"]["status"], "reserved",
            "[{b}] {:?}",
            stored[0]
        );
        let list = app
            .skill("/skill/likes", &payload("fan", json!({}), json!({})))
            .await;
        assert!(
            cards(&list)[0]["description"]
                .as_str()
                .unwrap()
                .starts_with("[예약중]"),
            "[{b}] {}",
            list.0
        );

        // Back on sale, then unliked: the list is empty.
        app.skill(
            "/skill/products/status",
            &payload(
                "seller",
                json!({}),
                json!({"product_id": product, "status": "on_sale"}),
            ),
        )
        .await;
        let unliked = app
            .skill(
                "/skill/likes/toggle",
                &payload("fan", json!({}), json!({"product_id": product})),
            )
            .await;
        assert!(
            unliked.text().contains("찜을 취소했어요"),
            "[{b}] {}",
            unliked.0
        );
        let empty = app
            .skill("/skill/likes", &payload("fan", json!({}), json!({})))
            .await;
        assert!(
            empty.text().contains("찜한 상품이 없어요"),
            "[{b}] {}",
            empty.0
        );
        let _ = std::fs::remove_dir_all(&dir);
        app.cleanup().await;
    }
}
