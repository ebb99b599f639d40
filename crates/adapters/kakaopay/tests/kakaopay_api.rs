//! The adapter against a local server answering like Kakao Pay's documented API.
#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::time::Duration;

use chrono::{TimeZone as _, Utc};
use junggye_kakaopay::{KakaoPayConfig, KakaoPayGateway};
use junggye_orders::{
    ApproveRequest, CancelRequest, GatewayError, GatewayPaymentState, OrderNo, PaymentGateway,
    PaymentMethod, ReadyRequest, Tid, Won,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TID: &str = "T1234567890123456789";

fn gateway(server: &MockServer, timeout: Duration) -> KakaoPayGateway {
    KakaoPayGateway::new(KakaoPayConfig {
        api_base: format!("{}/", server.uri()),
        secret_key: "DEVSECRET".into(),
        cid: "TC0ONETIME".into(),
        timeout,
    })
    .unwrap()
}

fn order_no() -> OrderNo {
    OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap()
}

fn approve_request() -> ApproveRequest {
    ApproveRequest {
        tid: Tid(TID.into()),
        order_no: order_no(),
        partner_user_id: "member-7".into(),
        pg_token: "pgtoken123".into(),
        amount: Won(22_000),
    }
}

fn error_body(code: i32, message: &str, method_result: Option<&str>) -> serde_json::Value {
    let mut body = json!({"error_code": code, "error_message": message});
    if let Some(m) = method_result {
        body["extras"] = json!({"method_result_code": m, "method_result_message": "..."});
    }
    body
}

#[tokio::test]
async fn ready_sends_json_with_secret_key_and_integer_amounts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/ready"))
        .and(header("authorization", "SECRET_KEY DEVSECRET"))
        .and(body_json(json!({
            "cid": "TC0ONETIME",
            "partner_order_id": "ABCDEFGHIJKLMNOPQRSTUVWX",
            "partner_user_id": "member-7",
            "item_name": "아이패드 미니",
            "quantity": 1,
            "total_amount": 22000,
            "tax_free_amount": 0,
            "approval_url": "https://shop.example/pay/orders/ABCDEFGHIJKLMNOPQRSTUVWX/approve",
            "cancel_url": "https://shop.example/pay/orders/ABCDEFGHIJKLMNOPQRSTUVWX/cancel",
            "fail_url": "https://shop.example/pay/orders/ABCDEFGHIJKLMNOPQRSTUVWX/fail"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tid": TID,
            "next_redirect_app_url": "https://online-pay.kakao.com/mockup/v1/abc/aInfo",
            "next_redirect_mobile_url": "https://online-pay.kakao.com/mockup/v1/abc/mInfo",
            "next_redirect_pc_url": "https://online-pay.kakao.com/mockup/v1/abc/info",
            "android_app_scheme": "kakaotalk://kakaopay/pg?url=x",
            "ios_app_scheme": "kakaotalk://kakaopay/pg?url=x",
            "created_at": "2026-11-24T18:30:15",
            "tms_result": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    let base = "https://shop.example/pay/orders/ABCDEFGHIJKLMNOPQRSTUVWX";
    let session = gateway(&server, Duration::from_secs(15))
        .ready(&ReadyRequest {
            order_no: order_no(),
            partner_user_id: "member-7".into(),
            item_name: "아이패드 미니".into(),
            amount: Won(22_000),
            approval_url: format!("{base}/approve"),
            cancel_url: format!("{base}/cancel"),
            fail_url: format!("{base}/fail"),
        })
        .await
        .unwrap();
    assert_eq!(session.tid, Tid(TID.into()));
    assert_eq!(
        session.mobile_url,
        "https://online-pay.kakao.com/mockup/v1/abc/mInfo"
    );
}

#[tokio::test]
async fn approve_parses_amount_card_info_and_kst_time() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/approve"))
        .and(body_json(json!({
            "cid": "TC0ONETIME",
            "tid": TID,
            "partner_order_id": "ABCDEFGHIJKLMNOPQRSTUVWX",
            "partner_user_id": "member-7",
            "pg_token": "pgtoken123",
            "total_amount": 22000
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "aid": "A5678901234567890123",
            "tid": TID,
            "cid": "TC0ONETIME",
            "partner_order_id": "ABCDEFGHIJKLMNOPQRSTUVWX",
            "partner_user_id": "member-7",
            "payment_method_type": "CARD",
            "item_name": "아이패드 미니",
            "quantity": 1,
            "amount": {"total": 22000, "tax_free": 0, "vat": 2000, "point": 0, "discount": 0, "green_deposit": 0},
            "card_info": {
                "kakaopay_purchase_corp": "비씨카드", "kakaopay_purchase_corp_code": "104",
                "kakaopay_issuer_corp": "수협은행", "kakaopay_issuer_corp_code": "212",
                "bin": "123456", "card_type": "CREDIT", "install_month": "00",
                "approved_id": "12345678", "card_mid": "123456789",
                "interest_free_install": "N", "installment_type": "CARD_INSTALLMENT",
                "card_item_code": "123456"
            },
            "created_at": "2026-11-24T18:30:15",
            "approved_at": "2026-11-24T18:31:02"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let approval = gateway(&server, Duration::from_secs(15))
        .approve(&approve_request())
        .await
        .unwrap();
    assert_eq!(approval.aid.as_deref(), Some("A5678901234567890123"));
    assert_eq!(approval.method, PaymentMethod::Card);
    assert_eq!(approval.amount.total, 22_000);
    assert_eq!(approval.amount.vat, 2_000);
    let card = approval.card.unwrap();
    assert_eq!(card.issuer_corp.as_deref(), Some("수협은행"));
    assert_eq!(card.purchase_corp_code.as_deref(), Some("104"));
    assert_eq!(card.install_month.as_deref(), Some("00"));
    assert_eq!(card.installment_type.as_deref(), Some("CARD_INSTALLMENT"));
    // 18:31:02 in Seoul is 09:31:02 UTC.
    assert_eq!(
        approval.approved_at,
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 31, 2).unwrap()
    );
}

#[tokio::test]
async fn approve_errors_map_to_domain_errors() {
    for (http, body, check) in [
        (
            400,
            error_body(-780, "approval failure!", Some("USER_LOCKED")),
            (|e: &GatewayError| matches!(e, GatewayError::Declined { code: -780, method_result: Some(m) } if m == "USER_LOCKED"))
                as fn(&GatewayError) -> bool,
        ),
        (
            400,
            error_body(-702, "payment is already done!", None),
            |e| matches!(e, GatewayError::AlreadyApproved),
        ),
        (400, error_body(-785, "duplicated request", None), |e| {
            matches!(e, GatewayError::Duplicate)
        }),
        (401, error_body(-401, "invalid secret key", None), |e| {
            matches!(e, GatewayError::Rejected { code: -401 })
        }),
        (503, error_body(-503, "maintenance", None), |e| {
            matches!(e, GatewayError::Unavailable { code: Some(-503) })
        }),
        (502, json!("<html>bad gateway</html>"), |e| {
            matches!(e, GatewayError::Unavailable { code: None })
        }),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/online/v1/payment/approve"))
            .respond_with(ResponseTemplate::new(http).set_body_json(body.clone()))
            .mount(&server)
            .await;
        let err = gateway(&server, Duration::from_secs(15))
            .approve(&approve_request())
            .await
            .unwrap_err();
        assert!(check(&err), "{body}: got {err:?}");
        // The user-facing text never carries Kakao's message.
        assert!(!err.to_string().contains("approval failure!"));
    }
}

#[tokio::test]
async fn cancel_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/cancel"))
        .and(body_json(json!({
            "cid": "TC0ONETIME", "tid": TID, "cancel_amount": 22000, "cancel_tax_free_amount": 0
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "aid": "A0000000000000000002", "tid": TID, "cid": "TC0ONETIME",
            "status": "CANCEL_PAYMENT",
            "partner_order_id": "ABCDEFGHIJKLMNOPQRSTUVWX", "partner_user_id": "member-7",
            "payment_method_type": "MONEY",
            "amount": {"total": 22000, "tax_free": 0, "vat": 2000, "point": 0, "discount": 0, "green_deposit": 0},
            "approved_cancel_amount": {"total": 22000, "tax_free": 0, "vat": 2000, "point": 0, "discount": 0, "green_deposit": 0},
            "canceled_amount": {"total": 22000, "tax_free": 0, "vat": 2000, "point": 0, "discount": 0, "green_deposit": 0},
            "cancel_available_amount": {"total": 0, "tax_free": 0, "vat": 0, "point": 0, "discount": 0, "green_deposit": 0},
            "item_name": "아이패드 미니", "quantity": 1,
            "created_at": "2026-11-24T18:30:15", "approved_at": "2026-11-24T18:31:02",
            "canceled_at": "2026-11-24T19:00:00"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let done = gateway(&server, Duration::from_secs(15))
        .cancel(&CancelRequest {
            tid: Tid(TID.into()),
            amount: Won(22_000),
            tax_free_amount: Won(0),
        })
        .await
        .unwrap();
    assert_eq!(done.cancelled_amount, Won(22_000));
    assert_eq!(done.cancel_available_amount, Won(0));
    assert_eq!(
        done.cancelled_at,
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
    );
}

#[tokio::test]
async fn order_lookup_statuses() {
    for (status, want) in [
        ("READY", GatewayPaymentState::InProgress),
        ("AUTH_PASSWORD", GatewayPaymentState::InProgress),
        ("SUCCESS_PAYMENT", GatewayPaymentState::Paid),
        ("CANCEL_PAYMENT", GatewayPaymentState::Cancelled),
        ("PART_CANCEL_PAYMENT", GatewayPaymentState::PartlyCancelled),
        ("QUIT_PAYMENT", GatewayPaymentState::Failed),
        ("FAIL_PAYMENT", GatewayPaymentState::Failed),
        ("FAIL_AUTH_PASSWORD", GatewayPaymentState::Failed),
        (
            "SOMETHING_NEW",
            GatewayPaymentState::Unknown("SOMETHING_NEW".into()),
        ),
    ] {
        let server = MockServer::start().await;
        let paid = status == "SUCCESS_PAYMENT";
        let mut body = json!({
            "tid": TID, "cid": "TC0ONETIME", "status": status,
            "partner_order_id": "ABCDEFGHIJKLMNOPQRSTUVWX", "partner_user_id": "member-7",
            "item_name": "아이패드 미니", "quantity": 1, "created_at": "2026-11-24T18:30:15",
            "payment_method_type": if paid { "CARD" } else { "" }
        });
        if paid {
            body["amount"] = json!({"total": 22000, "tax_free": 0, "vat": 2000, "point": 0, "discount": 0, "green_deposit": 0});
            body["approved_at"] = json!("2026-11-24T18:31:02");
        }
        Mock::given(method("POST"))
            .and(path("/online/v1/payment/order"))
            .and(body_json(json!({"cid": "TC0ONETIME", "tid": TID})))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
        let found = gateway(&server, Duration::from_secs(15))
            .order(&Tid(TID.into()))
            .await
            .unwrap();
        assert_eq!(found.state, want, "{status}");
        if paid {
            assert_eq!(found.amount.unwrap().total, 22_000);
            assert_eq!(found.method, Some(PaymentMethod::Card));
            assert!(found.approved_at.is_some());
        } else {
            assert_eq!(found.method, None);
        }
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/online/v1/payment/approve"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let err = gateway(&server, Duration::from_millis(300))
        .approve(&approve_request())
        .await
        .unwrap_err();
    assert!(matches!(err, GatewayError::Timeout), "{err:?}");
}

#[tokio::test]
async fn a_dead_server_is_unavailable() {
    // Nothing listens on port 1.
    let gw = KakaoPayGateway::new(KakaoPayConfig {
        api_base: "http://127.0.0.1:1".into(),
        secret_key: "DEVSECRET".into(),
        cid: "TC0ONETIME".into(),
        timeout: Duration::from_secs(2),
    })
    .unwrap();
    let err = gw.order(&Tid(TID.into())).await.unwrap_err();
    assert!(
        matches!(err, GatewayError::Unavailable { code: None }),
        "{err:?}"
    );
}
