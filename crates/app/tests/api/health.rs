use junggye_mysql::testing::TestDb;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_ready_and_metrics_answer() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let base = &app.address;
    let health = app
        .client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = app
        .client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["checks"]["database"], "ok");

    app.skill(
        "/skill/home",
        &crate::helpers::payload("metrics-user", serde_json::json!({}), serde_json::json!({})),
    )
    .await;
    let metrics = app
        .client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap();
    assert!(text.contains("junggye_http_requests_total{"), "{text}");
    assert!(text.contains(r#"route="/skill/home""#), "{text}");
    assert!(
        text.contains("junggye_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("junggye_skill_logs_dropped_total"), "{text}");

    let missing = app.client.get(format!("{base}/nope")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    app.cleanup().await;
}

#[tokio::test]
async fn readyz_goes_red_when_the_database_is_gone() {
    let db = TestDb::sqlite().await;
    let conn = db.db.clone();
    let app = TestApp::spawn(db).await;
    conn.close_by_ref().await.unwrap();
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    app.cleanup().await;
}

#[tokio::test]
async fn readyz_reports_the_redis_cache() {
    // A Redis nobody listens on: the app still starts and serves, but is not ready.
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[("APP__CACHE__REDIS_URL", "redis://127.0.0.1:1")],
    )
    .await;
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["cache"], "down");
    app.cleanup().await;

    let Some(redis_url) = redis_url() else {
        return;
    };
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[("APP__CACHE__REDIS_URL", redis_url.as_str())],
    )
    .await;
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["cache"], "ok", "{body}");
    app.cleanup().await;
}

fn redis_url() -> Option<String> {
    match std::env::var("TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() == Ok("1") => {
            panic!("TEST_REDIS_URL is required under scripts/test.sh")
        }
        _ => {
            eprintln!("skipping Redis readiness check: TEST_REDIS_URL not set");
            None
        }
    }
}

/// Made-up HTTP methods must not each become a /metrics series (memory grows without bound).
#[tokio::test]
async fn made_up_methods_share_one_metrics_label() {
    let app = crate::helpers::TestApp::spawn(junggye_mysql::testing::TestDb::sqlite().await).await;
    let base = &app.address;
    for i in 0..200 {
        let method = reqwest::Method::from_bytes(format!("X{i}FOO").as_bytes()).unwrap();
        let _ = app
            .client
            .request(method, format!("{base}/skill/home"))
            .send()
            .await
            .unwrap();
    }
    let text = app
        .client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains("X7FOO"), "a made-up method became a label");
    assert!(text.contains("method=\"OTHER\""), "{text}");
    assert!(text.len() < 40_000, "/metrics grew to {} bytes", text.len());
    app.cleanup().await;
}
