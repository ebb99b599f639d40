//! Admin API over orders (docs/contract.md): list and view with the payment, cancel with a refund
//! through the (dev) gateway, completion only after the buyer's confirmation; SQLite and MariaDB.
//! Orders are paid through the real pay flow so that the gateway knows what it refunds.
#![expect(clippy::unwrap_used, reason = "test helpers panic on setup failures")]

use std::time::Duration;

use junggye::admin;
use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{SeaMemberRepository, SeaOrderRepository, SeaProductRepository};
use junggye_orders::{OrderId, OrderRepository, TrackingNumber};
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductId, ProductName, ProductRepository, ProductStatus,
};
use reqwest::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{TestApp, payload};

const JWT_SECRET: &str = "orders-admin-secret-0123456789abcdef-xyz";
const PASSWORD: &str = "correct horse battery staple";
const PUBLIC: &str = "http://pay.test";
const SELLER: &str = "admin-order-seller";
const BUYER: &str = "admin-order-buyer";

async fn spawn(db: TestDb) -> (TestApp, DatabaseConnection, String) {
    let conn = db.db.clone();
    let app = TestApp::spawn_with(
        db,
        &[
            ("APP__ADMIN__JWT_SECRET", JWT_SECRET),
            ("APP__PUBLIC_BASE_URL", PUBLIC),
            ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000"),
        ],
    )
    .await;
    admin::create(&conn, "order-ops", PASSWORD).await.unwrap();
    let (status, body) = call(
        &app,
        Method::POST,
        "/admin/login",
        None,
        Some(json!({"username": "order-ops", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (app, conn, body["access_token"].as_str().unwrap().to_owned())
}

/// An admin API call as (status, JSON body); shared by the admin test files.
pub(crate) async fn call(
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

async fn join(app: &TestApp, conn: &DatabaseConnection, user: &str, name: &str) -> i64 {
    let phone = json!({"name": name, "phone": "010-1234-5678"});
    let reply = app
        .skill("/skill/members/join", &payload(user, phone, json!({})))
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

async fn list(conn: &DatabaseConnection, seller: i64, name: &str) -> i64 {
    SeaProductRepository::new(conn.clone())
        .create(&NewProduct {
            seller: MemberId(seller),
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000원").unwrap(),
                description: Description::parse("상태 좋아요").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category: Category::Digital,
            },
            photos: vec![StoredImage {
                key: "a.jpg".into(),
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

async fn listing_status(conn: &DatabaseConnection, id: i64) -> ProductStatus {
    SeaProductRepository::new(conn.clone())
        .find(ProductId(id))
        .await
        .unwrap()
        .unwrap()
        .status
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A link the app printed, pointed at the app actually running.
fn local(app: &TestApp, url: &str) -> String {
    assert!(url.starts_with(PUBLIC), "{url}");
    format!("{}{}", app.address, &url[PUBLIC.len()..])
}

/// The URL of the first `webLink` button labelled `label`.
fn web_link(v: &Value, label: &str) -> Option<String> {
    match v {
        Value::Object(map) => {
            if map.get("label").and_then(Value::as_str) == Some(label)
                && map.get("action").and_then(Value::as_str) == Some("webLink")
            {
                return map
                    .get("webLinkUrl")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
            }
            map.values().find_map(|v| web_link(v, label))
        }
        Value::Array(items) => items.iter().find_map(|v| web_link(v, label)),
        _ => None,
    }
}

/// Opens the buyer's pay link for `product`; returns the dev gateway page (payment ready).
async fn start_payment(app: &TestApp, product: i64) -> String {
    let detail = app
        .skill(
            "/skill/products/detail",
            &payload(BUYER, json!({}), json!({"product_id": product})),
        )
        .await;
    let link = web_link(&detail.0, "카카오페이 결제").unwrap();
    let res = browser().get(local(app, &link)).send().await.unwrap();
    assert_eq!(res.status(), 302, "[{}]", app.backend);
    local(app, res.headers()["location"].to_str().unwrap())
}

async fn page(url: &str) -> String {
    browser()
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Pays on the dev page (its 결제하기 link).
async fn approve(app: &TestApp, dev_page: &str) {
    let html = page(dev_page).await;
    let approve = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .find(|h| h.contains("/approve?pg_token=dev"))
        .unwrap();
    let done = page(&local(app, &approve)).await;
    assert!(
        done.contains("결제가 완료되었습니다"),
        "[{}] {done}",
        app.backend
    );
}

fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn admin_orders_list_view_cancel_refund_and_complete_on_every_backend() {
    for db in backends().await {
        let (app, conn, token) = spawn(db).await;
        let t = Some(token.as_str());
        let b = app.backend.clone();
        let seller = join(&app, &conn, SELLER, "판매자").await;
        join(&app, &conn, BUYER, "구매자").await;
        let (p_paid, p_confirmed, p_waiting) = (
            list(&conn, seller, "아이패드").await,
            list(&conn, seller, "갤럭시 탭").await,
            list(&conn, seller, "전자책").await,
        );
        let paid_page = start_payment(&app, p_paid).await;
        approve(&app, &paid_page).await;
        let confirmed_page = start_payment(&app, p_confirmed).await;
        approve(&app, &confirmed_page).await;
        start_payment(&app, p_waiting).await;

        let get = |path: String| {
            let app = &app;
            async move { call(app, Method::GET, &format!("/admin/orders{path}"), t, None).await }
        };
        let post = |path: String| {
            let app = &app;
            async move { call(app, Method::POST, &format!("/admin/orders{path}"), t, None).await }
        };
        let (status, all) = get(String::new()).await;
        assert_eq!(status, StatusCode::OK, "[{b}] {all}");
        let [waiting, confirmed, paid] = ids(&all)[..] else {
            panic!("[{b}] three orders expected: {all}");
        };
        assert_eq!(all["items"][0]["status"], "awaiting_payment", "[{b}]");
        assert_eq!(ids(&get("?status=paid".into()).await.1), [confirmed, paid]);
        let (_, first) = get("?size=1".into()).await;
        assert_eq!(
            (ids(&first), &first["has_more"]),
            (vec![waiting], &json!(true))
        );
        for (query, want) in [
            ("?status=lost", StatusCode::UNPROCESSABLE_ENTITY),
            ("?size=0", StatusCode::UNPROCESSABLE_ENTITY),
            ("?size=101", StatusCode::UNPROCESSABLE_ENTITY),
            ("?page=-1", StatusCode::BAD_REQUEST),
        ] {
            assert_eq!(get(query.into()).await.0, want, "[{b}] {query}");
        }
        let (status, _) = call(&app, Method::GET, "/admin/orders", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "[{b}]");
        let (status, _) = call(
            &app,
            Method::POST,
            &format!("/admin/orders/{paid}/cancel"),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "[{b}]");

        // View with the payment.
        let (status, order) = get(format!("/{paid}")).await;
        assert_eq!(status, StatusCode::OK, "[{b}] {order}");
        assert_eq!(
            (&order["amount"], &order["product_id"]),
            (&json!(15000), &json!(p_paid))
        );
        assert_eq!(order["payment"]["status"], "approved", "[{b}] {order}");
        assert_eq!(order["payment"]["backend"], "dev");
        assert!(order["payment"]["tid"].is_string(), "[{b}]");
        assert_eq!(get("/999999".into()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get("/abc".into()).await.0, StatusCode::BAD_REQUEST);

        // Completion needs the buyer's purchase confirmation.
        let (status, body) = post(format!("/{paid}/complete")).await;
        assert_eq!(
            (status, &body["error"]),
            (StatusCode::CONFLICT, &json!("invalid_transition")),
            "[{b}] {body}"
        );
        let repo = SeaOrderRepository::new(conn.clone());
        let now = chrono::Utc::now();
        let tracking = TrackingNumber::parse("123456789012").unwrap();
        assert!(
            repo.set_tracking(
                OrderId(confirmed),
                &tracking,
                junggye_orders::Action::EnterTracking.allowed_from(),
                now,
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap()
        );
        let (status, _) = post(format!("/{confirmed}/complete")).await;
        assert_eq!(status, StatusCode::CONFLICT, "[{b}] shipped, not confirmed");
        assert!(
            repo.confirm_purchase(
                OrderId(confirmed),
                junggye_orders::Action::ConfirmPurchase.allowed_from(),
                now,
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap()
        );
        let (status, done) = post(format!("/{confirmed}/complete")).await;
        assert_eq!(
            (status, &done["status"]),
            (StatusCode::OK, &json!("completed")),
            "[{b}] {done}"
        );
        assert!(done["seller_confirmed_at"].is_string(), "[{b}]");
        assert_eq!(
            listing_status(&conn, p_confirmed).await,
            ProductStatus::Sold,
            "[{b}]"
        );
        assert_eq!(
            post(format!("/{confirmed}/complete")).await.0,
            StatusCode::CONFLICT
        );
        assert_eq!(
            post("/999999/complete".into()).await.0,
            StatusCode::NOT_FOUND
        );

        // Cancel refunds through the gateway and puts the listing back on sale.
        assert_eq!(
            listing_status(&conn, p_paid).await,
            ProductStatus::Pending,
            "[{b}]"
        );
        let (status, cancelled) = post(format!("/{paid}/cancel")).await;
        assert_eq!(status, StatusCode::OK, "[{b}] {cancelled}");
        assert_eq!(cancelled["refunded"], true, "[{b}] {cancelled}");
        let order = &cancelled["order"];
        assert_eq!(
            (&order["status"], &order["cancel_reason"]),
            (&json!("cancelled"), &json!("admin"))
        );
        assert_eq!(order["payment"]["status"], "cancelled", "[{b}] {order}");
        assert!(
            page(&paid_page).await.contains("취소(환불)됨"),
            "[{b}] the gateway refunded"
        );
        assert_eq!(
            listing_status(&conn, p_paid).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        for settled in [paid, confirmed, waiting] {
            let (status, body) = post(format!("/{settled}/cancel")).await;
            assert_eq!(
                status,
                StatusCode::CONFLICT,
                "[{b}] cancel {settled}: {body}"
            );
        }
        assert_eq!(post("/999999/cancel".into()).await.0, StatusCode::NOT_FOUND);

        let (_, doc) = call(&app, Method::GET, "/admin/openapi.json", None, None).await;
        for route in [
            "/admin/orders",
            "/admin/orders/{id}",
            "/admin/orders/{id}/cancel",
            "/admin/orders/{id}/complete",
        ] {
            assert!(
                doc["paths"][route].is_object(),
                "[{b}] {route} in the document"
            );
        }
        app.cleanup().await;
    }
}
