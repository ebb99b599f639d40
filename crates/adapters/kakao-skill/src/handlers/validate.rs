//! Open Builder parameter-validation skills: `{status, value, message}` replies that keep a
//! slot asking until the value is acceptable, and normalise it (`010-1234-5678` → digits).

use actix_web::{HttpResponse, web};
use junggye_kakao_protocol::{ValidationRequest, ValidationResponse};
use junggye_members::{Nickname, PhoneNumber};

use crate::dispatch::run_validation;
use crate::guard::Guarded;
use crate::state::SkillState;

type Validator = fn(&ValidationRequest) -> ValidationResponse;

const VALIDATORS: &[(&str, Validator)] = &[
    ("phone", phone),
    ("nickname", nickname),
    ("product-name", product_name),
    ("price", price),
    ("description", description),
    ("location", location),
    ("open-chat-url", open_chat_url),
    ("tracking-number", tracking_number),
];

pub(crate) async fn validate(
    field: web::Path<String>,
    call: Guarded<ValidationRequest>,
    state: web::Data<SkillState>,
) -> HttpResponse {
    match VALIDATORS.iter().find(|(name, _)| *name == field.as_str()) {
        Some(&(name, validator)) => run_validation(name, validator, &call, &state).await,
        None => HttpResponse::NotFound().json(serde_json::json!({
            "error": "unknown_field",
            "message": format!("no validation skill for '{}'", field.as_str()),
        })),
    }
}

fn with_value(
    request: &ValidationRequest,
    empty_message: &str,
    check: impl FnOnce(&str) -> Result<String, String>,
) -> ValidationResponse {
    match request.raw_value() {
        None => ValidationResponse::fail(empty_message),
        Some(raw) => match check(raw) {
            Ok(value) => ValidationResponse::success(value),
            Err(message) => ValidationResponse::fail(message),
        },
    }
}

fn phone(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "휴대폰 번호를 입력해주세요.", |raw| {
        PhoneNumber::parse(raw)
            .map(|p| p.digits().to_owned())
            .map_err(|e| e.message)
    })
}

fn nickname(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "닉네임을 입력해주세요.", |raw| {
        Nickname::parse(raw)
            .map(|n| n.as_str().to_owned())
            .map_err(|e| e.message)
    })
}

fn product_name(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "상품명을 입력해주세요.", |raw| {
        junggye_products::ProductName::parse(raw)
            .map(|v| v.as_str().to_owned())
            .map_err(|e| e.message)
    })
}

/// Normalises `15,000원` / `1.5만` to plain digits, so the block's slot holds a number.
fn price(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "가격을 입력해주세요.", |raw| {
        junggye_products::Price::parse(raw)
            .map(|v| v.won().to_string())
            .map_err(|e| e.message)
    })
}

fn description(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "상품 설명을 입력해주세요.", |raw| {
        junggye_products::Description::parse(raw)
            .map(|v| v.as_str().to_owned())
            .map_err(|e| e.message)
    })
}

fn location(request: &ValidationRequest) -> ValidationResponse {
    with_value(
        request,
        "거래 희망 장소를 입력해주세요.",
        |raw| {
            junggye_products::Location::parse(raw)
                .map(|v| v.as_str().to_owned())
                .map_err(|e| e.message)
        },
    )
}

fn open_chat_url(request: &ValidationRequest) -> ValidationResponse {
    with_value(
        request,
        "카카오 오픈채팅 주소를 입력해주세요.",
        |raw| {
            junggye_products::OpenChatUrl::parse(raw)
                .map(|v| v.as_str().to_owned())
                .map_err(|e| e.message)
        },
    )
}

/// Normalises `6892-1234-5678` to digits, the form the tracking-number skill stores.
fn tracking_number(request: &ValidationRequest) -> ValidationResponse {
    with_value(request, "운송장번호를 입력해주세요.", |raw| {
        junggye_orders::TrackingNumber::parse(raw)
            .map(|v| v.as_str().to_owned())
            .map_err(|e| e.message)
    })
}
