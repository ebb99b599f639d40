//! Admin API (docs/contract.md): login, the JWT guard and its rejections, members, skill logs,
//! stats, OpenAPI, and `junggye admin create`; on SQLite and MariaDB.
#![expect(clippy::unwrap_used, reason = "test helpers panic on setup failures")]

use std::time::Duration;

use chrono::Utc;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use junggye::admin;
use junggye_admin_http::Claims;
use junggye_mysql::entities::admin_accounts;
use junggye_mysql::testing::backends;
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, payload};

const JWT_SECRET: &str = "admin-test-secret-0123456789abcdef-xyz";
const PASSWORD: &str = "correct horse battery staple";

async fn spawn(db: junggye_mysql::testing::TestDb) -> (TestApp, DatabaseConnection) {
    let conn = db.db.clone();
    let app = TestApp::spawn_with(db, &[("APP__ADMIN__JWT_SECRET", JWT_SECRET)]).await;
    (app, conn)
}

/// Creates an admin through the CLI's function and returns its id.
async fn create_admin(conn: &DatabaseConnection, name: &str) -> i64 {
    admin::create(conn, name, PASSWORD).await.unwrap().id.0
}

fn sign(claims: &Claims, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims(admin: i64) -> Claims {
    let now = Utc::now().timestamp();
    Claims {
        sub: admin.to_string(),
        iss: "junggye".into(),
        iat: now,
        exp: now + 600,
    }
}

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

impl TestApp {
    async fn admin_call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.admin_call(
            Method::POST,
            "/admin/login",
            None,
            Some(json!({"username": username, "password": password})),
        )
        .await
    }
}

fn assert_unauthorized(tag: &str, case: &str, (status, body): (StatusCode, Value)) {
    assert_eq!(status, StatusCode::UNAUTHORIZED, "[{tag}] {case}: {body}");
    assert_eq!(body["error"], "unauthorized", "[{tag}] {case}: {body}");
    assert!(body["message"].is_string(), "[{tag}] {case}");
}

