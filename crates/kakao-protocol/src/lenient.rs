//! Deserialization helpers that never fail: a value of the wrong shape becomes the default.
//!
//! Kakao's payload has drifted across doc versions (strings vs objects in `params`, `"null"` as a
//! string, `lang: null`), so one odd field must not cost us the whole request.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

// The readers below work on the byte stream and on a parsed `Value` alike, without building
// an intermediate `Value` per field: the payload is parsed straight from the request body
// (`request::from_object`), and only a body with a duplicated field goes through `Value`.
// Each reader keeps what `T::deserialize(value).unwrap_or_default()` on the field's `Value`
// would keep; `request::tests` checks the two ways agree on generated payloads.

/// For visitors that keep only one shape: every other value is skipped and gives `$empty`.
macro_rules! forward_other_shapes {
    ($empty:expr) => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

/// A field type read leniently: the wrong shape gives the default.
pub(crate) trait Lenient: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Any `T`, or `T::default()` when the JSON has another shape.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    T::read(deserializer)
}

impl Lenient for Value {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }
}

impl Lenient for Map<String, Value> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Map<String, Value>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Map::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    entries.insert(key, value);
                }
                Ok(entries)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq).map(|()| Map::new())
            }
            forward_other_shapes!(Map::new());
        }
        deserializer.deserialize_any(Entries)
    }
}

/// The JSON scalar a lenient `Option<Self>` keeps; every other value is `None`.
pub(crate) trait Scalar: Sized {
    fn from_str(_: &str) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
}

