//! The parameter-validation API (파라미터 검증), a separate endpoint with its own schema
//! (docs/kakao-protocol.md). Shapes come from community sources, so the request side is lenient.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lenient::{lenient, lenient_object, non_blank};
use crate::request::{Bot, PayloadError, User, from_object};

/// A parameter-validation request.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationRequest {
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub bot: Option<Bot>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub utterance: Option<String>,
    /// Surface info, as in `userRequest.params`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Value::is_null"
    )]
    pub params: Value,
    /// Whether the bot is re-prompting for a required parameter.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_in_slot_filling: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub user: Option<User>,
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<ValidationValue>,
    /// For example `"Asia/Seoul"`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone: Option<String>,
    /// `"ko"` or `"kr"`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub lang: Option<String>,
}

/// `value` of a validation request.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationValue {
    /// The literal text the user typed.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin: Option<String>,
    /// The entity-resolved value.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub resolved: Option<String>,
}

/// Parses a parameter-validation request body.
///
/// # Errors
/// The same as [`crate::parse_payload`]: not JSON, or not a JSON object.
pub fn parse_validation_request(body: &[u8]) -> Result<ValidationRequest, PayloadError> {
    from_object(body)
}

impl ValidationRequest {
    /// `value.origin`, untrimmed, as typed.
    pub fn origin(&self) -> Option<&str> {
        self.value.as_ref()?.origin.as_deref()
    }

    /// `value.resolved`, untrimmed.
    pub fn resolved(&self) -> Option<&str> {
        self.value.as_ref()?.resolved.as_deref()
    }

    /// `user.id`, trimmed; `None` when missing or blank.
    pub fn user_id(&self) -> Option<&str> {
        self.user.as_ref()?.id.as_deref().and_then(non_blank)
    }

    /// `bot.id`, trimmed; `None` when missing or blank.
    pub fn bot_id(&self) -> Option<&str> {
        self.bot.as_ref()?.id.as_deref().and_then(non_blank)
    }

    /// The value to validate: `resolved` when it has visible text, else `origin`; trimmed.
    pub fn raw_value(&self) -> Option<&str> {
        self.resolved()
            .and_then(non_blank)
            .or_else(|| self.origin().and_then(non_blank))
    }
}

/// Outcome of a parameter validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ValidationStatus {
    /// Accepted; the returned `value` replaces `detailParams.<name>.value` downstream.
    Success,
    /// Refused; `message` is shown to the user, who is asked again.
    Fail,
    /// The validator itself failed.
    Error,
    /// Let the value through unchanged.
    Ignore,
}

/// The body a validation endpoint answers with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationResponse {
    status: ValidationStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Value>,
}

impl ValidationResponse {
    /// Accepts the parameter, normalised to `value`.
    pub fn success(value: impl Into<String>) -> Self {
        Self::new(ValidationStatus::Success, Some(value.into()), None)
    }

    /// Refuses the parameter; `message` is shown to the user.
    pub fn fail(message: impl Into<String>) -> Self {
        Self::new(ValidationStatus::Fail, None, Some(message.into()))
    }

    /// Reports that validation itself went wrong.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(ValidationStatus::Error, None, Some(message.into()))
    }

    /// Lets the value through without judging it.
    pub fn ignore() -> Self {
        Self::new(ValidationStatus::Ignore, None, None)
    }

    #[must_use]
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    pub fn status(&self) -> ValidationStatus {
        self.status
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| r#"{"status":"ERROR","message":"serialization failed"}"#.into())
    }

    fn new(status: ValidationStatus, value: Option<String>, message: Option<String>) -> Self {
        Self {
            status,
            value,
            message,
            data: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn raw_value_prefers_resolved_then_origin() {
        let req = parse_validation_request(
            r#"{"value":{"origin":" 3만원 ","resolved":"  "},"user":{"id":" u "}}"#.as_bytes(),
        )
        .unwrap();
        assert_eq!(req.raw_value(), Some("3만원"));
        assert_eq!(req.origin(), Some(" 3만원 "));
        assert_eq!(req.user_id(), Some("u"));
        let req = parse_validation_request(br#"{"value":{"origin":"a","resolved":"b"}}"#).unwrap();
        assert_eq!(req.raw_value(), Some("b"));
    }

    #[test]
    fn is_lenient_like_the_skill_payload() {
        let req =
            parse_validation_request(br#"{"value":"x","user":5,"isInSlotFilling":"yes"}"#).unwrap();
        assert_eq!(req.raw_value(), None);
        assert!(parse_validation_request(b"[]").is_err());
    }

    #[test]
    fn responses_omit_absent_fields() {
        let v: Value =
            serde_json::from_str(&ValidationResponse::success("30000").to_json()).unwrap();
        assert_eq!(v, json!({"status": "SUCCESS", "value": "30000"}));
        let v = serde_json::to_value(ValidationResponse::fail("숫자로 입력해 주세요")).unwrap();
        assert_eq!(
            v,
            json!({"status": "FAIL", "message": "숫자로 입력해 주세요"})
        );
        let v = serde_json::to_value(ValidationResponse::error("oops")).unwrap();
        assert_eq!(v, json!({"status": "ERROR", "message": "oops"}));
        let v = serde_json::to_value(ValidationResponse::ignore().data(json!({"a": 1}))).unwrap();
        assert_eq!(v, json!({"status": "IGNORE", "data": {"a": 1}}));
    }
}
