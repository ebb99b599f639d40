//! Reviews, 매너온도 and public profiles over HTTP on every backend: an escrow order reviewed by
//! both parties (strangers, repeats and unfinished trades refused), an open-chat sale with a
//! named buyer reviewed by both, the score on cards, the detail and the profile, and the admin
//! list and deletion.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye::admin;
use junggye_mysql::testing::{TestDb, backends};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::admin_orders::call as admin_call;
use crate::helpers::{Reply, TestApp, assert_within_kakao_limits, payload};
use crate::orders::{BUYER, PUBLIC, SELLER, detail, join, list, member_id, paid_order};

const STRANGER: &str = "review-stranger";
const LIKER: &str = "review-liker";
const PASSWORD: &str = "correct horse battery staple";

async fn spawn(db: TestDb) -> (TestApp, DatabaseConnection, String) {
    let conn = db.db.clone();
    let app = TestApp::spawn_with(
        db,
        &[
            ("APP__PUBLIC_BASE_URL", PUBLIC),
            (
                "APP__KAKAOPAY__LINK_SECRET",
                "reviews-test-link-secret-0123456789",
            ),
            (
                "APP__ADMIN__JWT_SECRET",
                "reviews-admin-secret-0123456789abcdef-xyz",
            ),
            ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000"),
        ],
    )
    .await;
    admin::create(&conn, "review-ops", PASSWORD).await.unwrap();
    let (status, body) = admin_call(
        &app,
        Method::POST,
        "/admin/login",
        None,
        Some(json!({"username": "review-ops", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (app, conn, body["access_token"].as_str().unwrap().to_owned())
}

async fn skill(app: &TestApp, route: &str, user: &str, extra: Value, params: Value) -> Reply {
    let reply = app.skill(route, &payload(user, params, extra)).await;
    assert_within_kakao_limits(&reply.0);
    reply
}

async fn review(app: &TestApp, user: &str, order: i64, rating: &str, text: &str) -> Reply {
    skill(
        app,
        "/skill/reviews/write",
        user,
        json!({"order_id": order, "rating": rating}),
        if text.is_empty() {
            json!({})
        } else {
            json!({"text": text})
        },
    )
    .await
}

async fn profile(app: &TestApp, viewer: &str, member: i64) -> Reply {
    skill(
        app,
        "/skill/members/public-profile",
        viewer,
        json!({"member_id": member}),
        json!({}),
    )
    .await
}

/// Every button or quick reply (anywhere in the reply) with this label.
fn action(reply: &Reply, label: &str) -> Option<Value> {
    fn find(v: &Value, label: &str) -> Option<Value> {
        match v {
            Value::Object(map) => {
                if map.get("label").and_then(Value::as_str) == Some(label) {
                    return Some(v.clone());
                }
                map.values().find_map(|v| find(v, label))
            }
            Value::Array(items) => items.iter().find_map(|v| find(v, label)),
            _ => None,
        }
    }
    find(&reply.0, label)
}

#[tokio::test]
async fn reviews_an_escrow_order_is_reviewed_once_by_each_party_and_moves_the_score() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let t = Some(token.as_str());
        let b = app.backend.clone();
        let (_, order) = paid_order(&app, &conn, "아이패드 에어").await;
        join(&app, STRANGER, "구경꾼").await;
        let id = order.id.0;
        let seller = member_id(&conn, SELLER).await;
        let buyer = member_id(&conn, BUYER).await;

        // Not completed yet: refused, nothing stored.
        let early = review(&app, BUYER, id, "great", "").await;
        assert!(
            early.text().contains("거래가 완료된 뒤에"),
            "[{b}] {}",
            early.0
        );
        let steps = [
            (
                "/skill/orders/tracking-number",
                SELLER,
                json!({"order_id": id}),
                json!({"tracking_number": "6892-1234-5678"}),
            ),
            (
                "/skill/orders/confirm-purchase",
                BUYER,
                json!({"order_id": id, "confirm": true}),
                json!({}),
            ),
            (
                "/skill/orders/confirm-sale",
                SELLER,
                json!({"order_id": id, "confirm": true}),
                json!({}),
            ),
        ];
        for (route, user, extra, params) in steps {
            skill(&app, route, user, extra, params).await;
        }

        // sale_completed's 후기 쓰기 now leads to the review skill.
        let inbox = skill(&app, "/skill/notifications", BUYER, json!({}), json!({})).await;
        let write = action(&inbox, "후기 쓰기")
            .unwrap_or_else(|| panic!("[{b}] no 후기 쓰기 in {}", inbox.0));
        assert_eq!(write["blockId"], "REVIEW_WRITE", "[{b}] {write}");
        assert_eq!(write["extra"]["order_id"], id, "[{b}] {write}");
        // Without a rating the member is asked for one.
        let ask = skill(
            &app,
            "/skill/reviews/write",
            BUYER,
            write["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(ask.text().contains("거래는 어떠셨나요"), "[{b}] {}", ask.0);
        let great = action(&ask, "최고예요").unwrap();
        assert_eq!(great["extra"]["rating"], "great");

        // A stranger is refused; so is a text over 200 characters.
        let stranger = review(&app, STRANGER, id, "bad", "").await;
        assert!(
            stranger
                .text()
                .contains("후기를 남길 수 있는 거래가 아닙니다"),
            "[{b}] {}",
            stranger.0
        );
        let long = review(&app, BUYER, id, "great", &"가".repeat(201)).await;
        assert!(long.text().contains("200자까지"), "[{b}] {}", long.0);

        let done = review(&app, BUYER, id, "great", "친절하고 빨라요").await;
        assert!(
            done.text().contains("후기를 남겼습니다"),
            "[{b}] {}",
            done.0
        );
        let again = review(&app, BUYER, id, "bad", "").await;
        assert!(
            again.text().contains("이미 후기를 남긴"),
            "[{b}] {}",
            again.0
        );
        let other = review(&app, SELLER, id, "good", "").await;
        assert!(
            other.text().contains("후기를 남겼습니다"),
            "[{b}] {}",
            other.0
        );

        // The seller hears of it.
        let inbox = skill(&app, "/skill/notifications", SELLER, json!({}), json!({})).await;
        assert!(
            inbox.text().contains("후기가 도착했어요"),
            "[{b}] {}",
            inbox.0
        );

        // One trade (+0.1°) and one great review (+0.5°) from 36.5°.
        let shown = profile(&app, STRANGER, seller).await;
        let text = shown.text();
        assert!(text.contains("매너온도: 37.1°"), "[{b}] {text}");
        assert!(text.contains("거래 완료: 1회"), "[{b}] {text}");
        assert!(text.contains("받은 후기: 1개"), "[{b}] {text}");
        assert!(text.contains("친절하고 빨라요"), "[{b}] {text}");
        let raw = shown.0.to_string();
        for secret in [SELLER, "010-1234-5678", "01012345678"] {
            assert!(!raw.contains(secret), "[{b}] {secret} leaked: {raw}");
        }
        assert!(
            profile(&app, STRANGER, buyer)
                .await
                .text()
                .contains("매너온도: 36.8°"),
            "[{b}] good: +0.2°, trade: +0.1°"
        );

        // Cards and the detail carry the score; the detail links to the profile.
        let on_sale = list(&conn, SELLER, "맥북 프로").await;
        let latest = skill(
            &app,
            "/skill/products/latest",
            STRANGER,
            json!({}),
            json!({}),
        )
        .await;
        assert!(latest.0.to_string().contains("37.1°"), "[{b}] {}", latest.0);
        let seen = detail(&app, STRANGER, on_sale).await;
        assert!(seen.text().contains("매너온도 37.1°"), "[{b}] {}", seen.0);
        let link = action(&seen, "판매자 프로필").unwrap();
        assert_eq!(link["extra"]["member_id"], seller, "[{b}] {link}");
        let listed = profile(&app, STRANGER, seller).await;
        assert!(listed.text().contains("맥북 프로"), "[{b}] {}", listed.0);
        assert!(
            listed.0.to_string().contains("\"price\":15000"),
            "[{b}] {}",
            listed.0
        );

        // Admin: list by order and by member, delete one (the score follows), 404 after.
        let (status, page) = admin_call(
            &app,
            Method::GET,
            &format!("/admin/reviews?order={id}"),
            t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 2, "[{b}] {page}");
        let (_, mine) = admin_call(
            &app,
            Method::GET,
            &format!("/admin/reviews?member={seller}&size=1"),
            t,
            None,
        )
        .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        assert_eq!(mine["has_more"], true, "[{b}] {mine}");
        let to_seller = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["reviewee_id"] == seller)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let path = format!("/admin/reviews/{to_seller}");
        let (status, _) = admin_call(&app, Method::DELETE, &path, t, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "[{b}]");
        let (status, _) = admin_call(&app, Method::DELETE, &path, t, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "[{b}]");
        let (status, _) = admin_call(&app, Method::GET, "/admin/reviews", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            profile(&app, STRANGER, seller)
                .await
                .text()
                .contains("매너온도: 36.6°"),
            "[{b}]"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn reviews_an_open_chat_sale_with_a_named_buyer_is_reviewed_by_both() {
    for db in backends().await {
        let (app, conn, _) = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, LIKER, "찜한사람").await;
        join(&app, STRANGER, "구경꾼").await;
        let product = list(&conn, SELLER, "캠핑 의자").await;
        let liker = member_id(&conn, LIKER).await;
        let stranger = member_id(&conn, STRANGER).await;
        // No like skill yet: the like is stored as the likes feature stores it.
        conn.execute_raw(Statement::from_string(
            conn.get_database_backend(),
            format!(
                "INSERT INTO likes (member_id, product_id, created_at) \
                 VALUES ({liker}, {product}, '2026-12-07 09:00:00')"
            ),
        ))
        .await
        .unwrap();

        let sold = skill(
            &app,
            "/skill/products/status",
            SELLER,
            json!({"product_id": product, "status": "sold"}),
            json!({}),
        )
        .await;
        assert!(
            sold.text().contains("누구에게 판매하셨나요"),
            "[{b}] {}",
            sold.0
        );
        let name = sold.quick_reply("찜한사람");
        assert_eq!(name["extra"]["buyer_id"], liker, "[{b}] {name}");
        assert_eq!(name["blockId"], "PRODUCT_STATUS");

        // Only a liker may be named, and only by the seller.
        let forged = skill(
            &app,
            "/skill/products/status",
            SELLER,
            json!({"product_id": product, "status": "sold", "buyer_id": stranger}),
            json!({}),
        )
        .await;
        assert!(
            forged.text().contains("찜한 회원 중에서"),
            "[{b}] {}",
            forged.0
        );
        let not_mine = skill(
            &app,
            "/skill/products/status",
            STRANGER,
            name["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(
            not_mine.text().contains("한 번만 기록할 수 있습니다"),
            "[{b}] {}",
            not_mine.0
        );

        let named = skill(
            &app,
            "/skill/products/status",
            SELLER,
            name["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(
            named.text().contains("구매자를 기록했습니다"),
            "[{b}] {}",
            named.0
        );
        let order = named.quick_reply("후기 쓰기")["extra"]["order_id"]
            .as_i64()
            .unwrap();
        let twice = skill(
            &app,
            "/skill/products/status",
            SELLER,
            name["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(
            twice.text().contains("한 번만 기록할 수 있습니다"),
            "[{b}] {}",
            twice.0
        );

        let by_seller = review(&app, SELLER, order, "great", "약속을 잘 지켜요").await;
        assert!(
            by_seller.text().contains("후기를 남겼습니다"),
            "[{b}] {}",
            by_seller.0
        );
        let by_buyer = review(&app, LIKER, order, "great", "").await;
        assert!(
            by_buyer.text().contains("후기를 남겼습니다"),
            "[{b}] {}",
            by_buyer.0
        );
        let stranger_review = review(&app, STRANGER, order, "bad", "").await;
        assert!(
            stranger_review
                .text()
                .contains("후기를 남길 수 있는 거래가 아닙니다"),
            "[{b}]"
        );
        let shown = profile(&app, STRANGER, liker).await;
        assert!(
            shown.text().contains("매너온도: 37.1°"),
            "[{b}] {}",
            shown.0
        );
        assert!(
            shown.text().contains("약속을 잘 지켜요"),
            "[{b}] {}",
            shown.0
        );
        assert!(shown.text().contains("판매중인 상품이 없습니다"), "[{b}]");
        let missing = profile(&app, STRANGER, liker + 1000).await;
        assert!(missing.text().contains("찾을 수 없는 회원"), "[{b}]");
        app.cleanup().await;
    }
}
