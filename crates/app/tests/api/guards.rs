use junggye_mysql::testing::TestDb;
use serde_json::{Value, json};

use crate::helpers::{BOT_ID, TestApp, payload};

#[tokio::test]
async fn missing_or_wrong_secret_is_401() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let url = format!("{}/skill/home", app.address);
    let body = payload("u", json!({}), json!({})).to_string();
    let none = app
        .client
        .post(&url)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let wrong = app
        .client
        .post(&url)
        .header("X-Skill-Secret", "guess")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let error: Value = wrong.json().await.unwrap();
    assert_eq!(error["error"], "unauthorized");
    app.cleanup().await;
}

#[tokio::test]
async fn oversized_body_is_413_and_malformed_json_is_400() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let mut big = payload("u", json!({"name": "x".repeat(70 * 1024)}), json!({})).to_string();
    let response = app.post_raw("/skill/members/join", big.clone()).await;
    assert_eq!(response.status(), 413);
    // Without Content-Length (chunked), the cap still holds while streaming.
    big.push(' ');
    let stream = futures_util::stream::iter(
        big.into_bytes()
            .chunks(8192)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let chunked = app
        .post_raw("/skill/members/join", reqwest::Body::wrap_stream(stream))
        .await;
    assert_eq!(chunked.status(), 413);

    for bad in ["{not json", "[]", "42", ""] {
        let response = app.post_raw("/skill/home", bad).await;
        assert_eq!(response.status(), 400, "{bad:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "bad_json", "{bad:?}");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn other_bots_are_403() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let mut body = payload("u", json!({}), json!({}));
    body["bot"]["id"] = json!("someone-elses-bot");
    let response = app.post_raw("/skill/home", body.to_string()).await;
    assert_eq!(response.status(), 403);
    body["bot"]["id"] = json!(BOT_ID);
    let response = app.post_raw("/skill/home", body.to_string()).await;
    assert_eq!(response.status(), 200);
    app.cleanup().await;
}

#[tokio::test]
async fn well_formed_payloads_with_missing_fields_get_a_kakao_reply() {
    let app = TestApp::spawn_with(TestDb::sqlite().await, &[("APP__KAKAO__BOT_IDS", "")]).await;
    let empty = app.skill("/skill/home", &json!({})).await;
    assert!(!empty.text().is_empty());
    let no_user = app
        .skill("/skill/members/profile", &json!({"action": {"params": {}}}))
        .await;
    assert!(
        no_user.text().contains("처음부터 다시"),
        "{}",
        no_user.text()
    );
    let weird_types = app
        .skill(
            "/skill/members/join",
            &json!({"userRequest": {"user": {"id": "weird"}}, "action": {"params": {"name": 5, "phone": null}, "clientExtra": "null"}}),
        )
        .await;
    assert!(
        weird_types.text().contains("휴대폰 번호"),
        "{}",
        weird_types.text()
    );
    app.cleanup().await;
}

#[tokio::test]
async fn rate_limited_user_gets_a_korean_reply_not_429() {
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[("APP__KAKAO__RATE_LIMIT_PER_MIN", "3")],
    )
    .await;
    let call = payload("eager-user", json!({}), json!({}));
    for _ in 0..3 {
        let reply = app.skill("/skill/home", &call).await;
        assert!(!reply.text().contains("요청이 너무 많습니다"));
    }
    let limited = app.skill("/skill/home", &call).await;
    assert!(
        limited.text().contains("요청이 너무 많습니다"),
        "{}",
        limited.text()
    );
    let other = app
        .skill("/skill/home", &payload("calm-user", json!({}), json!({})))
        .await;
    assert!(!other.text().contains("요청이 너무 많습니다"));
    app.cleanup().await;
}
