//! The one error type of the admin API: `{"error":"snake_code","message":"…"}`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError, web};
use junggye_members::{AdminError, MemberError};
use serde::Serialize;
use utoipa::ToSchema;

/// Body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `unauthorized`, `validation_failed`.
    #[schema(example = "unauthorized")]
    pub error: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

/// Everything an admin request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed request (bad JSON, bad query value).
    #[error("{0}")]
    BadRequest(String),
    /// No, bad or expired token; unknown or disabled admin; wrong credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// A valid admin whose role does not allow this (a viewer asking to change something).
    #[error("{0}")]
    Forbidden(String),
    /// Too many login attempts.
    #[error("too many login attempts; try again in a minute")]
    TooManyAttempts,
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the resource's state.
    #[error("{message}")]
    Conflict {
        /// Code, e.g. `already_member`.
        code: &'static str,
        message: String,
    },
    /// Well-formed but invalid input.
    #[error("{message}")]
    Validation {
        field: &'static str,
        /// The rule broken.
        message: String,
    },
    /// Anything else; logged, answered opaquely.
    #[error("internal error")]
    Unexpected(#[from] anyhow::Error),
}

impl ApiError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Validation {
            field,
            message: message.into(),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::TooManyAttempts => "too_many_attempts",
            Self::NotFound(_) => "not_found",
            Self::Conflict { code, .. } => code,
            Self::Validation { .. } => "validation_failed",
            Self::Unexpected(_) => "internal_error",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Unexpected(cause) = self {
            tracing::error!(error = ?cause, "admin request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, Self::Unauthorized(_)) {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if matches!(self, Self::TooManyAttempts) {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("60")));
        }
        response.json(ErrorBody {
            error: self.code(),
            message: self.to_string(),
        })
    }
}

impl From<MemberError> for ApiError {
    fn from(error: MemberError) -> Self {
        match error {
            MemberError::NotFound => Self::NotFound("member not found".into()),
            MemberError::AlreadyMember => Self::Conflict {
                code: "already_member",
                message: "this user key is already a member".into(),
            },
            MemberError::Suspended => Self::Conflict {
                code: "member_suspended",
                message: "the member is suspended".into(),
            },
            MemberError::OpenTrades(open) => Self::Conflict {
                code: "open_trades",
                message: format!(
                    "the member has open trades ({} as buyer, {} as seller)",
                    open.as_buyer, open.as_seller
                ),
            },
            MemberError::Invalid(v) => Self::invalid(v.field, v.message),
            MemberError::Unexpected(cause) => Self::Unexpected(cause),
        }
    }
}

impl From<AdminError> for ApiError {
    fn from(error: AdminError) -> Self {
        match error {
            AdminError::InvalidCredentials => {
                Self::Unauthorized("invalid username or password".into())
            }
            AdminError::NotAuthorized => {
                Self::Unauthorized("the admin account is missing or disabled".into())
            }
            AdminError::Duplicate => Self::Conflict {
                code: "duplicate_admin",
                message: error.to_string(),
            },
            AdminError::InvalidUsername => Self::invalid("username", error.to_string()),
            AdminError::WeakPassword => Self::invalid("password", error.to_string()),
            AdminError::Unexpected(cause) => Self::Unexpected(cause),
        }
    }
}

/// Bad JSON bodies answer 400 in our shape instead of actix's plain text.
pub(crate) fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(|err, _| ApiError::BadRequest(format!("invalid JSON body: {err}")).into())
}

/// Bad query strings (`page=abc`, `page=-1`) answer 400.
pub(crate) fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, _| ApiError::BadRequest(format!("invalid query: {err}")).into())
}

/// Bad path segments (`/admin/members/abc`) answer 400.
pub(crate) fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _| ApiError::BadRequest(format!("invalid path: {err}")).into())
}
