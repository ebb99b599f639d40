//! Hostile input over HTTP: SQL-like text, huge strings, emoji and RTL text, deep JSON, wrong
//! types, absurd prices and forged clientExtra ids. Whatever comes in, the answer is a Kakao
//! reply within Kakao's limits (checked by `TestApp::skill`) or a clean 4xx, never a 500, and
//! the data stays as it was. Strangers acting on orders and replayed pay tokens are covered in
//! `orders.rs` (`orders_pay_links_refuse_forged_expired_and_borrowed_tokens` and the stranger
//! loop of the main flow) and per-user rate limiting in `guards.rs`; not repeated here.

use junggye_mysql::testing::{TestDb, backends};
use junggye_products::ProductStatus;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::{join, list, listing_status};

const SELLER: &str = "hostile-seller";
const OTHER: &str = "hostile-other";

async fn spawn(db: TestDb) -> TestApp {
    // Each test sends many requests as few users.
    TestApp::spawn_with(db, &[("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000")]).await
}

fn titles(reply: &Reply) -> Vec<String> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn search(app: &TestApp, keyword: Value) -> Reply {
    app.skill(
        "/skill/products/search",
        &payload(OTHER, json!({"keyword": keyword}), json!({})),
    )
    .await
}

/// The listing form as the preview skill receives it, with one field replaced.
fn listing_params(field: &str, value: Value) -> Value {
    let mut params = json!({
        "name": "아이폰 15", "price": "15000", "description": "상태 좋아요",
        "location": "강남역", "open_chat_url": "https://open.kakao.com/o/sAbC",
    });
    params[field] = value;
    params
}

async fn preview(app: &TestApp, params: Value) -> Reply {
    app.skill(
        "/skill/products/preview",
        &payload(SELLER, params, json!({"category": "digital"})),
    )
    .await
}

