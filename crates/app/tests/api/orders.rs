//! Orders over HTTP with the dev gateway: the pay link on a listing, the redirect flow walked by
//! hand (redirects disabled), the escrow skills, refunds, strangers, bad links, and 20 buyers
//! racing for one listing.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use junggye_domain_common::Page;
use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::entities::products;
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaOrderRepository, SeaProductRepository};
use junggye_orders::{MemberId, Order, OrderRepository, OrderStatus, PaymentStatus};
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, NewProduct, OpenChatUrl, Price, ProductId,
    ProductName, ProductRepository, ProductStatus,
};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};

pub(crate) const SELLER: &str = "order-seller";
pub(crate) const BUYER: &str = "order-buyer";
const STRANGER: &str = "order-stranger";
/// Links in pages and redirects are built on this; the tests swap it for the bound address.
pub(crate) const PUBLIC: &str = "http://pay.test";
const LINK_SECRET: &str = "orders-test-link-secret-0123456789";

async fn spawn(db: junggye_mysql::testing::TestDb) -> TestApp {
    TestApp::spawn_with(
        db,
        &[
            ("APP__PUBLIC_BASE_URL", PUBLIC),
            ("APP__KAKAOPAY__LINK_SECRET", LINK_SECRET),
            ("APP__KAKAO__CHANNEL_URL", "https://pf.kakao.com/_test"),
            // Each test walks many skills as few users.
            ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000"),
        ],
    )
    .await
}

pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A link the app printed, pointed at the app actually running.
pub(crate) fn local(app: &TestApp, url: &str) -> String {
    assert!(url.starts_with(PUBLIC), "{url}");
    format!("{}{}", app.address, &url[PUBLIC.len()..])
}

pub(crate) async fn join(app: &TestApp, user: &str, name: &str) {
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
}

pub(crate) async fn member_id(db: &DatabaseConnection, user: &str) -> i64 {
    SeaMemberRepository::new(db.clone())
        .find_by_user_key(&UserKey::parse(user).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
        .0
}

pub(crate) async fn list(db: &DatabaseConnection, user: &str, name: &str) -> i64 {
    let seller = member_id(db, user).await;
    SeaProductRepository::new(db.clone())
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

pub(crate) async fn listing_status(db: &DatabaseConnection, id: i64) -> ProductStatus {
    SeaProductRepository::new(db.clone())
        .find(ProductId(id))
        .await
        .unwrap()
        .unwrap()
        .status
}

pub(crate) async fn purchases(db: &DatabaseConnection, user: &str) -> Vec<Order> {
    let buyer = MemberId(member_id(db, user).await);
    SeaOrderRepository::new(db.clone())
        .list_purchases(buyer, Page::new(0, 100))
        .await
        .unwrap()
        .items
}

pub(crate) async fn detail(app: &TestApp, user: &str, id: i64) -> Reply {
    app.skill(
        "/skill/products/detail",
        &payload(user, json!({}), json!({"product_id": id})),
    )
    .await
}

/// Every webLink button of the reply with this label.
pub(crate) fn web_link(reply: &Reply, label: &str) -> Option<String> {
    fn find(v: &Value, label: &str) -> Option<String> {
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
                map.values().find_map(|v| find(v, label))
            }
            Value::Array(items) => items.iter().find_map(|v| find(v, label)),
            _ => None,
        }
    }
    find(&reply.0, label)
}

pub(crate) async fn pay_link(app: &TestApp, user: &str, product: i64) -> String {
    let reply = detail(app, user, product).await;
    web_link(&reply, "카카오페이 결제")
        .unwrap_or_else(|| panic!("[{}] no pay button: {}", app.backend, reply.0))
}

/// `GET /pay/{id}?token=`: 302 to the dev page; returns the page's local URL.
pub(crate) async fn start(app: &TestApp, link: &str) -> String {
    let res = browser().get(local(app, link)).send().await.unwrap();
    assert_eq!(
        res.status(),
        302,
        "[{}] {:?}",
        app.backend,
        res.text().await
    );
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with(&format!("{PUBLIC}/pay/dev/")), "{to}");
    local(app, &to)
}

/// The hrefs of a page, unescaped.
pub(crate) fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

