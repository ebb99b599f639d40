//! Reports and blocks over HTTP on both backends (docs/safety.md): the threshold hides a
//! listing from everyone but its owner until an admin decides; the admin queue; blocks hide a
//! member's listings from the blocker and stop trades either way; hostile inputs change nothing.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye::admin;
use junggye_mysql::testing::{TestDb, backends};
use reqwest::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::admin_orders::call;
use crate::helpers::{Reply, TestApp, payload};
use crate::orders::{PUBLIC, browser, detail, join, list, local, member_id, pay_link, web_link};

const JWT_SECRET: &str = "safety-admin-secret-0123456789abcdef-xyz";
const PASSWORD: &str = "correct horse battery staple";
const SELLER: &str = "safety-seller";
const BUYER: &str = "safety-buyer";

async fn spawn(db: TestDb) -> (TestApp, DatabaseConnection, String) {
    let conn = db.db.clone();
    let app = TestApp::spawn_with(
        db,
        &[
            ("APP__ADMIN__JWT_SECRET", JWT_SECRET),
            ("APP__PUBLIC_BASE_URL", PUBLIC),
            (
                "APP__KAKAOPAY__LINK_SECRET",
                "safety-test-link-secret-0123456789",
            ),
            ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000"),
            ("APP__REPORTS__AUTO_HIDE_THRESHOLD", "2"),
        ],
    )
    .await;
    admin::create(&conn, "safety-ops", PASSWORD).await.unwrap();
    let (status, body) = call(
        &app,
        Method::POST,
        "/admin/login",
        None,
        Some(json!({"username": "safety-ops", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (app, conn, body["access_token"].as_str().unwrap().to_owned())
}

async fn skill(app: &TestApp, route: &str, user: &str, extra: Value) -> Reply {
    app.skill(route, &payload(user, json!({}), extra)).await
}

async fn report(app: &TestApp, user: &str, extra: Value) -> Reply {
    skill(app, "/skill/reports/make", user, extra).await
}

async fn toggle_block(app: &TestApp, user: &str, member: Value) -> Reply {
    skill(
        app,
        "/skill/blocks/toggle",
        user,
        json!({"member_id": member}),
    )
    .await
}

async fn latest(app: &TestApp, user: &str) -> String {
    skill(app, "/skill/products/latest", user, json!({}))
        .await
        .text()
}

async fn search(app: &TestApp, user: &str, keyword: &str) -> String {
    skill(
        app,
        "/skill/products/search",
        user,
        json!({"keyword": keyword}),
    )
    .await
    .text()
}

fn has_label(reply: &Reply, label: &str) -> bool {
    reply
        .0
        .to_string()
        .contains(&format!("\"label\":\"{label}\""))
}

async fn admin(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    call(app, method, path, Some(token), body).await
}

#[tokio::test]
async fn the_threshold_hides_a_listing_from_all_but_its_owner_until_an_admin_dismisses() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let b = app.backend.clone();
        for (user, name) in [
            (SELLER, "판매자"),
            ("r1", "신고자일"),
            ("r2", "신고자이"),
            ("viewer", "구경꾼"),
        ] {
            join(&app, user, name).await;
        }
        let product = list(&conn, SELLER, "수상한 아이폰").await;

        let seen = detail(&app, "r1", product).await;
        assert!(has_label(&seen, "신고하기"), "[{b}] {}", seen.0);
        assert!(
            !has_label(&detail(&app, SELLER, product).await, "신고하기"),
            "[{b}]"
        );

        // Without a reason the bot asks, each reason carrying the same target.
        let ask = report(&app, "r1", json!({"product_id": product})).await;
        assert!(
            ask.text().contains("신고 사유를 선택해주세요"),
            "[{b}] {}",
            ask.0
        );
        assert_eq!(
            ask.quick_replies().len(),
            6,
            "[{b}] five reasons and the menu"
        );
        let fraud = ask.quick_reply("사기 의심");
        assert_eq!(fraud["extra"]["product_id"], json!(product), "[{b}]");
        assert_eq!(fraud["extra"]["reason"], "fraud", "[{b}]");

        let thanks = report(
            &app,
            "r1",
            json!({"product_id": product, "reason": "fraud"}),
        )
        .await;
        assert!(
            thanks.text().contains("신고가 접수되었습니다"),
            "[{b}] {}",
            thanks.0
        );
        let again = report(&app, "r1", json!({"product_id": product, "reason": "spam"})).await;
        assert!(
            again.text().contains("이미 신고해주신"),
            "[{b}] {}",
            again.0
        );
        // One reporter (however often) is under the threshold of two.
        assert!(
            latest(&app, "viewer").await.contains("수상한 아이폰"),
            "[{b}]"
        );
        let early_link = pay_link(&app, "viewer", product).await;

        let second = report(
            &app,
            "r2",
            json!({"product_id": product, "reason": "prohibited"}),
        )
        .await;
        let text = second.text();
        assert!(text.contains("신고가 접수되었습니다"), "[{b}] {text}");
        assert!(
            !text.contains('2') && !text.contains("r1"),
            "[{b}] never who or how many: {text}"
        );

        // Gone for everyone but its owner: lists, search, detail, guests included.
        for user in ["viewer", "r1", "guest-without-account"] {
            assert!(
                !latest(&app, user).await.contains("수상한 아이폰"),
                "[{b}] {user}"
            );
            assert!(
                !search(&app, user, "아이폰").await.contains("수상한 아이폰"),
                "[{b}] {user}"
            );
            let gone = detail(&app, user, product).await;
            assert!(
                gone.text().contains("찾을 수 없는 상품"),
                "[{b}] {user}: {}",
                gone.0
            );
        }
        let profile = skill(
            &app,
            "/skill/members/public-profile",
            "viewer",
            json!({"member_id": member_id(&conn, SELLER).await}),
        )
        .await;
        assert!(!profile.text().contains("수상한 아이폰"), "[{b}]");
        let res = browser()
            .get(local(&app, &early_link))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "[{b}] no payment while under review"
        );
        let offer = app
            .skill(
                "/skill/offers/make",
                &payload(
                    "viewer",
                    json!({"price": "10000"}),
                    json!({"product_id": product}),
                ),
            )
            .await;
        assert!(
            offer.text().contains("찾을 수 없는 상품"),
            "[{b}] {}",
            offer.0
        );
        let like = skill(
            &app,
            "/skill/likes/toggle",
            "viewer",
            json!({"product_id": product}),
        )
        .await;
        assert!(
            like.text().contains("찾을 수 없는 상품"),
            "[{b}] {}",
            like.0
        );
        let mine = skill(
            &app,
            "/skill/products/mine",
            SELLER,
            json!({"status": "on_sale"}),
        )
        .await;
        assert!(mine.text().contains("[신고 검토중]"), "[{b}] {}", mine.0);
        let own = detail(&app, SELLER, product).await;
        assert!(own.text().contains("관리자가 검토 중"), "[{b}] {}", own.0);

        // The queue: both reports open, oldest first.
        let (status, open) = admin(
            &app,
            &token,
            Method::GET,
            "/admin/reports?status=open",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {open}");
        let items = open["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "[{b}] {open}");
        assert_eq!(items[0]["target_type"], "product", "[{b}]");
        assert_eq!(items[0]["target_id"], json!(product), "[{b}]");
        assert_eq!(items[0]["reason"], "fraud", "[{b}]");
        let (first, second) = (
            items[0]["id"].as_i64().unwrap(),
            items[1]["id"].as_i64().unwrap(),
        );
        let (status, product_view) = admin(
            &app,
            &token,
            Method::GET,
            &format!("/admin/products/{product}"),
            None,
        )
        .await;
        assert_eq!(
            (status, product_view["under_review"].clone()),
            (StatusCode::OK, json!(true)),
            "[{b}]"
        );

        let (status, resolved) = admin(
            &app,
            &token,
            Method::POST,
            &format!("/admin/reports/{first}/resolve"),
            Some(json!({"action": "dismiss"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {resolved}");
        assert_eq!(
            (resolved["status"].clone(), resolved["action"].clone()),
            (json!("resolved"), json!("dismiss")),
            "[{b}]"
        );
        // Dismissing closed every open report of the listing: the other one too.
        for id in [first, second] {
            let (status, body) = admin(
                &app,
                &token,
                Method::POST,
                &format!("/admin/reports/{id}/resolve"),
                Some(json!({"action": "hide_listing"})),
            )
            .await;
            assert_eq!(status, StatusCode::CONFLICT, "[{b}] {body}");
            assert_eq!(body["error"], "already_resolved", "[{b}]");
        }
        let (_, open) = admin(&app, &token, Method::GET, "/admin/reports", None).await;
        assert!(open["items"].as_array().unwrap().is_empty(), "[{b}] {open}");
        let (_, done) = admin(
            &app,
            &token,
            Method::GET,
            "/admin/reports?status=resolved",
            None,
        )
        .await;
        assert_eq!(done["items"].as_array().unwrap().len(), 2, "[{b}] {done}");

        assert!(
            latest(&app, "viewer").await.contains("수상한 아이폰"),
            "[{b}] back in view"
        );
        assert!(
            !detail(&app, "viewer", product)
                .await
                .text()
                .contains("찾을 수 없는"),
            "[{b}]"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn admins_hide_reported_listings_and_suspend_reported_members() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let b = app.backend.clone();
        for (user, name) in [(SELLER, "판매자"), ("r1", "신고자일")] {
            join(&app, user, name).await;
        }
        let product = list(&conn, SELLER, "가짜 명품 가방").await;
        let seller = member_id(&conn, SELLER).await;
        report(
            &app,
            "r1",
            json!({"product_id": product, "reason": "prohibited"}),
        )
        .await;
        let profile = skill(
            &app,
            "/skill/members/public-profile",
            "r1",
            json!({"member_id": seller}),
        )
        .await;
        let to_report = profile.quick_reply("신고하기");
        assert_eq!(to_report["extra"]["member_id"], json!(seller), "[{b}]");
        let thanks = report(
            &app,
            "r1",
            json!({"member_id": seller, "reason": "abusive"}),
        )
        .await;
        assert!(
            thanks.text().contains("신고가 접수되었습니다"),
            "[{b}] {}",
            thanks.0
        );

        let (_, open) = admin(
            &app,
            &token,
            Method::GET,
            "/admin/reports?status=open",
            None,
        )
        .await;
        let items = open["items"].as_array().unwrap();
        let by_type = |t: &str| {
            items.iter().find(|i| i["target_type"] == t).unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (listing_report, member_report) = (by_type("product"), by_type("member"));

        // Hiding a member makes no sense: refused, and the report stays open.
        let (status, body) = admin(
            &app,
            &token,
            Method::POST,
            &format!("/admin/reports/{member_report}/resolve"),
            Some(json!({"action": "hide_listing"})),
        )
        .await;
        assert_eq!(
            (status, body["error"].clone()),
            (StatusCode::CONFLICT, json!("not_applicable")),
            "[{b}] {body}"
        );

        let (status, body) = admin(
            &app,
            &token,
            Method::POST,
            &format!("/admin/reports/{listing_report}/resolve"),
            Some(json!({"action": "hide_listing"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {body}");
        let (_, view) = admin(
            &app,
            &token,
            Method::GET,
            &format!("/admin/products/{product}"),
            None,
        )
        .await;
        assert_eq!(view["status"], "hidden", "[{b}] {view}");

        let (status, body) = admin(
            &app,
            &token,
            Method::POST,
            &format!("/admin/reports/{member_report}/resolve"),
            Some(json!({"action": "suspend_member"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {body}");
        let (_, member) = admin(
            &app,
            &token,
            Method::GET,
            &format!("/admin/members/{seller}"),
            None,
        )
        .await;
        assert_eq!(member["status"], "suspended", "[{b}] {member}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn blocks_hide_the_blocked_members_listings_and_stop_trades_either_way() {
    for db in backends().await {
        let (app, conn, _token) = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        join(&app, "bystander", "구경꾼").await;
        let sellers = list(&conn, SELLER, "캠핑 의자 세트").await;
        let buyers = list(&conn, BUYER, "전동 킥보드").await;
        let seller = member_id(&conn, SELLER).await;
        let buyer = member_id(&conn, BUYER).await;
        let early_link = pay_link(&app, BUYER, sellers).await;

        let profile = skill(
            &app,
            "/skill/members/public-profile",
            BUYER,
            json!({"member_id": seller}),
        )
        .await;
        assert!(has_label(&profile, "차단하기"), "[{b}] {}", profile.0);
        let blocked = toggle_block(&app, BUYER, json!(seller)).await;
        assert!(
            blocked.text().contains("차단했습니다"),
            "[{b}] {}",
            blocked.0
        );
        assert!(has_label(&blocked, "차단 해제"), "[{b}]");

        // The blocker no longer sees the seller's listings anywhere …
        assert!(!latest(&app, BUYER).await.contains("캠핑 의자"), "[{b}]");
        assert!(
            !search(&app, BUYER, "캠핑").await.contains("캠핑 의자"),
            "[{b}]"
        );
        let category = skill(
            &app,
            "/skill/products/category",
            BUYER,
            json!({"category": "digital"}),
        )
        .await;
        assert!(!category.text().contains("캠핑 의자"), "[{b}]");
        // … while the shared pages stay whole for everyone else (the cache is not poisoned).
        assert!(
            latest(&app, "bystander").await.contains("캠핑 의자"),
            "[{b}]"
        );
        assert!(latest(&app, "guest").await.contains("캠핑 의자"), "[{b}]");
        assert!(!latest(&app, BUYER).await.contains("캠핑 의자"), "[{b}]");

        let profile = skill(
            &app,
            "/skill/members/public-profile",
            BUYER,
            json!({"member_id": seller}),
        )
        .await;
        assert!(
            profile.text().contains("차단한 회원입니다"),
            "[{b}] {}",
            profile.0
        );
        assert!(!profile.text().contains("캠핑 의자"), "[{b}]");
        assert_eq!(
            profile.quick_reply("차단 해제")["extra"]["member_id"],
            json!(seller),
            "[{b}]"
        );

        // Neither side is offered pay or offer buttons on the other's listings …
        for (user, product) in [(BUYER, sellers), (SELLER, buyers)] {
            let seen = detail(&app, user, product).await;
            assert!(
                web_link(&seen, "카카오페이 결제").is_none(),
                "[{b}] {user}: {}",
                seen.0
            );
            assert!(!has_label(&seen, "가격 제안"), "[{b}] {user}");
        }
        // … and the use cases refuse them anyway.
        for (user, product) in [(BUYER, sellers), (SELLER, buyers)] {
            let offer = app
                .skill(
                    "/skill/offers/make",
                    &payload(
                        user,
                        json!({"price": "10000"}),
                        json!({"product_id": product}),
                    ),
                )
                .await;
            assert!(
                offer
                    .text()
                    .contains("차단 관계인 회원과는 거래할 수 없습니다"),
                "[{b}] {}",
                offer.0
            );
        }
        let res = browser()
            .get(local(&app, &early_link))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "[{b}] a link from before the block"
        );
        assert!(
            res.text().await.unwrap().contains("차단 관계인 회원"),
            "[{b}]"
        );

        // The same button unblocks.
        let unblocked = toggle_block(&app, BUYER, json!(seller)).await;
        assert!(
            unblocked.text().contains("차단을 해제했습니다"),
            "[{b}] {}",
            unblocked.0
        );
        assert!(latest(&app, BUYER).await.contains("캠핑 의자"), "[{b}]");
        assert!(
            web_link(&detail(&app, BUYER, sellers).await, "카카오페이 결제").is_some(),
            "[{b}]"
        );
        let _ = buyer;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_report_and_block_inputs_get_korean_refusals_and_change_nothing() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        join(&app, "suspended", "정지회원").await;
        let product = list(&conn, SELLER, "평범한 책상").await;
        let hidden = list(&conn, SELLER, "숨긴 의자").await;
        skill(
            &app,
            "/skill/products/status",
            SELLER,
            json!({"product_id": hidden, "status": "hidden"}),
        )
        .await;
        let seller = member_id(&conn, SELLER).await;
        let buyer = member_id(&conn, BUYER).await;

        let huge = ["1e99", "-1", "0", "9223372036854775808", "abc", "", " "];
        for bad in huge {
            for key in ["product_id", "member_id"] {
                let r = report(&app, BUYER, json!({key: bad, "reason": "fraud"})).await;
                let text = r.text();
                assert!(
                    text.contains("신고할 대상을 찾을 수 없습니다")
                        || text.contains("다시 선택해주세요"),
                    "[{b}] {key}={bad:?}: {text}"
                );
            }
            let r = toggle_block(&app, BUYER, json!(bad)).await;
            let text = r.text();
            assert!(
                text.contains("찾을 수 없는 회원") || text.contains("다시 선택해주세요"),
                "[{b}] block {bad:?}: {text}"
            );
        }
        // 2^63 and beyond as JSON numbers.
        for number in [
            json!(9_223_372_036_854_775_807_i64),
            json!(18_446_744_073_709_551_615_u64),
            json!(1.5e300),
        ] {
            let r = report(&app, BUYER, json!({"product_id": number, "reason": "spam"})).await;
            assert!(!r.text().contains("신고가 접수"), "[{b}] {number}: {}", r.0);
            let r = toggle_block(&app, BUYER, number.clone()).await;
            assert!(
                !r.text().contains("차단했습니다"),
                "[{b}] {number}: {}",
                r.0
            );
        }
        // Both targets at once, or none: which one is meant is unclear.
        let both = report(
            &app,
            BUYER,
            json!({"product_id": product, "member_id": seller, "reason": "spam"}),
        )
        .await;
        assert!(
            both.text().contains("다시 선택해주세요"),
            "[{b}] {}",
            both.0
        );
        let none = report(&app, BUYER, json!({"reason": "spam"})).await;
        assert!(
            none.text().contains("다시 선택해주세요"),
            "[{b}] {}",
            none.0
        );
        // A reason that is not one of ours: asked again, nothing stored.
        let odd = report(
            &app,
            BUYER,
            json!({"product_id": product, "reason": "DROP TABLE"}),
        )
        .await;
        assert!(
            odd.text().contains("신고 사유를 선택해주세요"),
            "[{b}] {}",
            odd.0
        );
        // Oneself, one's own listing, a listing hidden from others.
        let own = report(
            &app,
            SELLER,
            json!({"product_id": product, "reason": "spam"}),
        )
        .await;
        assert!(
            own.text()
                .contains("본인이나 본인이 등록한 상품은 신고할 수 없습니다"),
            "[{b}] {}",
            own.0
        );
        let me = report(&app, BUYER, json!({"member_id": buyer})).await;
        assert!(me.text().contains("신고할 수 없습니다"), "[{b}] {}", me.0);
        let secret = report(&app, BUYER, json!({"product_id": hidden, "reason": "spam"})).await;
        assert!(
            secret.text().contains("신고할 대상을 찾을 수 없습니다"),
            "[{b}] {}",
            secret.0
        );
        let self_block = toggle_block(&app, BUYER, json!(buyer)).await;
        assert!(
            self_block.text().contains("자기 자신은 차단할 수 없습니다"),
            "[{b}] {}",
            self_block.0
        );
        let missing = skill(&app, "/skill/blocks/toggle", BUYER, json!({})).await;
        assert!(
            missing.text().contains("차단할 회원을 다시 선택해주세요"),
            "[{b}] {}",
            missing.0
        );

        // Non-members and suspended members may not report or block.
        let stranger = report(
            &app,
            "not-a-member",
            json!({"product_id": product, "reason": "spam"}),
        )
        .await;
        assert!(
            stranger.text().contains("회원만 이용할 수 있는 메뉴"),
            "[{b}] {}",
            stranger.0
        );
        let suspended = member_id(&conn, "suspended").await;
        let (status, _) = admin(
            &app,
            &token,
            Method::POST,
            &format!("/admin/members/{suspended}/suspend"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}]");
        let r = report(
            &app,
            "suspended",
            json!({"product_id": product, "reason": "spam"}),
        )
        .await;
        assert!(
            r.text().contains("관리자에 의해 이용이 제한된"),
            "[{b}] {}",
            r.0
        );
        let r = toggle_block(&app, "suspended", json!(seller)).await;
        assert!(
            r.text().contains("관리자에 의해 이용이 제한된"),
            "[{b}] {}",
            r.0
        );

        // Nothing of the above was stored.
        let (_, open) = admin(&app, &token, Method::GET, "/admin/reports", None).await;
        assert!(open["items"].as_array().unwrap().is_empty(), "[{b}] {open}");
        assert!(latest(&app, BUYER).await.contains("평범한 책상"), "[{b}]");

        // The admin routes: unauthenticated, forged ids, wrong values.
        let (status, body) = call(&app, Method::GET, "/admin/reports", None, None).await;
        assert_eq!(
            (status, body["error"].clone()),
            (StatusCode::UNAUTHORIZED, json!("unauthorized")),
            "[{b}]"
        );
        let (status, _) = call(
            &app,
            Method::POST,
            "/admin/reports/1/resolve",
            Some("forged.token.value"),
            Some(json!({"action": "dismiss"})),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "[{b}]");
        let (status, body) = admin(
            &app,
            &token,
            Method::GET,
            "/admin/reports?status=everything",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "[{b}] {body}");
        let (status, body) = admin(&app, &token, Method::GET, "/admin/reports?page=-1", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "[{b}] {body}");
        for id in ["999999", "-1", "0", "9223372036854775807"] {
            let (status, body) = admin(
                &app,
                &token,
                Method::POST,
                &format!("/admin/reports/{id}/resolve"),
                Some(json!({"action": "dismiss"})),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "[{b}] {id}: {body}");
        }
        for id in ["1e99", "abc", "9223372036854775808"] {
            let (status, body) = admin(
                &app,
                &token,
                Method::POST,
                &format!("/admin/reports/{id}/resolve"),
                Some(json!({"action": "dismiss"})),
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "[{b}] {id}: {body}");
        }
        report(
            &app,
            BUYER,
            json!({"product_id": product, "reason": "spam"}),
        )
        .await;
        let (_, open) = admin(&app, &token, Method::GET, "/admin/reports", None).await;
        let id = open["items"][0]["id"].as_i64().unwrap();
        for body in [
            json!({"action": "ban_forever"}),
            json!({"action": 1}),
            json!({}),
            json!("dismiss"),
        ] {
            let (status, reply) = admin(
                &app,
                &token,
                Method::POST,
                &format!("/admin/reports/{id}/resolve"),
                Some(body.clone()),
            )
            .await;
            assert!(
                status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
                "[{b}] {body}: {status} {reply}"
            );
        }
        let (_, open) = admin(&app, &token, Method::GET, "/admin/reports", None).await;
        assert_eq!(open["items"][0]["status"], "open", "[{b}] still open");
        app.cleanup().await;
    }
}
