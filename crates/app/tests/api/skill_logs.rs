use std::time::Duration;

use junggye_mysql::entities::skill_logs;
use junggye_mysql::testing::backends;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::json;

use crate::helpers::{TestApp, payload};

#[tokio::test]
async fn every_skill_call_is_logged_with_bodies_status_and_latency() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        let tag = app.backend.clone();
        app.skill(
            "/skill/members/join",
            &payload(
                "logged-user",
                json!({"name": "기록왕", "phone": "01012345678"}),
                json!({}),
            ),
        )
        .await;
        let refused = app.post_raw("/skill/home", "{broken").await;
        assert_eq!(refused.status(), 400);
        // Refused before any skill ran: counted in /metrics, never stored (a made-up path
        // once went into a 64-character column as sent).
        let unknown = app
            .post_raw(&format!("/skill/{}", "x".repeat(300)), "{}")
            .await;
        assert_eq!(unknown.status(), 404);
        let no_secret = app
            .client
            .post(format!("{}/skill/home", app.address))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(no_secret.status(), 401);

        // The writer flushes in batches; give it a moment rather than slowing the reply.
        let mut rows = Vec::new();
        for _ in 0..50 {
            rows = skill_logs::Entity::find()
                .order_by_asc(skill_logs::Column::Id)
                .all(&conn)
                .await
                .unwrap();
            if rows.len() >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(rows.len(), 2, "[{tag}] {rows:?}");
        let join = &rows[0];
        assert_eq!(join.route, "/skill/members/join", "[{tag}]");
        assert_eq!(join.status, 200);
        assert_eq!(join.user_key.as_deref(), Some("logged-user"));
        assert!(join.request_body.contains("기록왕"), "[{tag}]");
        assert!(
            join.request_body.contains("010****5678"),
            "[{tag}] phone masked"
        );
        assert!(
            !join.request_body.contains("1234"),
            "[{tag}] {}",
            join.request_body
        );
        assert!(join.response_body.contains("회원가입이 완료"), "[{tag}]");
        assert!(join.latency_ms >= 0);
        let bad = &rows[1];
        assert_eq!(bad.status, 400);
        assert_eq!(bad.request_body, "{broken");
        app.cleanup().await;
    }
}