pub(crate) async fn get_page(url: &str) -> (u16, String) {
    let res = browser().get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The dev page's 결제하기 link (the approval redirect with `pg_token=dev`).
pub(crate) async fn approve_link(app: &TestApp, dev_page: &str) -> String {
    let (status, html) = get_page(dev_page).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("테스트 결제 — 실제 결제가 아닙니다"),
        "{html}"
    );
    let link = hrefs(&html)
        .into_iter()
        .find(|h| h.contains("/approve?pg_token=dev"))
        .unwrap_or_else(|| panic!("no approve link in {html}"));
    local(app, &link)
}

async fn order_skill(app: &TestApp, route: &str, user: &str, extra: Value, params: Value) -> Reply {
    app.skill(route, &payload(user, params, extra)).await
}

#[tokio::test]
async fn orders_pay_ship_confirm_and_complete_on_every_backend() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        join(&app, STRANGER, "구경꾼").await;
        let product = list(&conn, SELLER, "아이패드 에어").await;

        // The owner gets no pay button; a member does.
        assert_eq!(
            web_link(&detail(&app, SELLER, product).await, "카카오페이 결제"),
            None
        );
        let link = pay_link(&app, BUYER, product).await;
        assert!(
            !link.contains(BUYER),
            "[{b}] the user key leaked into {link}"
        );

        let dev_page = start(&app, &link).await;
        let approve = approve_link(&app, &dev_page).await;
        let (status, html) = get_page(&approve).await;
        assert_eq!(status, 200, "[{b}] {html}");
        assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
        assert!(html.contains("https://pf.kakao.com/_test"), "[{b}] {html}");
        assert!(html.contains("채팅으로 돌아가기"), "[{b}]");
        let orders = purchases(&conn, BUYER).await;
        assert_eq!(orders.len(), 1, "[{b}]");
        let order = &orders[0];
        assert_eq!(order.status, OrderStatus::Paid, "[{b}]");
        assert_eq!(order.payment.status, PaymentStatus::Approved, "[{b}]");
        assert_eq!(order.amount.0, 15_000);
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::Pending,
            "[{b}]"
        );

        // A repeated approval redirect changes nothing and still says paid.
        let (status, html) = get_page(&approve).await;
        assert_eq!(status, 200, "[{b}]");
        assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
        assert_eq!(purchases(&conn, BUYER).await[0].status, OrderStatus::Paid);
        // Open orders block withdrawal on both sides.
        for user in [BUYER, SELLER] {
            let refused = order_skill(
                &app,
                "/skill/members/withdraw",
                user,
                json!({"confirm": true}),
                json!({}),
            )
            .await;
            assert!(
                refused.text().contains("진행 중인 거래"),
                "[{b}] {}",
                refused.0
            );
        }
        // A pending listing offers nobody a pay button.
        assert_eq!(
            web_link(&detail(&app, STRANGER, product).await, "카카오페이 결제"),
            None
        );

        let id = json!({"order_id": order.id.0});
        // The buyer sees it among purchases; the seller among sales.
        let mine = order_skill(&app, "/skill/orders/purchases", BUYER, json!({}), json!({})).await;
        assert!(mine.text().contains("아이패드 에어"), "[{b}] {}", mine.0);
        let sales = order_skill(&app, "/skill/orders/sales", SELLER, json!({}), json!({})).await;
        assert!(sales.text().contains("[결제완료]"), "[{b}] {}", sales.0);
        let seen = order_skill(&app, "/skill/orders/purchase", BUYER, id.clone(), json!({})).await;
        assert_eq!(seen.quick_replies()[0], "주문취소", "[{b}] {}", seen.0);

        // A stranger sees and does nothing.
        for route in [
            "/skill/orders/purchase",
            "/skill/orders/sale",
            "/skill/orders/confirm-purchase",
            "/skill/orders/confirm-sale",
            "/skill/orders/cancel",
        ] {
            let extra = json!({"order_id": order.id.0, "confirm": true});
            let no = order_skill(&app, route, STRANGER, extra, json!({})).await;
            assert!(
                no.text().contains("찾을 수 없는 주문입니다"),
                "[{b}] {route}: {}",
                no.0
            );
        }
        let no = order_skill(
            &app,
            "/skill/orders/tracking-number",
            STRANGER,
            id.clone(),
            json!({"tracking_number": "123456789012"}),
        )
        .await;
        assert!(
            no.text().contains("찾을 수 없는 주문입니다"),
            "[{b}] {}",
            no.0
        );

        // Purchase confirmation needs a tracking number first.
        let early = order_skill(
            &app,
            "/skill/orders/confirm-purchase",
            BUYER,
            json!({"order_id": order.id.0, "confirm": true}),
            json!({}),
        )
        .await;
        assert!(
            early.text().contains("운송장번호가 등록된 뒤에"),
            "[{b}] {}",
            early.0
        );

        // The seller enters a tracking number; a bad one is refused (skill and validation).
        let bad = order_skill(
            &app,
            "/skill/orders/tracking-number",
            SELLER,
            id.clone(),
            json!({"tracking_number": "12-34"}),
        )
        .await;
        assert!(bad.text().contains("9~14자리"), "[{b}] {}", bad.0);
        let check = app
            .post_raw(
                "/skill/validate/tracking-number",
                json!({"value": {"origin": "6892-1234-5678", "resolved": "6892-1234-5678"},
                       "user": {"id": SELLER, "type": "botUserKey"}, "bot": {"id": crate::helpers::BOT_ID}})
                .to_string(),
            )
            .await;
        let check: Value = check.json().await.unwrap();
        assert_eq!(check["status"], "SUCCESS", "[{b}] {check}");
        assert_eq!(check["value"], "689212345678", "[{b}]");
        let ok = order_skill(
            &app,
            "/skill/orders/tracking-number",
            SELLER,
            id.clone(),
            json!({"tracking_number": "6892-1234-5678"}),
        )
        .await;
        assert!(ok.text().contains("689212345678"), "[{b}] {}", ok.0);
        // Sale confirmation waits for the buyer.
        let early = order_skill(
            &app,
            "/skill/orders/confirm-sale",
            SELLER,
            json!({"order_id": order.id.0, "confirm": true}),
            json!({}),
        )
        .await;
        assert!(
            early.text().contains("구매자가 구매확정한 뒤에"),
            "[{b}] {}",
            early.0
        );
        // Shipped: the buyer can no longer cancel.
        let late = order_skill(
            &app,
            "/skill/orders/cancel",
            BUYER,
            json!({"order_id": order.id.0, "confirm": true}),
            json!({}),
        )
        .await;
        assert!(
            late.text().contains("취소할 수 없습니다"),
            "[{b}] {}",
            late.0
        );

        // Buyer confirms: asked first, then done.
        let ask = order_skill(
            &app,
            "/skill/orders/confirm-purchase",
            BUYER,
            id.clone(),
            json!({}),
        )
        .await;
        assert!(
            ask.text().contains("구매를 확정하시겠어요?"),
            "[{b}] {}",
            ask.0
        );
        assert_eq!(
            purchases(&conn, BUYER).await[0].status,
            OrderStatus::Shipped
        );
        let yes = ask.quick_reply("구매확정");
        let done = order_skill(
            &app,
            "/skill/orders/confirm-purchase",
            BUYER,
            yes["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(done.text().contains("구매확정이 완료"), "[{b}] {}", done.0);

        // Seller confirms: asked first, then the trade is complete and the listing sold.
        let ask = order_skill(
            &app,
            "/skill/orders/confirm-sale",
            SELLER,
            id.clone(),
            json!({}),
        )
        .await;
        assert!(
            ask.text().contains("판매를 확정하시겠어요?"),
            "[{b}] {}",
            ask.0
        );
        let yes = ask.quick_reply("판매확정");
        let done = order_skill(
            &app,
            "/skill/orders/confirm-sale",
            SELLER,
            yes["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(done.text().contains("거래가 완료"), "[{b}] {}", done.0);
        let order = &purchases(&conn, BUYER).await[0];
        assert_eq!(order.status, OrderStatus::Completed, "[{b}]");
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::Sold,
            "[{b}]"
        );
        let sale = order_skill(&app, "/skill/orders/sale", SELLER, id.clone(), json!({})).await;
        assert!(sale.text().contains("거래완료"), "[{b}] {}", sale.0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn orders_a_second_pay_link_click_reopens_the_page_or_closes_a_stale_attempt() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let product = list(&conn, SELLER, "접이식 자전거").await;

        let first_page = start(&app, &pay_link(&app, BUYER, product).await).await;
        let first_approve = approve_link(&app, &first_page).await;
        // Tapped again at once: the same payment page, no second order or ready call.
        let again = start(&app, &pay_link(&app, BUYER, product).await).await;
        assert_eq!(again, first_page, "[{b}] the open page is reopened");
        assert_eq!(purchases(&conn, BUYER).await.len(), 1, "[{b}]");

        // The price changed: the open attempt is for the old amount, so a new tap closes it.
        products::Entity::update_many()
            .col_expr(
                products::Column::Price,
                sea_orm::sea_query::Expr::value(17_000),
            )
            .filter(products::Column::Id.eq(product))
            .exec(&conn)
            .await
            .unwrap();
        let second_page = start(&app, &pay_link(&app, BUYER, product).await).await;
        let orders = purchases(&conn, BUYER).await;
        assert_eq!(orders.len(), 2, "[{b}]");
        let (second, first) = (&orders[0], &orders[1]);
        assert_eq!(first.status, OrderStatus::Cancelled, "[{b}]");
        assert_eq!(first.payment.status, PaymentStatus::Failed, "[{b}]");
        assert_eq!(second.status, OrderStatus::AwaitingPayment, "[{b}]");

        // The first page, paid after all, captures nothing: its order is closed.
        let (status, html) = get_page(&first_approve).await;
        assert_eq!(status, 200, "[{b}] {html}");
        assert!(html.contains("취소된 주문입니다"), "[{b}] {html}");
        let (status, html) = get_page(&approve_link(&app, &second_page).await).await;
        assert_eq!(status, 200, "[{b}] {html}");
        assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
        let orders = purchases(&conn, BUYER).await;
        let statuses: Vec<_> = orders
            .iter()
            .map(|o| (o.status, o.payment.status))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (OrderStatus::Paid, PaymentStatus::Approved),
                (OrderStatus::Cancelled, PaymentStatus::Failed),
            ],
            "[{b}]"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn orders_buyer_cancels_before_shipping_and_is_refunded() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let product = list(&conn, SELLER, "닌텐도 스위치").await;
        let dev_page = start(&app, &pay_link(&app, BUYER, product).await).await;
        let approve = approve_link(&app, &dev_page).await;
        assert!(get_page(&approve).await.1.contains("결제가 완료되었습니다"));
        let order = purchases(&conn, BUYER).await.remove(0);

        let ask = order_skill(
            &app,
            "/skill/orders/cancel",
            BUYER,
            json!({"order_id": order.id.0}),
            json!({}),
        )
        .await;
        assert!(
            ask.text().contains("주문을 취소하시겠어요?"),
            "[{b}] {}",
            ask.0
        );
        let yes = ask.quick_reply("주문취소");
        let done = order_skill(
            &app,
            "/skill/orders/cancel",
            BUYER,
            yes["extra"].clone(),
            json!({}),
        )
        .await;
        assert!(done.text().contains("환불되었습니다"), "[{b}] {}", done.0);
        let order = purchases(&conn, BUYER).await.remove(0);
        assert_eq!(order.status, OrderStatus::Cancelled, "[{b}]");
        assert_eq!(order.payment.status, PaymentStatus::Cancelled, "[{b}]");
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        // The dev gateway recorded the refund.
        let (_, html) = get_page(&dev_page).await;
        assert!(html.contains("취소(환불)됨"), "[{b}] {html}");
        // Back on sale: payable again.
        assert!(web_link(&detail(&app, BUYER, product).await, "카카오페이 결제").is_some());

        // Leaving the payment page cancels the awaiting order and keeps the listing on sale.
        let dev_page = start(&app, &pay_link(&app, BUYER, product).await).await;
        let (_, html) = get_page(&dev_page).await;
        let cancel = hrefs(&html)
            .into_iter()
            .find(|h| h.ends_with("/cancel"))
            .unwrap();
        let (status, html) = get_page(&local(&app, &cancel)).await;
        assert_eq!(status, 200, "[{b}]");
        assert!(html.contains("결제가 취소되었습니다"), "[{b}] {html}");
        let latest = purchases(&conn, BUYER).await.remove(0);
        assert_eq!(latest.status, OrderStatus::Cancelled, "[{b}]");
        assert_eq!(latest.payment.status, PaymentStatus::Failed, "[{b}]");
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        app.cleanup().await;
    }
}

fn sign(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn orders_pay_links_refuse_forged_expired_and_borrowed_tokens() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let product = list(&conn, SELLER, "갤럭시 탭").await;
        let other = list(&conn, SELLER, "갤럭시 버즈").await;
        let buyer = member_id(&conn, BUYER).await;
        let seller = member_id(&conn, SELLER).await;
        let exp = chrono::Utc::now().timestamp() + 600;
        let claims = |sub: i64, pid: i64, exp: i64| json!({"sub": sub.to_string(), "pid": pid, "aud": "junggye-pay", "exp": exp});
        let url = |pid: i64, token: &str| format!("{}/pay/{pid}?token={token}", app.address);

        let cases = [
            (
                "forged",
                url(
                    product,
                    &sign(
                        &claims(buyer, product, exp),
                        "another-secret-0123456789abcdef",
                    ),
                ),
                403,
                "잘못된 결제 링크",
            ),
            (
                "expired",
                url(
                    product,
                    &sign(&claims(buyer, product, exp - 1200), LINK_SECRET),
                ),
                400,
                "만료",
            ),
            (
                "other listing",
                url(other, &sign(&claims(buyer, product, exp), LINK_SECRET)),
                403,
                "잘못된 결제 링크",
            ),
            (
                "garbage",
                url(product, "not-a-token"),
                403,
                "잘못된 결제 링크",
            ),
            (
                "missing",
                format!("{}/pay/{product}", app.address),
                403,
                "잘못된 결제 링크",
            ),
            (
                "own listing",
                url(product, &sign(&claims(seller, product, exp), LINK_SECRET)),
                403,
                "본인이 등록한",
            ),
        ];
        for (what, link, status, text) in cases {
            let (got, html) = get_page(&link).await;
            assert_eq!(got, status, "[{b}] {what}: {html}");
            assert!(html.contains(text), "[{b}] {what}: {html}");
            assert!(html.contains("<html lang=\"ko\">"), "[{b}] {what}");
        }
        // A borrowed link from the detail card works for its own listing only.
        let link = pay_link(&app, BUYER, product).await;
        let token = link.split("token=").nth(1).unwrap();
        let (got, _) = get_page(&url(other, token)).await;
        assert_eq!(got, 403, "[{b}]");
        assert!(
            purchases(&conn, BUYER).await.is_empty(),
            "[{b}] a refused link created an order"
        );
        // Unknown order numbers on the redirects.
        for path in ["approve?pg_token=x", "cancel", "fail"] {
            let (got, html) = get_page(&format!(
                "{}/pay/orders/AAAAAAAAAAAAAAAAAAAAAAAA/{path}",
                app.address
            ))
            .await;
            assert_eq!(got, 404, "[{b}] {path}: {html}");
            assert!(html.contains("찾을 수 없는 주문입니다"), "[{b}]");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn orders_twenty_buyers_race_and_exactly_one_pays() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        let product = list(&conn, SELLER, "플레이스테이션 5").await;
        let buyers: Vec<String> = (0..20).map(|i| format!("racer-{i}")).collect();
        let mut approvals = Vec::new();
        for (i, user) in buyers.iter().enumerate() {
            join(&app, user, &format!("구매자{i}")).await;
            let dev_page = start(&app, &pay_link(&app, user, product).await).await;
            approvals.push((dev_page.clone(), approve_link(&app, &dev_page).await));
        }
        let results =
            futures_util::future::join_all(approvals.iter().map(|(_, approve)| get_page(approve)))
                .await;
        let paid = results
            .iter()
            .filter(|(_, html)| html.contains("결제가 완료되었습니다"))
            .count();
        let lost = results
            .iter()
            .filter(|(_, html)| {
                html.contains("이미 판매된 상품입니다. 결제가 취소(환불)되었습니다.")
            })
            .count();
        assert_eq!((paid, lost), (1, 19), "[{b}] {results:?}");

        let mut statuses = Vec::new();
        for user in &buyers {
            let orders = purchases(&conn, user).await;
            assert_eq!(orders.len(), 1, "[{b}]");
            statuses.push((orders[0].status, orders[0].payment.status));
        }
        let paid_orders = statuses
            .iter()
            .filter(|s| **s == (OrderStatus::Paid, PaymentStatus::Approved))
            .count();
        let refunded = statuses
            .iter()
            .filter(|s| **s == (OrderStatus::Cancelled, PaymentStatus::Cancelled))
            .count();
        assert_eq!((paid_orders, refunded), (1, 19), "[{b}] {statuses:?}");
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::Pending,
            "[{b}]"
        );
        // The gateway itself holds one capture and nineteen refunds.
        let mut captured = 0;
        let mut cancelled = 0;
        for (dev_page, _) in &approvals {
            let (_, html) = get_page(dev_page).await;
            if html.contains("결제 상태: 승인됨") {
                captured += 1;
            }
            if html.contains("취소(환불)됨") {
                cancelled += 1;
            }
        }
        assert_eq!((captured, cancelled), (1, 19), "[{b}]");
        app.cleanup().await;
    }
}

