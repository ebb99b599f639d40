//! Deserialization helpers that never fail: a value of the wrong shape becomes the default.
//!
//! Kakao's payload has drifted across doc versions (strings vs objects in `params`, `"null"` as a
//! string, `lang: null`), so one odd field must not cost us the whole request.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Any `T`, or `T::default()` when the JSON has another shape.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_default())
}

/// A struct-typed field: `Some` only for a JSON object.
///
/// serde would also build a struct from an array, positionally; for Kakao's payload that would
/// turn a malformed `["x"]` into a user whose id is `"x"`, so anything but an object is absent.
pub(crate) fn lenient_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(object(Value::deserialize(deserializer)?))
}

/// A list of structs whose non-object elements are dropped one by one instead of emptying the
/// whole list.
pub(crate) fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let Value::Array(items) = value else {
        return Ok(Vec::new());
    };
    Ok(items.into_iter().filter_map(object).collect())
}

/// A string-keyed map of structs whose non-object entries are dropped one by one.
pub(crate) fn lenient_map<'de, D, T>(deserializer: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let Value::Object(entries) = value else {
        return Ok(BTreeMap::new());
    };
    Ok(entries
        .into_iter()
        .filter_map(|(key, item)| object(item).map(|item| (key, item)))
        .collect())
}

fn object<T: DeserializeOwned>(value: Value) -> Option<T> {
    if value.is_object() {
        T::deserialize(value).ok()
    } else {
        None
    }
}

/// `Some(trimmed)` for a string with visible content.
pub(crate) fn non_blank(s: &str) -> Option<&str> {
    let trimmed = s.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// The text a caller would want from a parameter value: a string as itself, anything else as
/// compact JSON (Kakao's system entities are often objects in older payloads), `null` as nothing.
pub(crate) fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => non_blank(s).map(str::to_owned),
        other => non_blank(&other.to_string()).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Default, Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "lenient")]
        name: Option<String>,
        #[serde(default, deserialize_with = "lenient_vec")]
        list: Vec<Inner>,
        #[serde(default, deserialize_with = "lenient_map")]
        map: BTreeMap<String, Inner>,
        #[serde(default, deserialize_with = "lenient_object")]
        inner: Option<Inner>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Inner {
        #[serde(default, deserialize_with = "lenient")]
        id: Option<String>,
    }

    #[test]
    fn wrong_types_fall_back_to_default() {
        let probe: Probe =
            serde_json::from_value(json!({"name": 5, "list": {}, "map": [], "inner": "x"}))
                .unwrap();
        assert_eq!(probe.name, None);
        assert!(probe.list.is_empty());
        assert!(probe.map.is_empty());
        assert_eq!(probe.inner, None);
    }

    #[test]
    fn bad_elements_are_dropped_individually() {
        let probe: Probe = serde_json::from_value(json!({
            "name": "a",
            "list": [{"id": "1"}, "x", ["2"], {"id": 3}],
            "map": {"a": {"id": "1"}, "b": "x", "c": ["y"]},
        }))
        .unwrap();
        assert_eq!(probe.name.as_deref(), Some("a"));
        assert_eq!(probe.list.len(), 2);
        assert_eq!(probe.list[1], Inner { id: None });
        assert_eq!(probe.map.len(), 1);
    }

    #[test]
    fn arrays_never_become_structs_positionally() {
        let probe: Probe = serde_json::from_value(json!({"inner": ["x"]})).unwrap();
        assert_eq!(probe.inner, None);
        let probe: Probe = serde_json::from_value(json!({"inner": {"id": "x"}})).unwrap();
        assert_eq!(
            probe.inner,
            Some(Inner {
                id: Some("x".into())
            })
        );
    }

    #[test]
    fn value_text_renders_non_strings_compactly() {
        assert_eq!(value_text(&json!(" a ")).as_deref(), Some("a"));
        assert_eq!(value_text(&json!("  ")), None);
        assert_eq!(value_text(&json!(null)), None);
        assert_eq!(
            value_text(&json!({"amount": 3})).as_deref(),
            Some(r#"{"amount":3}"#)
        );
        assert_eq!(value_text(&json!(7)).as_deref(), Some("7"));
    }
}
