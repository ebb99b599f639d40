//! Price offers over HTTP on both backends: make → accept → others see 예약중 without a pay
//! button → the buyer pays the agreed price through the dev gateway; reject puts the listing
//! back; another member's pay link is refused while it is reserved; hostile inputs change
//! nothing; the admin view lists the listing's offers.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye::admin;
use junggye_domain_common::Page;
use junggye_mysql::SeaOfferRepository;
use junggye_mysql::testing::backends;
use junggye_orders::{MemberId, Offer, OfferRepository as _, OfferRole, OfferState};
use junggye_products::ProductStatus;
use reqwest::StatusCode;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_within_kakao_limits, payload};
use crate::orders::{
    PUBLIC, approve_link, browser, detail, get_page, join, list, listing_status, local, member_id,
    pay_link, purchases, start, web_link,
};

const SELLER: &str = "offer-seller";
const BUYER: &str = "offer-buyer";
const OTHER: &str = "offer-other";
const JWT_SECRET: &str = "offers-admin-secret-0123456789abcdef-xyz";
const PASSWORD: &str = "correct horse battery staple";

async fn spawn(db: junggye_mysql::testing::TestDb) -> TestApp {
    TestApp::spawn_with(
        db,
        &[
            ("APP__PUBLIC_BASE_URL", PUBLIC),
            (
                "APP__KAKAOPAY__LINK_SECRET",
                "offers-test-link-secret-0123456789",
            ),
            ("APP__ADMIN__JWT_SECRET", JWT_SECRET),
            ("APP__KAKAO__RATE_LIMIT_PER_MIN", "100000"),
        ],
    )
    .await
}

async fn skill(app: &TestApp, route: &str, user: &str, extra: Value, params: Value) -> Reply {
    let reply = app.skill(route, &payload(user, params, extra)).await;
    assert_within_kakao_limits(&reply.0);
    reply
}

async fn make(app: &TestApp, user: &str, product: i64, price: &str) -> Reply {
    skill(
        app,
        "/skill/offers/make",
        user,
        json!({"product_id": product}),
        json!({"price": price}),
    )
    .await
}

async fn respond(app: &TestApp, user: &str, offer: i64, decision: &str) -> Reply {
    skill(
        app,
        "/skill/offers/respond",
        user,
        json!({"offer_id": offer, "decision": decision}),
        json!({}),
    )
    .await
}

async fn received(db: &DatabaseConnection, user: &str) -> Vec<Offer> {
    SeaOfferRepository::new(db.clone())
        .list(
            MemberId(member_id(db, user).await),
            OfferRole::Received,
            Page::new(0, 100),
        )
        .await
        .unwrap()
        .items
}

/// Whether any button or quick reply of the reply has this label.
fn has_button(reply: &Reply, label: &str) -> bool {
    reply
        .0
        .to_string()
        .contains(&format!("\"label\":\"{label}\""))
}

