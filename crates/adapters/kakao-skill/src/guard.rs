//! The checks every skill call passes before any handler runs.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, dev, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use junggye_kakao_protocol::{PayloadError, SkillPayload, ValidationRequest};
use subtle::ConstantTimeEq;

use crate::state::SkillState;

/// The header Open Builder is configured to send with the shared secret.
pub const SECRET_HEADER: &str = "X-Skill-Secret";

/// A request Kakao sends: the SkillPayload or the parameter-validation body.
pub(crate) trait KakaoRequest: Sized + 'static {
    fn parse(body: &[u8]) -> Result<Self, PayloadError>;
    fn bot_id(&self) -> Option<&str>;
    fn user_id(&self) -> Option<&str>;
}

impl KakaoRequest for SkillPayload {
    fn parse(body: &[u8]) -> Result<Self, PayloadError> {
        junggye_kakao_protocol::parse_payload(body)
    }
    fn bot_id(&self) -> Option<&str> {
        SkillPayload::bot_id(self)
    }
    fn user_id(&self) -> Option<&str> {
        SkillPayload::user_id(self)
    }
}

impl KakaoRequest for ValidationRequest {
    fn parse(body: &[u8]) -> Result<Self, PayloadError> {
        junggye_kakao_protocol::parse_validation_request(body)
    }
    fn bot_id(&self) -> Option<&str> {
        ValidationRequest::bot_id(self)
    }
    fn user_id(&self) -> Option<&str> {
        ValidationRequest::user_id(self)
    }
}

/// The raw body, kept in request extensions for the skill log.
#[derive(Clone)]
pub(crate) struct RawBody(pub(crate) Bytes);

/// The caller's user key, kept in request extensions for the skill log (so the log need not
/// parse the body a second time).
#[derive(Clone)]
pub(crate) struct CallerKey(pub(crate) String);

/// A call that passed secret, size, JSON and bot checks.
pub(crate) struct Guarded<T>(pub(crate) T);

/// Why a call was refused before reaching a skill. These are the only non-200 answers.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Rejection {
    #[error("missing or wrong X-Skill-Secret header")]
    Unauthorized,
    #[error("request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("request body is not a Kakao skill payload: {0}")]
    BadJson(String),
    #[error("bot is not allowed")]
    ForeignBot,
    #[error("could not read the request body")]
    Unreadable,
    #[error("skill server is misconfigured")]
    Misconfigured,
}

impl ResponseError for Rejection {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadJson(_) | Self::Unreadable => StatusCode::BAD_REQUEST,
            Self::ForeignBot => StatusCode::FORBIDDEN,
            Self::Misconfigured => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self {
            Self::Unauthorized => "unauthorized",
            Self::TooLarge(_) => "payload_too_large",
            Self::BadJson(_) => "bad_json",
            Self::ForeignBot => "forbidden_bot",
            Self::Unreadable => "bad_request",
            Self::Misconfigured => "internal",
        };
        HttpResponse::build(self.status_code())
            .json(serde_json::json!({ "error": code, "message": self.to_string() }))
    }
}

impl<T: KakaoRequest> FromRequest for Guarded<T> {
    type Error = Rejection;
    type Future = LocalBoxFuture<'static, Result<Self, Rejection>>;

    fn from_request(req: &HttpRequest, payload: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let Some(state) = req.app_data::<web::Data<SkillState>>().cloned() else {
                return Err(Rejection::Misconfigured);
            };
            let config = &state.config;
            if let Some(secret) = &config.skill_secret {
                let sent = req
                    .headers()
                    .get(SECRET_HEADER)
                    .map(|v| v.as_bytes())
                    .unwrap_or_default();
                if !bool::from(sent.ct_eq(secret.as_bytes())) {
                    return Err(Rejection::Unauthorized);
                }
            }
            let limit = config.max_body_bytes;
            let declared = req
                .headers()
                .get(actix_web::http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            if declared.is_some_and(|len| len > limit) {
                return Err(Rejection::TooLarge(limit));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| Rejection::Unreadable)?;
                if body.len() + chunk.len() > limit {
                    return Err(Rejection::TooLarge(limit));
                }
                body.extend_from_slice(&chunk);
            }
            let body = body.freeze();
            req.extensions_mut().insert(RawBody(body.clone()));
            let parsed = T::parse(&body).map_err(|e| Rejection::BadJson(e.to_string()))?;
            if let Some(user) = parsed.user_id() {
                req.extensions_mut().insert(CallerKey(user.to_owned()));
            }
            if !config.bot_ids.is_empty()
                && !parsed
                    .bot_id()
                    .is_some_and(|id| config.bot_ids.iter().any(|allowed| allowed == id))
            {
                return Err(Rejection::ForeignBot);
            }
            Ok(Guarded(parsed))
        })
    }
}
