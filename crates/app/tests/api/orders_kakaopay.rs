//! The pay flow with `kakaopay.backend = "kakaopay"` against a local server answering like
//! Kakao Pay's current API, and pay links for listings that stopped being payable.

use junggye_mysql::testing::backends;
use junggye_orders::{OrderStatus, PaymentMethod, PaymentStatus};
use junggye_products::ProductStatus;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, payload};
use crate::orders::{
    BUYER, PUBLIC, SELLER, browser, get_page, join, list, listing_status, local, pay_link,
    purchases,
};

const MOBILE_URL: &str = "https://mockup-pg-web.kakao.com/v1/0123456789/mInfo";
const TID: &str = "T1234567890123456789";

async fn kakao_pay() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/ready"))
        .and(header("authorization", "SECRET_KEY DEV-TEST-SECRET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tid": TID,
            "tms_result": false,
            "created_at": "2026-11-24T19:00:00",
            "next_redirect_app_url": "https://mockup-pg-web.kakao.com/v1/0123456789/aInfo",
            "next_redirect_mobile_url": MOBILE_URL,
            "next_redirect_pc_url": "https://mockup-pg-web.kakao.com/v1/0123456789/info",
            "android_app_scheme": "kakaotalk://kakaopay/pg?url=x",
            "ios_app_scheme": "kakaotalk://kakaopay/pg?url=x"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/approve"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "aid": "A1234567890123456789",
            "tid": TID,
            "cid": "TC0ONETIME",
            "partner_order_id": "x",
            "partner_user_id": "x",
            "payment_method_type": "CARD",
            "item_name": "아이폰 15",
            "quantity": 1,
            "amount": {"total": 15000, "tax_free": 0, "vat": 1364, "point": 0, "discount": 0, "green_deposit": 0},
            "card_info": {
                "kakaopay_purchase_corp": "비씨카드", "kakaopay_purchase_corp_code": "104",
                "kakaopay_issuer_corp": "수협은행", "kakaopay_issuer_corp_code": "212",
                "bin": "123456", "card_type": "CREDIT", "install_month": "00",
                "approved_id": "12345678", "card_mid": "123456789",
                "interest_free_install": "N", "installment_type": "CARD_INSTALLMENT",
                "card_item_code": ""
            },
            "created_at": "2026-11-24T19:00:00",
            "approved_at": "2026-11-24T19:00:30"
        })))
        // Repeated approval redirects must not call approve again.
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn orders_kakaopay_backend_redirects_to_kakao_and_approves_once() {
    for db in backends().await {
        let conn = db.db.clone();
        let server = kakao_pay().await;
        let app = TestApp::spawn_with(
            db,
            &[
                ("APP__PUBLIC_BASE_URL", PUBLIC),
                ("APP__KAKAOPAY__BACKEND", "kakaopay"),
                ("APP__KAKAOPAY__API_BASE", &server.uri()),
                ("APP__KAKAOPAY__SECRET_KEY", "DEV-TEST-SECRET"),
                ("APP__KAKAOPAY__CID", "TC0ONETIME"),
            ],
        )
        .await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let product = list(&conn, SELLER, "아이폰 15").await;
        let link = pay_link(&app, BUYER, product).await;
        let res = browser().get(local(&app, &link)).send().await.unwrap();
        assert_eq!(res.status(), 302, "[{b}]");
        assert_eq!(res.headers()["location"], MOBILE_URL, "[{b}]");

        // What ready was told: the amount fixed now, our redirect URLs, no personal data.
        let requests = server.received_requests().await.unwrap();
        let ready: Value = serde_json::from_slice(&requests[0].body).unwrap();
        let order = purchases(&conn, BUYER).await.remove(0);
        let no = order.order_no.as_str().to_owned();
        assert_eq!(ready["cid"], "TC0ONETIME");
        assert_eq!(ready["partner_order_id"], no.as_str());
        assert_eq!(ready["total_amount"], 15000);
        assert_eq!(ready["item_name"], "아이폰 15");
        assert_eq!(
            ready["approval_url"],
            format!("{PUBLIC}/pay/orders/{no}/approve")
        );
        assert_eq!(
            ready["cancel_url"],
            format!("{PUBLIC}/pay/orders/{no}/cancel")
        );
        assert_eq!(ready["fail_url"], format!("{PUBLIC}/pay/orders/{no}/fail"));
        assert!(
            !ready.to_string().contains(BUYER),
            "[{b}] user key sent to Kakao Pay"
        );

        // Kakao Pay sends the browser back with a pg_token, maybe twice.
        let approve = format!("{}/pay/orders/{no}/approve?pg_token=abc123", app.address);
        for _ in 0..2 {
            let (status, html) = get_page(&approve).await;
            assert_eq!(status, 200, "[{b}] {html}");
            assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
        }
        let order = purchases(&conn, BUYER).await.remove(0);
        assert_eq!(order.status, OrderStatus::Paid, "[{b}]");
        assert_eq!(order.payment.status, PaymentStatus::Approved, "[{b}]");
        assert_eq!(order.payment.method, Some(PaymentMethod::Card), "[{b}]");
        assert_eq!(
            listing_status(&conn, product).await,
            ProductStatus::Pending,
            "[{b}]"
        );
        app.cleanup().await;
        // Dropping the server checks ready and approve were each called exactly once.
        drop(server);
    }
}

#[tokio::test]
async fn orders_pay_links_of_listings_no_longer_on_sale_are_refused() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn_with(db, &[("APP__PUBLIC_BASE_URL", PUBLIC)]).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let product = list(&conn, SELLER, "캠핑 의자").await;
        let link = local(&app, &pay_link(&app, BUYER, product).await);
        for (to, status, text) in [
            ("reserved", 409, "판매중인 상품이 아닙니다"),
            ("hidden", 404, "찾을 수 없는 상품입니다"),
        ] {
            let changed = app
                .skill(
                    "/skill/products/status",
                    &payload(
                        SELLER,
                        json!({}),
                        json!({"product_id": product, "status": to}),
                    ),
                )
                .await;
            assert!(
                changed.text().contains("변경했습니다"),
                "[{b}] {}",
                changed.0
            );
            let (got, html) = get_page(&link).await;
            assert_eq!(got, status, "[{b}] {to}: {html}");
            assert!(html.contains(text), "[{b}] {to}: {html}");
            let back = app
                .skill(
                    "/skill/products/status",
                    &payload(
                        SELLER,
                        json!({}),
                        json!({"product_id": product, "status": "on_sale"}),
                    ),
                )
                .await;
            assert!(back.text().contains("변경했습니다"), "[{b}] {}", back.0);
        }
        assert!(purchases(&conn, BUYER).await.is_empty(), "[{b}]");
        app.cleanup().await;
    }
}
