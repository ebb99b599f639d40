//! The pay flow with `kakaopay.backend = "kakaopay"` against a local server answering like
//! Kakao Pay's current API, and pay links for listings that stopped being payable.

use std::sync::Arc;
use std::time::Duration;

use junggye_domain_common::SystemClock;
use junggye_kakaopay::{KakaoPayConfig, KakaoPayGateway};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaListingGateway, SeaOrderRepository};
use junggye_orders::{
    ApproveOutcome, OrderConfig, OrderService, OrderStatus, PaymentMethod, PaymentStatus,
    RandomOrderNumbers, ReconcileReport,
};
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
        let key = order.payment.redirect_key.clone().unwrap();
        assert_eq!(key.len(), 32, "[{b}] a 128-bit hex key");
        assert_eq!(ready["cid"], "TC0ONETIME");
        assert_eq!(ready["partner_order_id"], no.as_str());
        assert_eq!(ready["total_amount"], 15000);
        assert_eq!(ready["item_name"], "아이폰 15");
        for step in ["approve", "cancel", "fail"] {
            assert_eq!(
                ready[format!("{step}_url").replace("approve_url", "approval_url")],
                format!("{PUBLIC}/pay/orders/{no}/{key}/{step}"),
                "[{b}]"
            );
        }
        assert!(
            !ready.to_string().contains(BUYER),
            "[{b}] user key sent to Kakao Pay"
        );

        // Whoever knows only the order number (both parties see it) cannot end the payment:
        // without the key, or with a wrong one, the redirects do not know the order.
        let mut forged = vec![
            format!("{}/pay/orders/{no}/cancel", app.address),
            format!("{}/pay/orders/{no}/fail", app.address),
            format!("{}/pay/orders/{no}/approve?pg_token=abc123", app.address),
        ];
        // The right key with its last character changed.
        let last = if key.ends_with('0') { '1' } else { '0' };
        let wrong = format!("{}{last}", &key[..31]);
        for step in ["cancel", "fail", "approve?pg_token=abc123"] {
            forged.push(format!("{}/pay/orders/{no}/{wrong}/{step}", app.address));
        }
        for url in &forged {
            let (status, html) = get_page(url).await;
            assert_eq!(status, 404, "[{b}] {url}: {html}");
        }
        let order = purchases(&conn, BUYER).await.remove(0);
        assert_eq!(
            order.status,
            OrderStatus::AwaitingPayment,
            "[{b}] untouched"
        );
        assert_eq!(
            order.payment.status,
            PaymentStatus::Ready,
            "[{b}] untouched"
        );

        // Kakao Pay sends the browser back with a pg_token, maybe twice.
        let approve = format!(
            "{}/pay/orders/{no}/{key}/approve?pg_token=abc123",
            app.address
        );
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

/// Kakao Pay whose approve never answers in time and whose first order lookup stalls too (so
/// the approve's outcome stays unknown); later lookups say `lookup_status`.
async fn stalling_kakao_pay(lookup_status: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/ready"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tid": TID, "tms_result": false, "created_at": "2026-11-24T19:00:00",
            "next_redirect_mobile_url": MOBILE_URL,
            "next_redirect_pc_url": "https://mockup-pg-web.kakao.com/v1/0123456789/info"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/approve"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/order"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let paid = lookup_status == "SUCCESS_PAYMENT";
    let mut found = json!({
        "tid": TID, "cid": "TC0ONETIME", "status": lookup_status,
        "partner_order_id": "x", "partner_user_id": "x", "item_name": "아이폰 15",
        "quantity": 1, "created_at": "2026-11-24T19:00:00",
        "payment_method_type": if paid { "CARD" } else { "" }
    });
    if paid {
        found["amount"] = json!({"total": 15000, "tax_free": 0, "vat": 1364, "point": 0, "discount": 0, "green_deposit": 0});
        found["approved_at"] = json!("2026-11-24T19:00:30");
    }
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(found))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// Calls the fake gateway received, by operation.
async fn calls_to(server: &MockServer, op: &str) -> usize {
    let path = format!("/online/v1/payment/{op}");
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == path)
        .count()
}

