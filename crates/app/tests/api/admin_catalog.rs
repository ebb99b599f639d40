//! Admin API over listings and notices (docs/contract.md): filters, paging bounds, status rules,
//! field edits, soft delete, notices CRUD, and what the bot then shows; SQLite and MariaDB.
#![expect(clippy::unwrap_used, reason = "test helpers panic on setup failures")]

use junggye::admin;
use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{SeaMemberRepository, SeaProductRepository};
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductName, ProductRepository,
};
use reqwest::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};

const JWT_SECRET: &str = "catalog-test-secret-0123456789abcdef-xyz";
const PASSWORD: &str = "correct horse battery staple";
const SELLER: &str = "catalog-seller";
const OTHER: &str = "catalog-other";

/// The app, a database handle for seeding, and a valid admin token.
async fn spawn(db: TestDb) -> (TestApp, DatabaseConnection, String) {
    let conn = db.db.clone();
    let app = TestApp::spawn_with(db, &[("APP__ADMIN__JWT_SECRET", JWT_SECRET)]).await;
    admin::create(&conn, "catalog-ops", PASSWORD).await.unwrap();
    let (status, body) = call(
        &app,
        Method::POST,
        "/admin/login",
        None,
        Some(json!({"username": "catalog-ops", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    (app, conn, token)
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
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

/// A raw (possibly malformed) JSON body.
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: &str,
) -> StatusCode {
    app.client
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .status()
}

async fn join(app: &TestApp, conn: &DatabaseConnection, user: &str, name: &str) -> i64 {
    let reply = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": name, "phone": "010-1234-5678"}),
                json!({}),
            ),
        )
        .await;
    assert!(reply.text().contains("회원가입이 완료"), "{}", reply.0);
    SeaMemberRepository::new(conn.clone())
        .find_by_user_key(&UserKey::parse(user).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
        .0
}

async fn list(conn: &DatabaseConnection, seller: i64, name: &str, category: Category) -> i64 {
    SeaProductRepository::new(conn.clone())
        .create(&NewProduct {
            seller: MemberId(seller),
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000원").unwrap(),
                description: Description::parse("상태 좋아요").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category,
            },
            photos: vec![StoredImage {
                key: format!("photo-{seller}-{}.jpg", name.len()),
                content_type: "image/jpeg".into(),
                size: 10,
            }],
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap()
        .id
        .0
}

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

fn card_titles(reply: &Reply) -> Vec<String> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn admin_products_list_view_change_and_delete_on_every_backend() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let t = Some(token.as_str());
        let b = app.backend.clone();
        let seller = join(&app, &conn, SELLER, "판매왕").await;
        let other = join(&app, &conn, OTHER, "다른이").await;
        let macbook = list(&conn, seller, "맥북 프로", Category::Digital).await;
        let iphone = list(&conn, seller, "아이폰 15", Category::Digital).await;
        let bike = list(&conn, other, "자전거", Category::Sports).await;

        let (status, body) = call(&app, Method::GET, "/admin/products", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "[{b}] {body}");

        // Filters, newest first.
        let get = |path: String| {
            let app = &app;
            async move { call(app, Method::GET, &format!("/admin/products{path}"), t, None).await }
        };
        let (status, body) = get(String::new()).await;
        assert_eq!(status, StatusCode::OK, "[{b}] {body}");
        assert_eq!(names(&body), ["자전거", "아이폰 15", "맥북 프로"], "[{b}]");
        assert_eq!(body["has_more"], false);
        assert_eq!(names(&get("?category=sports".into()).await.1), ["자전거"]);
        assert_eq!(
            names(&get("?q=%EB%A7%A5%EB%B6%81".into()).await.1),
            ["맥북 프로"]
        );
        assert_eq!(
            names(&get(format!("?seller={seller}&category=digital")).await.1),
            ["아이폰 15", "맥북 프로"]
        );
        assert_eq!(
            names(&get("?status=hidden".into()).await.1),
            Vec::<String>::new()
        );
        let (_, paged) = get("?size=2&page=0".into()).await;
        assert_eq!(
            (names(&paged).len(), &paged["has_more"]),
            (2, &json!(true)),
            "[{b}]"
        );
        assert_eq!(names(&get("?size=2&page=1".into()).await.1), ["맥북 프로"]);
        for (query, want) in [
            ("?size=0", StatusCode::UNPROCESSABLE_ENTITY),
            ("?size=101", StatusCode::UNPROCESSABLE_ENTITY),
            ("?status=gone", StatusCode::UNPROCESSABLE_ENTITY),
            ("?category=cars", StatusCode::UNPROCESSABLE_ENTITY),
            ("?page=-1", StatusCode::BAD_REQUEST),
            ("?seller=abc", StatusCode::BAD_REQUEST),
        ] {
            let (status, body) = get(query.into()).await;
            assert_eq!(status, want, "[{b}] {query}: {body}");
            assert!(body["error"].is_string(), "[{b}] {query}");
        }

        // View, with photo URLs.
        let (status, view) = get(format!("/{macbook}")).await;
        assert_eq!(status, StatusCode::OK, "[{b}] {view}");
        assert_eq!(view["seller_id"], seller);
        assert_eq!(view["price"], 15000);
        let url = view["photo_urls"][0].as_str().unwrap();
        assert!(
            url.starts_with("http") && url.contains("photo-"),
            "[{b}] {url}"
        );
        assert_eq!(get("/999999".into()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get("/abc".into()).await.0, StatusCode::BAD_REQUEST);

        // Status: allowed, forbidden (409), pending (422), unknown (422).
        let patch = |id: i64, body: Value| {
            let app = &app;
            async move {
                call(
                    app,
                    Method::PATCH,
                    &format!("/admin/products/{id}"),
                    t,
                    Some(body),
                )
                .await
            }
        };
        let (status, body) = patch(macbook, json!({"status": "hidden"})).await;
        assert_eq!(
            (status, &body["status"]),
            (StatusCode::OK, &json!("hidden")),
            "[{b}] {body}"
        );
        assert_eq!(names(&get("?status=hidden".into()).await.1), ["맥북 프로"]);
        let (status, body) = patch(macbook, json!({"status": "sold"})).await;
        assert_eq!(
            (status, &body["status"]),
            (StatusCode::OK, &json!("sold")),
            "[{b}] {body}"
        );
        let (status, body) = patch(
            macbook,
            json!({"status": "on_sale", "name": "바뀌면 안 됨"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "[{b}] {body}");
        assert_eq!(body["error"], "invalid_transition");
        assert_eq!(
            get(format!("/{macbook}")).await.1["name"],
            "맥북 프로",
            "[{b}] no partial edit"
        );
        let (status, body) = patch(bike, json!({"status": "pending"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "[{b}] {body}");
        assert_eq!(
            patch(bike, json!({"status": "gone"})).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Fields, with the sellers' rules; the new name is searchable.
        let (status, body) = patch(bike, json!({"price": 0})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "[{b}] {body}");
        assert_eq!(body["error"], "validation_failed");
        let (status, _) = patch(bike, json!({"open_chat_url": "http://evil.example"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "[{b}]");
        let (status, body) = patch(
            bike,
            json!({"name": "산악 자전거", "price": "1.5만", "category": "hobby"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "[{b}] {body}");
        assert_eq!(
            (&body["name"], &body["price"], &body["category"]),
            (&json!("산악 자전거"), &json!(15000), &json!("hobby"))
        );
        assert_eq!(
            names(&get("?q=%EC%82%B0%EC%95%85".into()).await.1),
            ["산악 자전거"],
            "[{b}]"
        );
        assert_eq!(
            send_raw(
                &app,
                Method::PATCH,
                &format!("/admin/products/{bike}"),
                &token,
                "{not json"
            )
            .await,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            send_raw(
                &app,
                Method::PATCH,
                &format!("/admin/products/{bike}"),
                &token,
                r#"{"price": true}"#
            )
            .await,
            StatusCode::BAD_REQUEST
        );

        // Delete: gone from the bot at once, still visible to admins as deleted.
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(OTHER, json!({}), json!({})),
            )
            .await;
        assert!(
            card_titles(&latest).contains(&"아이폰 15".to_owned()),
            "[{b}] {}",
            latest.0
        );
        let (status, _) = call(
            &app,
            Method::DELETE,
            &format!("/admin/products/{iphone}"),
            t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "[{b}]");
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(OTHER, json!({}), json!({})),
            )
            .await;
        assert!(
            !card_titles(&latest).contains(&"아이폰 15".to_owned()),
            "[{b}] {}",
            latest.0
        );
        let (status, body) = get(format!("/{iphone}")).await;
        assert_eq!(
            (status, &body["status"]),
            (StatusCode::OK, &json!("deleted")),
            "[{b}]"
        );
        assert_eq!(
            body["photo_urls"],
            json!([]),
            "[{b}] photos queued for removal"
        );
        assert!(!names(&get(String::new()).await.1).contains(&"아이폰 15".to_owned()));
        assert_eq!(names(&get("?status=deleted".into()).await.1), ["아이폰 15"]);
        let (status, _) = call(
            &app,
            Method::DELETE,
            &format!("/admin/products/{iphone}"),
            t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "[{b}] deleting twice");
        assert_eq!(
            patch(iphone, json!({"status": "on_sale"})).await.0,
            StatusCode::CONFLICT
        );
        assert_eq!(
            patch(iphone, json!({"name": "부활"})).await.0,
            StatusCode::NOT_FOUND
        );
        app.cleanup().await;
    }
}

fn notice_titles(reply: &Reply) -> Vec<String> {
    reply.0["template"]["outputs"][0]["listCard"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn admin_notices_crud_feeds_the_bot_on_every_backend() {
    for db in backends().await {
        let (app, _conn, token) = spawn(db).await;
        let t = Some(token.as_str());
        let b = app.backend.clone();
        let bot = || {
            let app = &app;
            async move {
                app.skill(
                    "/skill/notices",
                    &payload("notice-reader", json!({}), json!({})),
                )
                .await
            }
        };

        let (status, _) = call(&app, Method::GET, "/admin/notices", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "[{b}]");
        let (status, created) = call(
            &app,
            Method::POST,
            "/admin/notices",
            t,
            Some(json!({
                "kind": "text_card", "title": " 점검 안내 ", "body": "내일 새벽 점검합니다.",
                "buttons": [{"label": "자세히", "url": "https://example.com/n"}], "status": "pinned"
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "[{b}] {created}");
        assert_eq!(
            (&created["title"], &created["author"]),
            (&json!("점검 안내"), &json!("catalog-ops"))
        );
        let id = created["id"].as_i64().unwrap();
        let (status, second) = call(
            &app,
            Method::POST,
            "/admin/notices",
            t,
            Some(
                json!({"kind": "basic_card", "title": "이벤트", "body": "사진 공지",
                "image_url": "https://example.com/e.png"}),
            ),
        )
        .await;
        assert_eq!(
            (status, &second["status"]),
            (StatusCode::CREATED, &json!("published")),
            "[{b}] {second}"
        );
        assert_eq!(
            notice_titles(&bot().await),
            ["점검 안내", "이벤트"],
            "[{b}] pinned first"
        );

        for bad in [
            json!({"kind": "basic_card", "title": "사진 없음", "body": "본문"}),
            json!({"kind": "carousel", "title": "종류", "body": "본문"}),
            json!({"kind": "text_card", "title": "", "body": "본문"}),
            json!({"kind": "text_card", "title": "상태", "body": "본문", "status": "draft"}),
            json!({"kind": "text_card", "title": "버튼", "body": "본문",
                "buttons": [{"label": "열기", "url": "javascript:alert(1)"}]}),
        ] {
            let (status, body) =
                call(&app, Method::POST, "/admin/notices", t, Some(bad.clone())).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "[{b}] {bad}: {body}"
            );
        }
        assert_eq!(
            send_raw(&app, Method::POST, "/admin/notices", &token, "{\"kind\":").await,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            send_raw(
                &app,
                Method::POST,
                "/admin/notices",
                &token,
                r#"{"kind":"text_card"}"#
            )
            .await,
            StatusCode::BAD_REQUEST
        );

        // List and view (hidden ones too), paging bounds.
        let (status, page) = call(&app, Method::GET, "/admin/notices?size=1", t, None).await;
        assert_eq!(
            (
                status,
                page["items"].as_array().unwrap().len(),
                &page["has_more"]
            ),
            (StatusCode::OK, 1, &json!(true)),
            "[{b}] {page}"
        );
        for query in ["?size=0", "?size=101"] {
            let (status, _) = call(
                &app,
                Method::GET,
                &format!("/admin/notices{query}"),
                t,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "[{b}] {query}");
        }
        assert_eq!(
            call(&app, Method::GET, "/admin/notices?page=x", t, None)
                .await
                .0,
            StatusCode::BAD_REQUEST
        );

        // Edit: hiding takes it out of the bot; a bad edit changes nothing.
        let path = format!("/admin/notices/{id}");
        let (status, body) = call(
            &app,
            Method::PATCH,
            &path,
            t,
            Some(json!({"status": "hidden", "title": "점검 (숨김)"})),
        )
        .await;
        assert_eq!(
            (status, &body["status"]),
            (StatusCode::OK, &json!("hidden")),
            "[{b}] {body}"
        );
        assert_eq!(notice_titles(&bot().await), ["이벤트"], "[{b}]");
        let (status, body) = call(&app, Method::GET, &path, t, None).await;
        assert_eq!(
            (status, &body["title"]),
            (StatusCode::OK, &json!("점검 (숨김)")),
            "[{b}]"
        );
        let (status, _) = call(
            &app,
            Method::PATCH,
            &path,
            t,
            Some(json!({"kind": "basic_card"})),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{b}] basic card without image"
        );
        let (status, body) = call(
            &app,
            Method::PATCH,
            &path,
            t,
            Some(json!({"status": "published"})),
        )
        .await;
        assert_eq!(
            (status, &body["kind"]),
            (StatusCode::OK, &json!("text_card")),
            "[{b}]"
        );
        assert_eq!(
            notice_titles(&bot().await),
            ["이벤트", "점검 (숨김)"],
            "[{b}] newest first"
        );

        // Delete.
        let (status, _) = call(&app, Method::DELETE, &path, t, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "[{b}]");
        assert_eq!(notice_titles(&bot().await), ["이벤트"], "[{b}]");
        assert_eq!(
            call(&app, Method::GET, &path, t, None).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, Method::DELETE, &path, t, None).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, Method::PATCH, &path, t, Some(json!({"title": "x"})))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, Method::GET, "/admin/notices/abc", t, None)
                .await
                .0,
            StatusCode::BAD_REQUEST
        );

        // The OpenAPI document describes the new routes.
        let (_, doc) = call(&app, Method::GET, "/admin/openapi.json", None, None).await;
        for route in [
            "/admin/products",
            "/admin/products/{id}",
            "/admin/notices",
            "/admin/notices/{id}",
        ] {
            assert!(
                doc["paths"][route].is_object(),
                "[{b}] {route} in the document"
            );
        }
        app.cleanup().await;
    }
}