#[tokio::test]
async fn hostile_sql_like_text_is_stored_and_searched_as_plain_text() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        // A nickname within the 20-character rule, echoed back verbatim.
        join(&app, SELLER, "'; DROP TABLE m;--").await;
        let me = app
            .skill("/skill/members/me", &payload(SELLER, json!({}), json!({})))
            .await;
        assert!(me.text().contains("'; DROP TABLE m;--"), "[{b}] {}", me.0);
        let phone = app
            .skill(
                "/skill/members/join",
                &payload(
                    OTHER,
                    json!({"name": "보통사람", "phone": "'; DROP TABLE members; --"}),
                    json!({}),
                ),
            )
            .await;
        assert!(phone.text().contains("휴대폰 번호"), "[{b}] {}", phone.0);
        join(&app, OTHER, "%_%").await;

        let names = [
            "100% 면 티셔츠",
            "a_b 케이블",
            "'; DROP TABLE products; --",
            "아이폰",
            // Holds every 2-character window of "%_%" but not "%_%" itself: only the escaped
            // LIKE that checks the search index's candidates keeps it out of that search.
            "%_ 세일 _%",
        ];
        for name in names {
            list(&conn, SELLER, name).await;
        }
        // LIKE wildcards in the keyword match themselves, not everything.
        let cases = [
            ("%", vec!["%_ 세일 _%", "100% 면 티셔츠"]),
            ("_", vec!["%_ 세일 _%", "a_b 케이블"]),
            ("%_%", vec![]),
            (
                "'; DROP TABLE products; --",
                vec!["'; DROP TABLE products; --"],
            ),
            ("\\", vec![]),
        ];
        for (keyword, expected) in cases {
            let found = search(&app, json!(keyword)).await;
            assert_eq!(titles(&found), expected, "[{b}] {keyword:?}: {}", found.0);
        }
        // The preview echoes SQL-like fields as text.
        let shown = preview(&app, listing_params("name", json!("' OR 1=1; --"))).await;
        assert!(shown.text().contains("' OR 1=1; --"), "[{b}] {}", shown.0);
        // Tables intact: every listing is still there and members still answer.
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(OTHER, json!({}), json!({})),
            )
            .await;
        assert_eq!(titles(&latest).len(), names.len(), "[{b}] {}", latest.0);
        let other = app
            .skill("/skill/members/me", &payload(OTHER, json!({}), json!({})))
            .await;
        assert!(other.text().contains("%_%"), "[{b}] {}", other.0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_huge_strings_get_a_korean_refusal() {
    for db in backends().await {
        let app = spawn(db).await;
        let b = app.backend.clone();
        // The payload carries a param three times (params, detailParams origin and value):
        // 3 × 19.5 KB keeps the body near 60 KB, under the 64 KiB cap (guards.rs checks the
        // 413 above it).
        let huge = "가".repeat(6_500);
        let join_huge = app
            .skill(
                "/skill/members/join",
                &payload(
                    SELLER,
                    json!({"name": huge, "phone": "010-1234-5678"}),
                    json!({}),
                ),
            )
            .await;
        assert!(
            join_huge.text().contains("닉네임은 2~20자"),
            "[{b}] {}",
            join_huge.0
        );
        join(&app, SELLER, "판매자").await;
        let found = search(&app, json!(huge)).await;
        assert!(found.text().contains("검색어는"), "[{b}] {}", found.0);
        for (field, message) in [
            ("name", "상품명은"),
            ("description", "상품 설명은"),
            ("location", "거래 희망 장소는"),
            ("open_chat_url", "오픈채팅"),
            ("price", "가격은"),
        ] {
            let refused = preview(&app, listing_params(field, json!(huge))).await;
            assert!(
                refused.text().contains(message),
                "[{b}] {field}: {}",
                refused.0
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_emoji_and_rtl_text_round_trip() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        // Four-byte emoji need utf8mb4 on MariaDB; U+202E (right-to-left override) is a
        // format character, not a control one, and Arabic is ordinary text.
        let nickname = "🍎사과\u{202e}مرحبا";
        join(&app, SELLER, nickname).await;
        let me = app
            .skill("/skill/members/me", &payload(SELLER, json!({}), json!({})))
            .await;
        assert!(me.text().contains(nickname), "[{b}] {}", me.0);
        let name = "👟 나이키 \u{202e}שלום 🇰🇷";
        let id = list(&conn, SELLER, name).await;
        let detail = app
            .skill(
                "/skill/products/detail",
                &payload(SELLER, json!({}), json!({"product_id": id})),
            )
            .await;
        assert!(detail.text().contains(name), "[{b}] {}", detail.0);
        let found = search(&app, json!("👟")).await;
        assert_eq!(titles(&found), vec![name], "[{b}] {}", found.0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_deep_json_is_400_not_a_crash() {
    let app = spawn(TestDb::sqlite().await).await;
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    // `clientExtra` is kept whole, so its depth counts (a field read as something else, or
    // unknown, is skipped without recursion: see kakao-protocol's hostile_input tests).
    let nested = format!(r#"{{"action":{{"clientExtra":{deep}}}}}"#);
    for body in [deep, nested] {
        let response = app.post_raw("/skill/home", body).await;
        assert_eq!(response.status(), 400);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "bad_json");
    }
    // The server is still there.
    let home = app
        .skill("/skill/home", &payload(SELLER, json!({}), json!({})))
        .await;
    assert!(!home.text().is_empty());
    app.cleanup().await;
}

#[tokio::test]
async fn hostile_wrong_types_in_params_and_extra_get_a_kakao_reply() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        join(&app, SELLER, "판매자").await;
        let id = list(&conn, SELLER, "맥북").await;
        let odd = [
            json!(12),
            json!(-1),
            json!(1.5),
            json!([1, 2]),
            json!({"value": "x"}),
            json!(null),
            json!(true),
            json!(u64::MAX),
        ];
        // `skill` asserts 200 and Kakao's limits for every reply.
        for value in &odd {
            for (route, params) in [
                (
                    "/skill/members/join",
                    json!({"name": value, "phone": value}),
                ),
                ("/skill/members/phone", json!({"phone": value})),
                ("/skill/products/search", json!({"keyword": value})),
                (
                    "/skill/products/preview",
                    listing_params("name", value.clone()),
                ),
                (
                    "/skill/orders/tracking-number",
                    json!({"tracking_number": value}),
                ),
            ] {
                app.skill(route, &payload(SELLER, params, json!({"order_id": value})))
                    .await;
            }
            for route in [
                "/skill/products/detail",
                "/skill/products/status",
                "/skill/products/latest",
                "/skill/products/mine",
                "/skill/orders/purchase",
                "/skill/notices/detail",
                "/skill/products/edit",
                "/skill/products/bump",
                "/skill/products/category",
            ] {
                let extra = json!({"product_id": value, "status": value, "cursor": value,
                                   "order_id": value, "notice_id": value, "page": value,
                                   "sort": value, "min_price": value, "max_price": value,
                                   "category": value});
                app.skill(route, &payload(SELLER, json!({}), extra)).await;
            }
        }
        assert_eq!(listing_status(&conn, id).await, ProductStatus::OnSale);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_negative_and_overflowing_prices_are_refused_naming_the_price() {
    for db in backends().await {
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        for price in [
            json!("-1"),
            json!("99999999999999999999"),
            json!("1e9"),
            json!("0"),
            json!("100000001"),
            json!("-1.5만"),
            json!("NaN"),
            json!(-1),
        ] {
            let refused = preview(&app, listing_params("price", price.clone())).await;
            assert!(
                refused.text().contains("가격은"),
                "[{b}] {price}: {}",
                refused.0
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_forged_listing_ids_in_any_encoding_change_nothing() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, OTHER, "남의손").await;
        let id = list(&conn, SELLER, "자전거").await;
        let hidden = list(&conn, SELLER, "숨긴 자전거").await;
        let status = |user: &'static str, product: Value, to: &'static str| {
            let app = &app;
            async move {
                app.skill(
                    "/skill/products/status",
                    &payload(
                        user,
                        json!({}),
                        json!({"product_id": product, "status": to}),
                    ),
                )
                .await
            }
        };
        assert!(
            status(SELLER, json!(hidden), "hidden")
                .await
                .text()
                .contains("숨김")
        );
        for forged in [json!(id), json!(id.to_string()), json!(format!(" {id} "))] {
            for to in ["sold", "deleted", "hidden", "reserved", "pending"] {
                let refused = status(OTHER, forged.clone(), to).await;
                assert!(
                    !refused.text().contains("변경했습니다"),
                    "[{b}] {forged} -> {to}: {}",
                    refused.0
                );
            }
        }
        assert_eq!(
            listing_status(&conn, id).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        // Someone else's hidden listing stays invisible, even by id.
        let peek = app
            .skill(
                "/skill/products/detail",
                &payload(OTHER, json!({}), json!({"product_id": hidden})),
            )
            .await;
        assert!(!peek.text().contains("숨긴 자전거"), "[{b}] {}", peek.0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_rate_limit_is_per_user_across_routes() {
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[("APP__KAKAO__RATE_LIMIT_PER_MIN", "4")],
    )
    .await;
    let routes = [
        "/skill/home",
        "/skill/products/latest",
        "/skill/deals",
        "/skill/notices",
    ];
    // The budget is the user's, not the route's: four different skills use it up.
    for route in routes {
        let reply = app
            .skill(route, &payload("flooder", json!({}), json!({})))
            .await;
        assert!(!reply.text().contains("요청이 너무 많습니다"), "{route}");
    }
    for route in routes {
        let limited = app
            .skill(route, &payload("flooder", json!({}), json!({})))
            .await;
        assert!(limited.text().contains("요청이 너무 많습니다"), "{route}");
        let calm = app
            .skill(route, &payload("bystander", json!({}), json!({})))
            .await;
        assert!(!calm.text().contains("요청이 너무 많습니다"), "{route}");
    }
    app.cleanup().await;
}