#[tokio::test]
async fn orders_kakaopay_approve_timeout_is_reconciled_and_never_charged_twice() {
    for (lookup, paid) in [("SUCCESS_PAYMENT", true), ("FAIL_PAYMENT", false)] {
        for db in backends().await {
            let conn = db.db.clone();
            let server = stalling_kakao_pay(lookup).await;
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
            let b = format!("{} {lookup}", app.backend);
            join(&app, SELLER, "판매자").await;
            join(&app, BUYER, "구매자").await;
            let product = list(&conn, SELLER, "아이폰 15").await;
            let link = pay_link(&app, BUYER, product).await;
            let res = browser().get(local(&app, &link)).send().await.unwrap();
            assert_eq!(res.status(), 302, "[{b}]");
            let order = purchases(&conn, BUYER).await.remove(0);
            let (no, key) = (order.order_no, order.payment.redirect_key);

            // The same order service the app runs, with a client timeout shorter than the
            // gateway's stall and payments stale at once (production: 15 s and 15 minutes).
            let mut config = OrderConfig::new(PUBLIC);
            config.stale_payment_after = chrono::Duration::zero();
            let gateway = KakaoPayGateway::new(KakaoPayConfig {
                api_base: server.uri(),
                secret_key: "DEV-TEST-SECRET".into(),
                cid: "TC0ONETIME".into(),
                timeout: Duration::from_millis(500),
            })
            .unwrap();
            let service = OrderService::new(
                Arc::new(SeaOrderRepository::new(conn.clone())),
                Arc::new(SeaListingGateway::new(conn.clone())),
                Arc::new(gateway),
                Arc::new(SystemClock),
                Arc::new(RandomOrderNumbers),
                config,
            );

            // The first redirect's approve times out, and so does the lookup after it; a
            // second redirect meanwhile (Kakao Pay's page retried) must not approve again.
            let approve_url = format!(
                "{}/pay/orders/{no}/{}/approve?pg_token=abc123",
                app.address,
                key.as_deref().unwrap()
            );
            let (first, (again, html)) =
                tokio::join!(service.approve(&no, key.as_deref(), "abc123"), async {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    get_page(&approve_url).await
                });
            assert!(
                matches!(first, Ok(ApproveOutcome::Pending)),
                "[{b}] {first:?}"
            );
            assert_eq!(again, 202, "[{b}] {html}");
            assert!(html.contains("결제를 확인하고 있습니다"), "[{b}] {html}");
            let order = purchases(&conn, BUYER).await.remove(0);
            assert_eq!(order.status, OrderStatus::AwaitingPayment, "[{b}]");
            assert_eq!(order.payment.status, PaymentStatus::Approving, "[{b}]");
            assert_eq!(calls_to(&server, "approve").await, 1, "[{b}]");

            // Reconciliation settles it by order lookup.
            let report = service.reconcile_payments().await.unwrap();
            let want = if paid {
                ReconcileReport {
                    settled_paid: 1,
                    ..ReconcileReport::default()
                }
            } else {
                ReconcileReport {
                    failed: 1,
                    ..ReconcileReport::default()
                }
            };
            assert_eq!(report, want, "[{b}]");
            let order = purchases(&conn, BUYER).await.remove(0);
            if paid {
                assert_eq!(order.status, OrderStatus::Paid, "[{b}]");
                assert_eq!(order.payment.status, PaymentStatus::Approved, "[{b}]");
                assert_eq!(order.payment.method, Some(PaymentMethod::Card), "[{b}]");
                assert_eq!(
                    listing_status(&conn, product).await,
                    ProductStatus::Pending,
                    "[{b}]"
                );
            } else {
                assert_eq!(order.status, OrderStatus::Cancelled, "[{b}]");
                assert_eq!(order.payment.status, PaymentStatus::Failed, "[{b}]");
                assert_eq!(
                    listing_status(&conn, product).await,
                    ProductStatus::OnSale,
                    "[{b}]"
                );
            }

            // Settled for good: another run finds nothing, a late redirect shows the outcome
            // without calling approve, and no refund was ever asked for (nothing was captured
            // twice; a failed payment was never captured).
            let again = service.reconcile_payments().await.unwrap();
            assert_eq!(again, ReconcileReport::default(), "[{b}]");
            let (status, html) = get_page(&approve_url).await;
            if paid {
                assert_eq!(status, 200, "[{b}] {html}");
                assert!(html.contains("결제가 완료되었습니다"), "[{b}] {html}");
            } else {
                assert!(!html.contains("결제가 완료되었습니다"), "[{b}] {html}");
            }
            assert_eq!(calls_to(&server, "ready").await, 1, "[{b}]");
            assert_eq!(calls_to(&server, "approve").await, 1, "[{b}]");
            assert_eq!(calls_to(&server, "cancel").await, 0, "[{b}]");
            assert_eq!(calls_to(&server, "order").await, 2, "[{b}]");
            app.cleanup().await;
        }
    }
}