impl Scalar for String {
    fn from_str(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
}

impl Scalar for bool {
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

impl Scalar for i64 {
    fn from_i64(n: i64) -> Option<Self> {
        Some(n)
    }
    fn from_u64(n: u64) -> Option<Self> {
        i64::try_from(n).ok()
    }
}

impl<S: Scalar> Lenient for Option<S> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pick<S>(PhantomData<S>);
        impl<'de, S: Scalar> Visitor<'de> for Pick<S> {
            type Value = Option<S>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(S::from_str(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(S::from_bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(S::from_i64(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(S::from_u64(v))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq).map(|()| None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                skip_map(map).map(|()| None)
            }
        }
        deserializer.deserialize_any(Pick(PhantomData))
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A struct read only from a JSON object: `None` for anything else.
///
/// serde would also build a struct from an array, positionally; for Kakao's payload that would
/// turn a malformed `["x"]` into a user whose id is `"x"`, so anything but an object is absent.
/// A duplicated field inside the object is an error (serde's derive refuses it), which sends
/// the whole body the `Value` way, where duplicates have already collapsed.
struct ObjectOnly<T>(Option<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for Object<T> {
            type Value = ObjectOnly<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| ObjectOnly(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq).map(|()| ObjectOnly(None))
            }
            forward_other_shapes!(ObjectOnly(None));
        }
        deserializer.deserialize_any(Object(PhantomData))
    }
}

/// A struct-typed field: `Some` only for a JSON object.
pub(crate) fn lenient_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    ObjectOnly::deserialize(deserializer).map(|object| object.0)
}

/// A list of structs whose non-object elements are dropped one by one instead of emptying the
/// whole list.
pub(crate) fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    struct Objects<T>(PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for Objects<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<ObjectOnly<T>>()? {
                items.extend(item.0);
            }
            Ok(items)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            skip_map(map).map(|()| Vec::new())
        }
        forward_other_shapes!(Vec::new());
    }
    deserializer.deserialize_any(Objects(PhantomData))
}

/// A string-keyed map of structs whose non-object entries are dropped one by one.
pub(crate) fn lenient_map<'de, D, T>(deserializer: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    struct Objects<T>(PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for Objects<T> {
        type Value = BTreeMap<String, T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = BTreeMap::new();
            while let Some((key, item)) = map.next_entry::<String, ObjectOnly<T>>()? {
                // The last of duplicated keys wins, also when it is not an object.
                match item.0 {
                    Some(item) => entries.insert(key, item),
                    None => entries.remove(&key),
                };
            }
            Ok(entries)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            skip_seq(seq).map(|()| BTreeMap::new())
        }
        forward_other_shapes!(BTreeMap::new());
    }
    deserializer.deserialize_any(Objects(PhantomData))
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
pub(crate) mod tests {
    use std::fmt::Debug;

    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    /// JSON text that may repeat keys (a `Value` cannot), with the keys and shapes of real
    /// payloads so the lenient readers meet every wrong type.
    pub(crate) fn json_text() -> impl Strategy<Value = String> {
        let key = proptest::sample::select(vec![
            "userRequest",
            "user",
            "id",
            "type",
            "properties",
            "utterance",
            "block",
            "action",
            "params",
            "detailParams",
            "clientExtra",
            "value",
            "origin",
            "groupName",
            "bot",
            "intent",
            "contexts",
            "lifespan",
            "ttl",
            "flow",
            "trigger",
            "lastBlock",
            "name",
            "isFriend",
            "x",
        ]);
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            Just("1.5".to_owned()),
            Just("-0.0".to_owned()),
            "[a-z가-힣 ]{0,6}".prop_map(|s| format!("{s:?}")),
        ];
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((key.clone(), inner), 0..6).prop_map(|pairs| {
                    let fields: Vec<String> =
                        pairs.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
                    format!("{{{}}}", fields.join(","))
                }),
            ]
        })
    }

    /// What the field readers replaced: the field's own `Deserialize` on its `Value`, or the
    /// default when that fails.
    fn check<T>(text: &str, value: &Value) -> Result<(), TestCaseError>
    where
        T: Lenient + DeserializeOwned + Default + PartialEq + Debug,
    {
        let rule = T::deserialize(value.clone()).unwrap_or_default();
        let from_value = T::read(value.clone()).unwrap();
        let streamed = T::read(&mut serde_json::Deserializer::from_str(text)).unwrap();
        prop_assert_eq!(&from_value, &rule, "{}", text);
        prop_assert_eq!(&streamed, &rule, "{}", text);
        Ok(())
    }

    fn object_rule(value: &Value) -> Option<Inner> {
        value
            .is_object()
            .then(|| Inner::deserialize(value.clone()).ok())
            .flatten()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::test_cases(3000)))]

        #[test]
        fn readers_keep_what_the_value_rule_kept(text in json_text()) {
            let value: Value = serde_json::from_str(&text).unwrap();
            check::<Option<String>>(&text, &value)?;
            check::<Option<bool>>(&text, &value)?;
            check::<Option<i64>>(&text, &value)?;
            check::<Map<String, Value>>(&text, &value)?;
            check::<Value>(&text, &value)?;
            let rule = object_rule(&value);
            prop_assert_eq!(&lenient_object::<_, Inner>(value.clone()).unwrap(), &rule);
            // Streamed, a duplicated field is an error that sends the body the `Value` way.
            let mut stream = serde_json::Deserializer::from_str(&text);
            if let Ok(streamed) = lenient_object::<_, Inner>(&mut stream) {
                prop_assert_eq!(&streamed, &rule, "{}", text);
            }
            let items = match &value {
                Value::Array(items) => items.iter().filter_map(object_rule).collect(),
                _ => Vec::new(),
            };
            prop_assert_eq!(&lenient_vec::<_, Inner>(value.clone()).unwrap(), &items);
            let entries: BTreeMap<String, Inner> = match &value {
                Value::Object(entries) => entries
                    .iter()
                    .filter_map(|(k, v)| object_rule(v).map(|v| (k.clone(), v)))
                    .collect(),
                _ => BTreeMap::new(),
            };
            prop_assert_eq!(&lenient_map::<_, Inner>(value.clone()).unwrap(), &entries);
            let mut stream = serde_json::Deserializer::from_str(&text);
            if let Ok(streamed) = lenient_map::<_, Inner>(&mut stream) {
                prop_assert_eq!(&streamed, &entries, "{}", text);
            }
        }
    }

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
