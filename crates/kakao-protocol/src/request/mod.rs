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
/// Straight from the bytes when the body is an object without duplicated fields (every real
/// call). Otherwise through [`Value`]: duplicate keys collapse (last wins) instead of tripping
/// serde's duplicate-field error, and a non-object is named in the error. `serde_json`'s
/// recursion limit guards the stack either way.
pub(crate) fn from_object<T>(body: &[u8]) -> Result<T, PayloadError>
where
    T: for<'de> Deserialize<'de>,
{
    // Only an object: a derived struct would also accept an array, positionally. The whole
    // body must be UTF-8, also where a skipped field hides bytes serde_json does not check.
    if body.trim_ascii_start().first() == Some(&b'{')
        && let Ok(text) = std::str::from_utf8(body)
        && let Ok(parsed) = serde_json::from_str(text)
    {
        return Ok(parsed);
    }
    from_value(body)
}

fn from_value<T>(body: &[u8]) -> Result<T, PayloadError>
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
    use proptest::prelude::*;

    use super::*;
    use crate::lenient::tests::json_text;

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
        let payload = parse_payload(
            br#"{"action":{"detailParams":{"a":{"origin":"x"},"a":"y"},"clientExtra":{"k":1,"k":2}}}"#,
        )
        .unwrap();
        let action = payload.action.unwrap();
        assert!(action.detail_params.is_empty());
        assert_eq!(action.client_extra, serde_json::json!({"k": 2}));
    }

    fn as_json(payload: &SkillPayload) -> Value {
        serde_json::to_value(payload).unwrap()
    }

    /// One place of the payload: the right shape three times in four, any JSON otherwise.
    fn either(right: BoxedStrategy<String>) -> BoxedStrategy<String> {
        prop_oneof![3 => right, 1 => json_text()].boxed()
    }

    fn text() -> BoxedStrategy<String> {
        "[a-z가-힣 ]{0,6}".prop_map(|s| format!("{s:?}")).boxed()
    }

    fn number() -> BoxedStrategy<String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            Just("2.5".to_owned()),
        ]
        .boxed()
    }

    /// An object with these fields, each absent, present or repeated (last one wins).
    fn object(fields: Vec<(&'static str, BoxedStrategy<String>)>) -> BoxedStrategy<String> {
        let fields: Vec<BoxedStrategy<Vec<String>>> = fields
            .into_iter()
            .map(|(key, value)| {
                proptest::collection::vec(value.prop_map(move |v| format!("{key:?}:{v}")), 0..3)
                    .boxed()
            })
            .collect();
        fields
            .prop_map(|groups| format!("{{{}}}", groups.concat().join(",")))
            .boxed()
    }

    fn keyed(value: BoxedStrategy<String>) -> BoxedStrategy<String> {
        proptest::collection::vec((proptest::sample::select(vec!["a", "b", "c"]), value), 0..4)
            .prop_map(|pairs| {
                let fields: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
                format!("{{{}}}", fields.join(","))
            })
            .boxed()
    }

    fn block() -> BoxedStrategy<String> {
        either(object(vec![
            ("id", either(text())),
            ("name", either(text())),
        ]))
    }

    /// A payload-shaped body: Kakao's fields where Kakao puts them, each of the wrong shape now
    /// and then, duplicated now and then.
    fn payload_text() -> BoxedStrategy<String> {
        let user = either(object(vec![
            ("id", either(text())),
            ("type", either(text())),
            ("properties", json_text().boxed()),
        ]));
        let user_request = either(object(vec![
            ("timezone", either(text())),
            ("block", block()),
            ("utterance", either(text())),
            ("lang", either(text())),
            ("user", user),
            ("params", json_text().boxed()),
            ("callbackUrl", either(text())),
        ]));
        let detail_param = either(object(vec![
            ("origin", either(text())),
            ("value", json_text().boxed()),
            ("groupName", either(text())),
        ]));
        let action = either(object(vec![
            ("id", either(text())),
            ("name", either(text())),
            ("params", either(keyed(either(text())))),
            ("detailParams", either(keyed(detail_param))),
            ("clientExtra", either(keyed(json_text().boxed()))),
        ]));
        let context = either(object(vec![
            ("name", either(text())),
            ("lifespan", either(number())),
            ("ttl", either(number())),
            ("params", json_text().boxed()),
        ]));
        let contexts = either(
            proptest::collection::vec(context, 0..3)
                .prop_map(|items| format!("[{}]", items.join(",")))
                .boxed(),
        );
        let flow = either(object(vec![
            (
                "trigger",
                either(object(vec![
                    ("type", either(text())),
                    ("referrerBlock", block()),
                ])),
            ),
            ("lastBlock", block()),
        ]));
        object(vec![
            ("intent", block()),
            ("userRequest", user_request),
            ("bot", block()),
            ("action", action),
            ("contexts", contexts),
            ("flow", flow),
            ("x", json_text().boxed()),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::test_cases(3000)))]

        /// The direct parse and the `Value` parse read every body alike.
        #[test]
        fn parsing_straight_from_bytes_matches_parsing_through_value(body in payload_text()) {
            let via_value: SkillPayload = from_value(body.as_bytes()).unwrap();
            let direct = from_object::<SkillPayload>(body.as_bytes()).unwrap();
            prop_assert_eq!(as_json(&direct), as_json(&via_value), "{}", body);
        }
    }
}