#[tokio::test]
async fn make_accept_reserve_and_pay_the_agreed_price_on_every_backend() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        join(&app, OTHER, "다른이").await;
        let product = list(&conn, SELLER, "닌텐도 스위치").await;

        // Eligible buyers get a 가격 제안 button; the owner does not.
        assert!(
            has_button(&detail(&app, BUYER, product).await, "가격 제안"),
            "[{b}]"
        );
        assert!(
            !has_button(&detail(&app, SELLER, product).await, "가격 제안"),
            "[{b}]"
        );

        // Hostile inputs: a Korean refusal and nothing stored.
        for (user, price, expected) in [
            (SELLER, "10000", "본인이 등록한 상품"),
            (BUYER, "7,499", "7,500원 이상 14,999원 이하"),
            (BUYER, "15000", "7,500원 이상 14,999원 이하"),
            (BUYER, "2만", "7,500원 이상 14,999원 이하"),
            (BUYER, "abc", "가격"),
        ] {
            let reply = make(&app, user, product, price).await;
            assert!(
                reply.text().contains(expected),
                "[{b}] {price}: {}",
                reply.0
            );
        }
        let missing = skill(
            &app,
            "/skill/offers/make",
            BUYER,
            json!({}),
            json!({"price": "9000"}),
        )
        .await;
        assert!(
            missing.text().contains("찾을 수 없는 상품"),
            "[{b}] {}",
            missing.0
        );
        assert!(received(&conn, SELLER).await.is_empty(), "[{b}]");

        let made = make(&app, BUYER, product, "12,000원").await;
        assert!(
            made.text().contains("12,000원을 제안했습니다"),
            "[{b}] {}",
            made.0
        );
        let again = make(&app, BUYER, product, "13000").await;
        assert!(
            again.text().contains("대기중인 제안이 이미"),
            "[{b}] {}",
            again.0
        );
        make(&app, OTHER, product, "10000").await;
        // Fetched while the listing is on sale; used after it is reserved for someone else.
        let others_link = pay_link(&app, OTHER, product).await;

        let offers = received(&conn, SELLER).await;
        assert_eq!(offers.len(), 2, "[{b}]");
        let (others_offer, buyers_offer) = (offers[0].id.0, offers[1].id.0);
        let inbox = skill(
            &app,
            "/skill/offers",
            SELLER,
            json!({"role": "received"}),
            json!({}),
        )
        .await;
        assert!(
            inbox.text().contains("[대기중] 닌텐도 스위치"),
            "[{b}] {}",
            inbox.0
        );
        assert!(
            has_button(&inbox, "수락") && has_button(&inbox, "거절"),
            "[{b}]"
        );
        let sent = skill(
            &app,
            "/skill/offers",
            BUYER,
            json!({"role": "sent"}),
            json!({}),
        )
        .await;
        assert!(sent.text().contains("12,000원"), "[{b}] {}", sent.0);
        assert!(
            !has_button(&sent, "수락"),
            "[{b}] buyers cannot answer their own"
        );
        // The seller's offer_received notification links to the received offers.
        let notes = skill(&app, "/skill/notifications", SELLER, json!({}), json!({})).await;
        assert!(
            notes.0.to_string().contains("\"role\":\"received\""),
            "[{b}] {}",
            notes.0
        );

        // Only the seller may answer, and only with a known decision.
        for (user, offer, decision) in [
            (BUYER, buyers_offer, "accept"),
            (OTHER, buyers_offer, "accept"),
            (BUYER, others_offer, "reject"),
            (SELLER, buyers_offer, "maybe"),
            (SELLER, 999_999, "accept"),
        ] {
            let no = respond(&app, user, offer, decision).await;
            assert!(no.text().contains("찾을 수 없는 제안"), "[{b}] {}", no.0);
        }
        assert_eq!(listing_status(&conn, product).await, ProductStatus::OnSale);

        let rejected = respond(&app, SELLER, others_offer, "reject").await;
        assert!(
            rejected.text().contains("거절했습니다"),
            "[{b}] {}",
            rejected.0
        );
        let accepted = respond(&app, SELLER, buyers_offer, "accept").await;
        assert!(
            accepted.text().contains("수락했습니다"),
            "[{b}] {}",
            accepted.0
        );
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::Reserved
        );
        let twice = respond(&app, SELLER, others_offer, "accept").await;
        assert!(twice.text().contains("거절됨"), "[{b}] {}", twice.0);

        // Everyone else sees 예약중, with neither a pay nor an offer button.
        let seen = detail(&app, OTHER, product).await;
        assert!(seen.text().contains("[예약중]"), "[{b}] {}", seen.0);
        assert_eq!(web_link(&seen, "카카오페이 결제"), None, "[{b}]");
        assert!(!has_button(&seen, "가격 제안"), "[{b}]");
        // Their earlier pay link no longer starts a payment.
        let res = browser()
            .get(local(&app, &others_link))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT, "[{b}]");

        // The buyer sees the agreed price and pays it.
        let mine = detail(&app, BUYER, product).await;
        assert!(
            mine.text().contains("제안가격: 12,000원"),
            "[{b}] {}",
            mine.0
        );
        let link = pay_link(&app, BUYER, product).await;
        let dev_page = start(&app, &link).await;
        let (status, html) = get_page(&approve_link(&app, &dev_page).await).await;
        assert_eq!(status, 200, "[{b}] {html}");
        assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
        let orders = purchases(&conn, BUYER).await;
        assert_eq!(orders.len(), 1, "[{b}]");
        assert_eq!(orders[0].amount.0, 12_000, "[{b}] the offer's price");
        assert_eq!(listing_status(&conn, product).await, ProductStatus::Pending);
        assert!(
            purchases(&conn, OTHER)
                .await
                .iter()
                .all(|o| o.paid_at.is_none())
        );
        let states: Vec<_> = received(&conn, SELLER)
            .await
            .iter()
            .map(|o| o.state)
            .collect();
        assert_eq!(states, [OfferState::Rejected, OfferState::Paid], "[{b}]");

        // The admin view lists the listing's offers.
        admin::create(&conn, "offer-ops", PASSWORD).await.unwrap();
        let token = app
            .client
            .post(format!("{}/admin/login", app.address))
            .json(&json!({"username": "offer-ops", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let listed: Value = app
            .client
            .get(format!("{}/admin/products/{product}/offers", app.address))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let codes: Vec<_> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["price"].as_i64().unwrap(),
                    o["state"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            [(10_000, "rejected".to_owned()), (12_000, "paid".to_owned())],
            "[{b}]"
        );
        let unknown = app
            .client
            .get(format!("{}/admin/products/999999/offers", app.address))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND, "[{b}]");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn rejecting_an_accepted_offer_puts_the_listing_back_on_sale() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        join(&app, OTHER, "다른이").await;
        let product = list(&conn, SELLER, "아이패드 미니").await;
        make(&app, BUYER, product, "10000").await;
        let offer = received(&conn, SELLER).await[0].id.0;
        respond(&app, SELLER, offer, "accept").await;
        assert_eq!(
            web_link(&detail(&app, OTHER, product).await, "카카오페이 결제"),
            None
        );
        let inbox = skill(&app, "/skill/offers", SELLER, json!({}), json!({})).await;
        assert!(inbox.text().contains("[수락됨]"), "[{b}] {}", inbox.0);

        let back = respond(&app, SELLER, offer, "reject").await;
        assert!(back.text().contains("거절했습니다"), "[{b}] {}", back.0);
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::OnSale,
            "[{b}]"
        );
        // On sale again: anyone may pay the list price, and the buyer no longer has a deal.
        assert!(web_link(&detail(&app, OTHER, product).await, "카카오페이 결제").is_some());
        let mine = detail(&app, BUYER, product).await;
        assert!(!mine.text().contains("제안가격"), "[{b}] {}", mine.0);
        app.cleanup().await;
    }
}
