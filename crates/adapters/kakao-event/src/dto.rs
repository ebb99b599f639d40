//! The Event API's JSON. Answers are read tolerantly (`kakao-event-api.md` §9): public clients
//! disagree on spellings and types, and a missing optional field must not lose a result.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /v2/bots/{botId}/talk`.
#[derive(Debug, Serialize)]
pub struct SendBody<'a> {
    pub event: Event<'a>,
    pub user: Vec<SendUser<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Event<'a> {
    pub name: &'a str,
    /// Always `{}`: the notification is read by the event block's skill, by id.
    pub data: serde_json::Map<String, Value>,
}

#[derive(Debug, Serialize)]
pub struct SendUser<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: &'a str,
    pub properties: UserProperties,
}

/// Forwarded to the skill in `userRequest.user.properties`.
#[derive(Debug, Serialize)]
pub struct UserProperties {
    /// A string: properties are text in every known client.
    pub notification_id: String,
}

/// The answer to a send; also the shape of an error answer (`status` + `message`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SendAnswer {
    #[serde(alias = "taskID", deserialize_with = "text")]
    pub task_id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(deserialize_with = "text")]
    pub message: Option<String>,
}

/// `GET /v1/tasks/{taskId}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskAnswer {
    #[serde(deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(deserialize_with = "count")]
    pub all_request_count: Option<u64>,
    #[serde(deserialize_with = "count")]
    pub success_count: Option<u64>,
    #[serde(deserialize_with = "count")]
    pub user_key_resolving_fail_count: Option<u64>,
    #[serde(deserialize_with = "or_default")]
    pub fail: Fail,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Fail {
    #[serde(deserialize_with = "count")]
    pub count: Option<u64>,
    #[serde(deserialize_with = "failures")]
    pub list: Vec<FailedUser>,
}

/// A listed failure: `{userId, reqUserType, createdAt, errorMsg: {errorType, msg}}` (Kakao),
/// `{userID, errorMsg: "…"}` in one client.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailedUser {
    #[serde(alias = "userID", deserialize_with = "text")]
    pub user_id: Option<String>,
    pub error_msg: Value,
}

impl FailedUser {
    /// `errorMsg.errorType` as a number (some clients send it as text); `None` when the
    /// message is plain text or has no type.
    pub fn error_type(&self) -> Option<i64> {
        match self.error_msg.get("errorType")? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A string, a number written as text, or nothing.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A count as a number or numeric text; anything else is unknown rather than an error.
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// The value, or its default when it is `null` or of another shape.
fn or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).unwrap_or_default())
}

/// The listed failures; an element that is not an object is dropped, not fatal.
fn failures<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FailedUser>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// An answer read from its JSON object only. serde would also fill a struct from an array, by
/// position (`[0, "SUCCESS"]` read as an accepted send with task `0`: found by the property
/// tests); Kakao answers with objects, so anything else is unreadable.
pub fn from_object<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match serde_json::from_slice::<Value>(body)? {
        object @ Value::Object(_) => serde_json::from_value(object),
        other => Err(serde::de::Error::custom(format!(
            "expected a JSON object, found {}",
            match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            }
        ))),
    }
}