/// Polls until the buyer's only order satisfies `done` (the jobs tick every second here).
async fn eventually(conn: &DatabaseConnection, user: &str, done: impl Fn(&Order) -> bool) -> Order {
    for _ in 0..100 {
        let order = purchases(conn, user).await.remove(0);
        if done(&order) {
            return order;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "order never reached the expected state: {:?}",
        purchases(conn, user).await
    );
}

pub(crate) async fn paid_order(
    app: &TestApp,
    conn: &DatabaseConnection,
    name: &str,
) -> (i64, Order) {
    join(app, SELLER, "판매자").await;
    join(app, BUYER, "구매자").await;
    let product = list(conn, SELLER, name).await;
    let dev_page = start(app, &pay_link(app, BUYER, product).await).await;
    let approve = approve_link(app, &dev_page).await;
    assert!(get_page(&approve).await.1.contains("결제가 완료되었습니다"));
    (product, purchases(conn, BUYER).await.remove(0))
}

#[tokio::test]
async fn orders_unshipped_paid_orders_are_cancelled_and_refunded_by_the_timer() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn_with(
            db,
            &[
                ("APP__PUBLIC_BASE_URL", PUBLIC),
                ("APP__ORDERS__AUTO_CANCEL_DAYS", "0"),
                ("APP__ORDERS__TIMER_INTERVAL_SECS", "1"),
            ],
        )
        .await;
        let b = app.backend.clone();
        let (product, _) = paid_order(&app, &conn, "에어팟 프로").await;
        let order = eventually(&conn, BUYER, |o| {
            o.status == OrderStatus::Cancelled && o.payment.status == PaymentStatus::Cancelled
        })
        .await;
        assert_eq!(
            order.cancel_reason,
            Some(junggye_orders::CancelReason::NotShipped),
            "[{b}]"
        );
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        // Both parties read why on their next visit.
        let id = json!({"order_id": order.id.0});
        for (route, user) in [
            ("/skill/orders/purchase", BUYER),
            ("/skill/orders/sale", SELLER),
        ] {
            let seen = order_skill(&app, route, user, id.clone(), json!({})).await;
            assert!(
                seen.text().contains("운송장번호가 등록되지 않아"),
                "[{b}] {}",
                seen.0
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn orders_shipped_orders_are_confirmed_for_the_buyer_by_the_timer() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn_with(
            db,
            &[
                ("APP__PUBLIC_BASE_URL", PUBLIC),
                ("APP__ORDERS__AUTO_CONFIRM_DAYS", "0"),
                ("APP__ORDERS__TIMER_INTERVAL_SECS", "1"),
            ],
        )
        .await;
        let b = app.backend.clone();
        let (_, order) = paid_order(&app, &conn, "맥북 에어").await;
        let shipped = order_skill(
            &app,
            "/skill/orders/tracking-number",
            SELLER,
            json!({"order_id": order.id.0}),
            json!({"tracking_number": "123456789012"}),
        )
        .await;
        assert!(
            shipped.text().contains("123456789012"),
            "[{b}] {}",
            shipped.0
        );
        eventually(&conn, BUYER, |o| o.status == OrderStatus::PurchaseConfirmed).await;
        // The seller can now complete the trade.
        let sale = order_skill(
            &app,
            "/skill/orders/sale",
            SELLER,
            json!({"order_id": order.id.0}),
            json!({}),
        )
        .await;
        assert!(
            sale.quick_replies().contains(&"판매확정".to_owned()),
            "[{b}] {}",
            sale.0
        );
        app.cleanup().await;
    }
}