#[tokio::test]
async fn login_issues_a_token_and_the_guard_refuses_every_bad_one() {
    for db in backends().await {
        let (app, conn) = spawn(db).await;
        let tag = app.backend.clone();
        let id = create_admin(&conn, "ops").await;

        assert_unauthorized(
            &tag,
            "wrong password",
            app.login("ops", "not the password").await,
        );
        assert_unauthorized(&tag, "unknown user", app.login("nobody", PASSWORD).await);
        let (status, body) = app.login("OPS", PASSWORD).await;
        assert_eq!(status, 200, "[{tag}] {body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        let token = body["access_token"].as_str().unwrap().to_owned();
        let (status, _) = app
            .admin_call(Method::GET, "/admin/members", Some(&token), None)
            .await;
        assert_eq!(status, 200, "[{tag}] a fresh token works");
        // A token we mint with the configured secret is as good as one from login.
        let minted = sign(&claims(id), JWT_SECRET);
        let (status, _) = app
            .admin_call(Method::GET, "/admin/stats", Some(&minted), None)
            .await;
        assert_eq!(status, 200, "[{tag}]");

        let get = |token: Option<String>| {
            let app = &app;
            async move {
                app.admin_call(Method::GET, "/admin/members", token.as_deref(), None)
                    .await
            }
        };
        assert_unauthorized(&tag, "no token", get(None).await);
        assert_unauthorized(&tag, "malformed", get(Some("not.a.jwt".into())).await);
        let raw = app
            .client
            .get(format!("{}/admin/members", app.address))
            .header("Authorization", format!("Token {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), 401, "[{tag}] non-Bearer scheme");
        assert_unauthorized(
            &tag,
            "bad signature",
            get(Some(sign(
                &claims(id),
                "another-secret-0123456789abcdefghij",
            )))
            .await,
        );
        let mut expired = claims(id);
        expired.iat -= 7200;
        expired.exp = Utc::now().timestamp() - 60;
        assert_unauthorized(&tag, "expired", get(Some(sign(&expired, JWT_SECRET))).await);
        let mut foreign = claims(id);
        foreign.iss = "someone-else".into();
        assert_unauthorized(
            &tag,
            "wrong issuer",
            get(Some(sign(&foreign, JWT_SECRET))).await,
        );
        let none = format!(
            "{}.{}.",
            b64url(br#"{"alg":"none","typ":"JWT"}"#),
            b64url(serde_json::to_string(&claims(id)).unwrap().as_bytes())
        );
        assert_unauthorized(&tag, "alg none", get(Some(none)).await);
        let no_exp =
            json!({"sub": id.to_string(), "iss": "junggye", "iat": Utc::now().timestamp()});
        let no_exp = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &no_exp,
            &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        )
        .unwrap();
        assert_unauthorized(&tag, "no exp", get(Some(no_exp)).await);
        // Unknown /admin paths are guarded too: no route map for strangers.
        assert_unauthorized(
            &tag,
            "unknown path",
            app.admin_call(Method::GET, "/admin/nothing-here", None, None)
                .await,
        );

        // Disabling the account kills its live tokens at once, and so does deleting it.
        admin_accounts::Entity::update_many()
            .col_expr(admin_accounts::Column::Disabled, Expr::value(true))
            .filter(admin_accounts::Column::Id.eq(id))
            .exec(&conn)
            .await
            .unwrap();
        assert_unauthorized(&tag, "disabled admin", get(Some(token.clone())).await);
        assert_unauthorized(&tag, "disabled login", app.login("ops", PASSWORD).await);
        admin_accounts::Entity::delete_by_id(id)
            .exec(&conn)
            .await
            .unwrap();
        assert_unauthorized(&tag, "deleted admin", get(Some(token.clone())).await);

        // The documentation is open.
        let (status, doc) = app
            .admin_call(Method::GET, "/admin/openapi.json", None, None)
            .await;
        assert_eq!(status, 200, "[{tag}]");
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3."),
            "[{tag}]"
        );
        for path in [
            "/admin/login",
            "/admin/members/{id}",
            "/admin/skill-logs",
            "/admin/stats",
        ] {
            assert!(doc["paths"][path].is_object(), "[{tag}] {path} missing");
        }
        let docs = app
            .client
            .get(format!("{}/admin/docs/", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(docs.status(), 200, "[{tag}] swagger ui");
        assert!(docs.text().await.unwrap().contains("swagger"), "[{tag}]");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn login_attempts_are_limited() {
    for db in backends().await {
        let (app, conn) = spawn(db).await;
        let tag = app.backend.clone();
        create_admin(&conn, "ops").await;
        for _ in 0..5 {
            assert_unauthorized(&tag, "guess", app.login("ops", "guess-guess-guess").await);
        }
        let (status, body) = app.login("ops", PASSWORD).await;
        assert_eq!(status, 429, "[{tag}] even the right password waits: {body}");
        assert_eq!(body["error"], "too_many_attempts");
        let (status, body) = app
            .admin_call(Method::POST, "/admin/login", None, None)
            .await;
        assert!(status == 400 || status == 429, "[{tag}] {status} {body}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn members_are_listed_created_edited_suspended_and_withdrawn() {
    for db in backends().await {
        let (app, conn) = spawn(db).await;
        let tag = app.backend.clone();
        let id = create_admin(&conn, "ops").await;
        let token = sign(&claims(id), JWT_SECRET);
        let t = Some(token.as_str());

        // Create by hand, with the bot's validation.
        let (status, created) = app
            .admin_call(
                Method::POST,
                "/admin/members",
                t,
                Some(json!({"user_key": "kakao-admin-1", "nickname": "중고왕", "phone": "010-1234-5678"})),
            )
            .await;
        assert_eq!(status, 201, "[{tag}] {created}");
        assert_eq!(created["phone"], "010-1234-5678");
        assert_eq!(created["status"], "active");
        let member = created["id"].as_i64().unwrap();
        let (status, body) = app
            .admin_call(
                Method::POST,
                "/admin/members",
                t,
                Some(json!({"user_key": "kakao-admin-1", "nickname": "다른이", "phone": "010-1111-2222"})),
            )
            .await;
        assert_eq!(status, 409, "[{tag}] {body}");
        for (bad, field) in [
            (
                json!({"user_key": "k2", "nickname": "가", "phone": "010-1111-2222"}),
                "name",
            ),
            (
                json!({"user_key": "k2", "nickname": "이름", "phone": "02-123-4567"}),
                "phone",
            ),
            (
                json!({"user_key": " ", "nickname": "이름", "phone": "010-1111-2222"}),
                "user_key",
            ),
        ] {
            let (status, body) = app
                .admin_call(Method::POST, "/admin/members", t, Some(bad))
                .await;
            assert_eq!(status, 422, "[{tag}] {field}: {body}");
            assert_eq!(body["error"], "validation_failed");
        }
        let bad_json = app
            .client
            .post(format!("{}/admin/members", app.address))
            .bearer_auth(&token)
            .header("Content-Type", "application/json")
            .body("{broken")
            .send()
            .await
            .unwrap();
        assert_eq!(bad_json.status(), 400, "[{tag}]");
        let body: Value = bad_json.json().await.unwrap();
        assert_eq!(body["error"], "bad_request");
        let (status, _) = app
            .admin_call(
                Method::POST,
                "/admin/members",
                t,
                Some(json!({"user_key": 1})),
            )
            .await;
        assert_eq!(status, 400, "[{tag}] wrong JSON shape");

        // A second member joins over the bot; search and filters.
        app.skill(
            "/skill/members/join",
            &payload(
                "kakao-bot-2",
                json!({"name": "책벌레", "phone": "010-2222-3333"}),
                json!({}),
            ),
        )
        .await;
        let list = |query: &'static str| {
            let app = &app;
            let token = token.clone();
            async move {
                app.admin_call(
                    Method::GET,
                    &format!("/admin/members{query}"),
                    Some(&token),
                    None,
                )
                .await
            }
        };
        let (status, all) = list("").await;
        assert_eq!(status, 200, "[{tag}] {all}");
        assert_eq!(all["items"].as_array().unwrap().len(), 2, "[{tag}] {all}");
        assert_eq!(
            all["items"][0]["nickname"], "책벌레",
            "[{tag}] newest first"
        );
        let (_, found) = list("?q=%EC%A4%91%EA%B3%A0").await; // q=중고
        assert_eq!(
            found["items"].as_array().unwrap().len(),
            1,
            "[{tag}] {found}"
        );
        let (_, by_phone) = list("?q=2222").await;
        assert_eq!(by_phone["items"][0]["user_key"], "kakao-bot-2", "[{tag}]");
        let (_, wildcard) = list("?q=%25").await;
        assert_eq!(
            wildcard["items"].as_array().unwrap().len(),
            0,
            "[{tag}] % is literal"
        );
        let (_, paged) = list("?size=1&page=1").await;
        assert_eq!(paged["items"][0]["nickname"], "중고왕", "[{tag}] {paged}");
        assert_eq!(paged["has_more"], false);
        let (_, first) = list("?size=1").await;
        assert_eq!(first["has_more"], true);
        for (query, want) in [
            ("?size=0", 422),
            ("?size=10000", 422),
            ("?page=-1", 400),
            ("?page=abc", 400),
            ("?size=1.5", 400),
            ("?status=banned", 422),
        ] {
            let (status, body) = list(query).await;
            assert_eq!(status.as_u16(), want, "[{tag}] {query}: {body}");
            assert!(body["error"].is_string(), "[{tag}] {query}");
        }

        // View and edit.
        let path = format!("/admin/members/{member}");
        let (status, got) = app.admin_call(Method::GET, &path, t, None).await;
        assert_eq!(
            (status.as_u16(), got["user_key"].clone()),
            (200, json!("kakao-admin-1"))
        );
        let (status, _) = app
            .admin_call(Method::GET, "/admin/members/999999", t, None)
            .await;
        assert_eq!(status, 404, "[{tag}]");
        let (status, _) = app
            .admin_call(Method::GET, "/admin/members/abc", t, None)
            .await;
        assert_eq!(status, 400, "[{tag}]");
        let (status, edited) = app
            .admin_call(
                Method::PATCH,
                &path,
                t,
                Some(json!({"nickname": "중고대왕", "grade": "diamond", "phone": "01099998888"})),
            )
            .await;
        assert_eq!(status, 200, "[{tag}] {edited}");
        assert_eq!(edited["nickname"], "중고대왕");
        assert_eq!(edited["grade"], "diamond");
        assert_eq!(edited["phone"], "010-9999-8888");
        let (status, _) = app
            .admin_call(Method::PATCH, &path, t, Some(json!({"grade": "gold"})))
            .await;
        assert_eq!(status, 422, "[{tag}]");
        let (status, _) = app
            .admin_call(Method::PATCH, &path, t, Some(json!({"phone": "123"})))
            .await;
        assert_eq!(status, 422, "[{tag}]");

        // Suspension: reads work over the bot, writes are refused in Korean.
        let (status, suspended) = app
            .admin_call(Method::POST, &format!("{path}/suspend"), t, None)
            .await;
        assert_eq!(
            (status.as_u16(), suspended["status"].clone()),
            (200, json!("suspended"))
        );
        let profile = app
            .skill(
                "/skill/members/profile",
                &payload("kakao-admin-1", json!({}), json!({})),
            )
            .await;
        assert!(
            profile.text().contains("중고대왕"),
            "[{tag}] {}",
            profile.text()
        );
        let refused = app
            .skill(
                "/skill/members/phone",
                &payload(
                    "kakao-admin-1",
                    json!({"phone": "010-5555-6666"}),
                    json!({}),
                ),
            )
            .await;
        assert!(
            refused.text().contains("관리자에 의해 이용이 제한된"),
            "[{tag}] {}",
            refused.text()
        );
        let (_, still) = app.admin_call(Method::GET, &path, t, None).await;
        assert_eq!(still["phone"], "010-9999-8888", "[{tag}] nothing written");
        let (_, suspended_only) = list("?status=suspended").await;
        assert_eq!(
            suspended_only["items"].as_array().unwrap().len(),
            1,
            "[{tag}]"
        );
        let (status, _) = app
            .admin_call(Method::POST, &format!("{path}/unsuspend"), t, None)
            .await;
        assert_eq!(status, 200, "[{tag}]");
        let changed = app
            .skill(
                "/skill/members/phone",
                &payload(
                    "kakao-admin-1",
                    json!({"phone": "010-5555-6666"}),
                    json!({}),
                ),
            )
            .await;
        assert!(
            !changed.text().contains("제한된"),
            "[{tag}] {}",
            changed.text()
        );

        // Withdrawal with the bot's rules.
        let (status, _) = app.admin_call(Method::DELETE, &path, t, None).await;
        assert_eq!(status, 204, "[{tag}]");
        let (_, gone) = app.admin_call(Method::GET, &path, t, None).await;
        assert_eq!(gone["status"], "withdrawn", "[{tag}]");
        let (status, _) = app.admin_call(Method::DELETE, &path, t, None).await;
        assert_eq!(status, 404, "[{tag}] already withdrawn");
        let (status, _) = app
            .admin_call(Method::POST, &format!("{path}/suspend"), t, None)
            .await;
        assert_eq!(
            status, 404,
            "[{tag}] a withdrawn member cannot be suspended"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn skill_logs_and_stats() {
    for db in backends().await {
        let (app, conn) = spawn(db).await;
        let tag = app.backend.clone();
        let token = sign(&claims(create_admin(&conn, "ops").await), JWT_SECRET);
        let t = Some(token.as_str());
        app.skill(
            "/skill/members/join",
            &payload(
                "log-user",
                json!({"name": "기록왕", "phone": "01012345678"}),
                json!({}),
            ),
        )
        .await;
        for _ in 0..3 {
            app.skill("/skill/home", &payload("log-user", json!({}), json!({})))
                .await;
        }
        // The log writer flushes in batches.
        let mut logs = Value::Null;
        for _ in 0..50 {
            (_, logs) = app
                .admin_call(Method::GET, "/admin/skill-logs?user=log-user", t, None)
                .await;
            if logs["items"].as_array().is_some_and(|i| i.len() >= 4) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(logs["items"].as_array().unwrap().len(), 4, "[{tag}] {logs}");
        assert_eq!(
            logs["items"][3]["route"], "/skill/members/join",
            "[{tag}] newest first"
        );
        assert!(
            logs["items"][3]["request_body"]
                .as_str()
                .unwrap()
                .contains("기록왕")
        );
        let (_, home) = app
            .admin_call(
                Method::GET,
                "/admin/skill-logs?route=/skill/home&size=2",
                t,
                None,
            )
            .await;
        assert_eq!(home["items"].as_array().unwrap().len(), 2, "[{tag}]");
        assert_eq!(home["has_more"], true);
        let (_, future) = app
            .admin_call(
                Method::GET,
                "/admin/skill-logs?from=2999-01-01T00:00:00Z",
                t,
                None,
            )
            .await;
        assert_eq!(future["items"].as_array().unwrap().len(), 0, "[{tag}]");
        let (_, window) = app
            .admin_call(
                Method::GET,
                "/admin/skill-logs?from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z&user=log-user",
                t,
                None,
            )
            .await;
        assert_eq!(window["items"].as_array().unwrap().len(), 4, "[{tag}]");
        for (query, want) in [
            ("?from=yesterday", 400),
            ("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", 422),
            ("?page=-1", 400),
            ("?size=101", 422),
        ] {
            let (status, body) = app
                .admin_call(Method::GET, &format!("/admin/skill-logs{query}"), t, None)
                .await;
            assert_eq!(status.as_u16(), want, "[{tag}] {query}: {body}");
        }

        let (status, stats) = app.admin_call(Method::GET, "/admin/stats", t, None).await;
        assert_eq!(status, 200, "[{tag}] {stats}");
        assert_eq!(stats["members"]["active"], 1, "[{tag}] {stats}");
        assert!(stats["payments"].is_array());
        let home = stats["latency"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == "/skill/home")
            .unwrap_or_else(|| panic!("[{tag}] {stats}"));
        assert_eq!(home["calls"], 3);
        assert!(home["p50_ms"].as_u64().unwrap() <= home["p99_ms"].as_u64().unwrap());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn cli_admin_create_reads_the_password_and_refuses_bad_input() {
    let mut stdin = std::io::Cursor::new(b"from-stdin-password-123\nsecond line\n".to_vec());
    assert_eq!(
        admin::read_password(None, &mut stdin).unwrap(),
        "from-stdin-password-123"
    );
    let mut unused = std::io::Cursor::new(b"ignored\n".to_vec());
    assert_eq!(
        admin::read_password(Some("from-env-password-123".into()), &mut unused).unwrap(),
        "from-env-password-123"
    );
    let mut empty = std::io::Cursor::new(Vec::new());
    assert!(admin::read_password(Some(String::new()), &mut empty).is_err());

    for db in backends().await {
        let conn = db.db.clone();
        let created = admin::create(&conn, "Root", PASSWORD).await.unwrap();
        assert_eq!(created.username, "root");
        let stored = admin_accounts::Entity::find()
            .filter(admin_accounts::Column::Username.eq("root"))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        assert!(
            stored.password_hash.starts_with("$argon2id$"),
            "{}",
            db.backend()
        );
        assert!(!stored.password_hash.contains(PASSWORD));
        assert!(
            admin::create(&conn, "root", PASSWORD).await.is_err(),
            "duplicate"
        );
        assert!(
            admin::create(&conn, "ROOT", PASSWORD).await.is_err(),
            "duplicate, case folded"
        );
        assert!(
            admin::create(&conn, "short", "elevenchars").await.is_err(),
            "short password"
        );
        assert!(
            admin::create(&conn, "bad name!", PASSWORD).await.is_err(),
            "bad name"
        );
        db.cleanup().await;
    }
}

/// A viewer reads but never changes anything; every change asked (done or refused) is in the
/// audit log with who asked it.
#[tokio::test]
async fn viewers_only_read_and_every_admin_change_is_audited() {
    for db in backends().await {
        let (app, conn) = spawn(db).await;
        let tag = app.backend.clone();
        let ops = create_admin(&conn, "ops").await;
        let desk =
            admin::create_with_role(&conn, "desk", PASSWORD, junggye_members::AdminRole::Viewer)
                .await
                .unwrap();
        assert_eq!(desk.role, junggye_members::AdminRole::Viewer);
        let admin_token = sign(&claims(ops), JWT_SECRET);
        let (status, body) = app.login("desk", PASSWORD).await;
        assert_eq!(status, 200, "[{tag}] a viewer logs in: {body}");
        let viewer_token = body["access_token"].as_str().unwrap().to_owned();

        let (status, created) = app
            .admin_call(
                Method::POST,
                "/admin/members",
                Some(&admin_token),
                Some(json!({"user_key": "kakao-audit-1", "nickname": "감사대상", "phone": "010-5555-1234"})),
            )
            .await;
        assert_eq!(status, 201, "[{tag}] {created}");
        let member = created["id"].as_i64().unwrap();
        let suspend = format!("/admin/members/{member}/suspend");

        let (status, _) = app
            .admin_call(
                Method::GET,
                &format!("/admin/members/{member}"),
                Some(&viewer_token),
                None,
            )
            .await;
        assert_eq!(status, 200, "[{tag}] a viewer reads");
        for (method, path) in [
            (Method::POST, suspend.as_str()),
            (Method::PATCH, &*format!("/admin/members/{member}")),
            (Method::DELETE, "/admin/reviews/1"),
            (Method::POST, "/admin/orders/1/cancel"),
        ] {
            let (status, body) = app
                .admin_call(method.clone(), path, Some(&viewer_token), Some(json!({})))
                .await;
            assert_eq!(status, 403, "[{tag}] viewer {method} {path}: {body}");
            assert_eq!(body["error"], "forbidden", "[{tag}] {body}");
        }
        let (_, still) = app
            .admin_call(
                Method::GET,
                &format!("/admin/members/{member}"),
                Some(&admin_token),
                None,
            )
            .await;
        assert_eq!(
            still["status"], "active",
            "[{tag}] the viewer changed nothing"
        );
        let (status, _) = app
            .admin_call(Method::POST, &suspend, Some(&admin_token), None)
            .await;
        assert_eq!(status, 200, "[{tag}]");

        let (status, audit) = app
            .admin_call(Method::GET, "/admin/audit", Some(&viewer_token), None)
            .await;
        assert_eq!(status, 200, "[{tag}] {audit}");
        let rows: Vec<(String, String, String, String)> = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let text = |k: &str| i[k].as_str().unwrap().to_owned();
                (
                    text("username"),
                    text("action"),
                    text("target"),
                    text("outcome"),
                )
            })
            .collect();
        assert_eq!(
            rows.len(),
            6,
            "[{tag}] two changes and four refusals, no reads: {rows:?}"
        );
        assert_eq!(
            rows[0],
            (
                "ops".into(),
                "POST /admin/members/{id}/suspend".into(),
                suspend.clone(),
                "200".into()
            ),
            "[{tag}] newest first"
        );
        assert_eq!(rows[4].3, "403 viewer", "[{tag}] {rows:?}");
        assert_eq!(rows[5].1, "POST /admin/members", "[{tag}] {rows:?}");
        let (_, mine) = app
            .admin_call(
                Method::GET,
                "/admin/audit?username=DESK",
                Some(&admin_token),
                None,
            )
            .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 4, "[{tag}] {mine}");
        app.cleanup().await;
    }
}
