//! The `SkillPayload` Kakao POSTs to a skill: lenient types and accessors.

mod accessors;
mod types;

use serde::Deserialize;
use serde_json::Value;

pub use types::{
    Action, BlockRef, Bot, ContextValueIn, DetailParam, Flow, Intent, SkillPayload, Trigger, User,
    UserRequest,
};

/// Why a request body could not be read at all.
///
/// Only two things are fatal: a body that is not JSON, and JSON that is not an object. Everything
/// inside an object is read leniently.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    /// The body is not valid JSON (this includes nesting deeper than `serde_json`'s limit of 128).
    #[error("request body is not valid JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    /// The body is valid JSON but its top level is not an object.
    #[error("request body must be a JSON object, found {0}")]
    NotObject(&'static str),
}

/// Parses a skill request body into a [`SkillPayload`].
///
/// # Errors
/// [`PayloadError::NotJson`] when the body is not JSON, [`PayloadError::NotObject`] when its top
/// level is an array, string, number, boolean or null. Any JSON object parses.
pub fn parse_payload(body: &[u8]) -> Result<SkillPayload, PayloadError> {
    from_object(body)
}

/// Parses `body` as a JSON object into a lenient `T`.
///
/// Going through [`Value`] first buys two things: duplicate keys collapse (last wins) instead of
/// tripping serde's duplicate-field error, and `serde_json`'s recursion limit guards the stack.
pub(crate) fn from_object<T>(body: &[u8]) -> Result<T, PayloadError>
where
    T: for<'de> Deserialize<'de>,
{
    let value: Value = serde_json::from_slice(body).map_err(PayloadError::NotJson)?;
    if !value.is_object() {
        return Err(PayloadError::NotObject(json_kind(&value)));
    }
    // Every field of our request types is lenient, so this cannot fail for an object; the
    // mapping only keeps the signature honest should a strict field ever be added.
    T::deserialize(value).map_err(PayloadError::NotJson)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_objects_with_a_clear_message() {
        for (body, kind) in [
            ("[]", "an array"),
            ("3", "a number"),
            ("\"x\"", "a string"),
            ("null", "null"),
            ("true", "a boolean"),
        ] {
            let err = parse_payload(body.as_bytes()).unwrap_err();
            assert!(
                matches!(err, PayloadError::NotObject(k) if k == kind),
                "{body}"
            );
            assert!(err.to_string().contains("must be a JSON object"));
        }
    }

    #[test]
    fn refuses_non_json() {
        for body in ["", "{", "not json", "{\"a\":}", "\u{feff}{}"] {
            let err = parse_payload(body.as_bytes()).unwrap_err();
            assert!(matches!(err, PayloadError::NotJson(_)), "{body:?}");
            assert!(
                err.to_string()
                    .starts_with("request body is not valid JSON")
            );
        }
    }

    #[test]
    fn accepts_the_empty_object() {
        let payload = parse_payload(b"{}").unwrap();
        assert!(payload.user_request.is_none());
        assert!(payload.contexts.is_empty());
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let payload = parse_payload(br#"{"bot":{"id":"a"},"bot":{"id":"b"}}"#).unwrap();
        assert_eq!(payload.bot_id(), Some("b"));
    }
}
