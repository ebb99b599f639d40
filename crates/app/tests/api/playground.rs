//! The chat playground: the page and its scenario, the forwarder that adds the skill secret,
//! and photo uploads the photo pipeline can fetch back from the app itself.

use junggye_mysql::testing::{TestDb, backends};
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_within_kakao_limits, payload};

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 1,
];

fn temp_images_dir() -> String {
    std::env::temp_dir()
        .join(format!(
            "junggye-playground-{}-{}",
            std::process::id(),
            rand_suffix()
        ))
        .display()
        .to_string()
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// Calls a skill through the forwarder, without the secret, and returns the checked reply.
async fn forwarded(app: &TestApp, route: &str, body: &Value) -> Reply {
    let tail = route.strip_prefix("/skill/").unwrap_or(route);
    let response = app
        .client
        .post(format!("{}/playground/skill/{tail}", app.address))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200, "[{}] {route}", app.backend);
    let json: Value = response.json().await.unwrap_or_else(|e| panic!("{e}"));
    assert_within_kakao_limits(&json);
    Reply(json)
}

async fn upload(app: &TestApp, bytes: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/playground/upload", app.address))
        .header("Content-Type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn page_and_scenario_are_served_when_enabled() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let page = get(&app, "/playground").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/html"))
    );
    assert!(page.headers().contains_key("content-security-policy"));
    let html = page.text().await.unwrap_or_default();
    assert!(
        html.contains("/playground/scenario.json"),
        "the page reads the scenario"
    );
    assert!(!html.contains(crate::helpers::SECRET));
    // Data is rendered with textContent only (house rule: no markup built from replies).
    assert!(!html.contains("innerHTML") && !html.contains("insertAdjacentHTML"));

    let scenario: Value = get(&app, "/playground/scenario.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    let blocks = scenario["blocks"].as_array().cloned().unwrap_or_default();
    // Every served skill's block, whatever their number (tests/scenario.rs holds the two in
    // sync name by name).
    assert_eq!(
        blocks.len(),
        junggye_kakao_skill::Block::ALL.len(),
        "{scenario}"
    );
    let join = blocks
        .iter()
        .find(|b| b["name"] == "MEMBER_JOIN")
        .cloned()
        .unwrap_or_default();
    assert_eq!(join["route"], "/skill/members/join");
    assert_eq!(join["id"], "MEMBER_JOIN");
    assert_eq!(join["slots"][0]["name"], "name");
    assert!(
        join["slots"][1]["prompt"]
            .as_str()
            .is_some_and(|p| p.contains("휴대폰"))
    );
    assert_eq!(scenario["bot_id"], crate::helpers::BOT_ID);
    app.cleanup().await;
}

#[tokio::test]
async fn everything_is_404_when_disabled() {
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[("APP__PLAYGROUND__ENABLED", "false")],
    )
    .await;
    for path in [
        "/playground",
        "/playground/scenario.json",
        "/playground/files/x.jpg",
    ] {
        assert_eq!(get(&app, path).await.status(), 404, "{path}");
    }
    let forwarded = app
        .client
        .post(format!("{}/playground/skill/home", app.address))
        .body(payload("someone", json!({}), json!({})).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(forwarded.status(), 404, "no way around the skill secret");
    assert_eq!(upload(&app, JPEG.to_vec()).await.status(), 404);
    app.cleanup().await;
}

#[tokio::test]
async fn forwarder_adds_the_secret_and_only_reaches_skills() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let home = forwarded(
        &app,
        "/skill/home",
        &payload("visitor", json!({}), json!({})),
    )
    .await;
    assert!(!home.quick_replies().is_empty(), "{}", home.0);

    // The same call without the forwarder still needs the secret.
    let direct = app
        .client
        .post(format!("{}/skill/home", app.address))
        .body(payload("visitor", json!({}), json!({})).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(direct.status(), 401);

    // Not JSON: a cross-site form could send that without a preflight, so it is not forwarded.
    let form = app
        .client
        .post(format!("{}/playground/skill/home", app.address))
        .header("Content-Type", "text/plain")
        .body(payload("visitor", json!({}), json!({})).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(form.status(), 404);

    for tail in [
        "../healthz",
        "..%2Fhealthz",
        "%2E%2E/healthz",
        "home/../../healthz",
        "",
    ] {
        let response = app
            .client
            .post(format!("{}/playground/skill/{tail}", app.address))
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), 404, "{tail}");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn uploads_are_served_back_and_bounded() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let created = upload(&app, JPEG.to_vec()).await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap_or_default();
    let url = body["url"].as_str().unwrap_or_default().to_owned();
    assert!(
        url.starts_with(&format!("{}/playground/files/", app.address)),
        "{body}"
    );
    let served = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(served.bytes().await.unwrap_or_default().as_ref(), JPEG);

    let mut big = JPEG.to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    assert_eq!(upload(&app, big).await.status(), 413);
    let html = upload(&app, b"<html><script>alert(1)</script>".to_vec()).await;
    assert_eq!(
        html.status(),
        415,
        "only photos: nothing else is served from our origin"
    );
    let untyped = app
        .client
        .post(format!("{}/playground/upload", app.address))
        .header("Content-Type", "text/plain")
        .body(JPEG.to_vec())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(untyped.status(), 415, "a cross-site form cannot upload");
    assert_eq!(get(&app, "/playground/files/nope.jpg").await.status(), 404);
    app.cleanup().await;
}

#[tokio::test]
async fn register_through_the_forwarder_with_an_uploaded_photo() {
    for db in backends().await {
        let dir = temp_images_dir();
        let app = TestApp::spawn_with(db, &[("APP__IMAGES__DIR", dir.as_str())]).await;
        let seller = "playground-seller";
        let joined = forwarded(
            &app,
            "/skill/members/join",
            &payload(
                seller,
                json!({"name": "놀이터판매자", "phone": "010-5555-6666"}),
                json!({}),
            ),
        )
        .await;
        assert!(joined.text().contains("회원가입이 완료"), "{}", joined.0);

        let body: Value = upload(&app, JPEG.to_vec())
            .await
            .json()
            .await
            .unwrap_or_default();
        let url = body["url"].as_str().unwrap_or_default();
        let images = json!({
            "privacyAgreement": "Y",
            "imageQuantity": "N",
            "secureUrls": format!("List({url})"),
        })
        .to_string();
        let listing = json!({
            "images": images,
            "name": "놀이터 자전거",
            "price": "120000",
            "description": "플레이그라운드에서 올린 사진입니다.",
            "location": "서울 노원구 중계동",
            "open_chat_url": "https://open.kakao.com/o/sPlay123",
        });
        let registered = forwarded(
            &app,
            "/skill/products/register",
            &payload(seller, listing, json!({"category": "sports"})),
        )
        .await;
        assert!(
            registered.text().contains("등록"),
            "[{}] {}",
            app.backend,
            registered.0
        );
        let product_id = registered.quick_reply("상품 보기")["extra"]["product_id"].clone();

        let detail = forwarded(
            &app,
            "/skill/products/detail",
            &payload(
                "playground-buyer",
                json!({}),
                json!({"product_id": product_id}),
            ),
        )
        .await;
        let shown = detail.0.to_string();
        assert!(shown.contains("놀이터 자전거"), "{shown}");
        assert!(
            shown.contains("/images/"),
            "the photo was copied to the store: {shown}"
        );
        app.cleanup().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
