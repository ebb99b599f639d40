//! The `SkillPayload` field by field (docs/kakao-protocol.md). Every field is optional and lenient.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::lenient::{lenient, lenient_map, lenient_object, lenient_vec};

/// The whole request body of a skill call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillPayload {
    /// The block that matched the utterance.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub intent: Option<Intent>,
    /// Who said what, where.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_request: Option<UserRequest>,
    /// The bot that received the utterance.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub bot: Option<Bot>,
    /// The skill being called and the parameters extracted for it.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub action: Option<Action>,
    /// Output contexts active for the user; malformed elements are dropped.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub contexts: Vec<ContextValueIn>,
    /// What triggered this turn (newer payloads only).
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub flow: Option<Flow>,
}

/// The matched block (`intent`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Block name; `"지식+"` for a Knowledge+ match.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
}

/// `userRequest`: the utterance and its sender.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRequest {
    /// For example `"Asia/Seoul"`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone: Option<String>,
    /// The block that reacted to the utterance.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub block: Option<BlockRef>,
    /// The user's text, or the text a button or quick reply sent on their behalf.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub utterance: Option<String>,
    /// `"ko"`, `"kr"` in older payloads, or absent in skill tests.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub lang: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub user: Option<User>,
    /// Surface info (`surface`, `ignoreMe`) and plugin values; kept raw.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Value::is_null"
    )]
    pub params: Value,
    /// One-time callback URL, present only when the block has callback enabled.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_url: Option<String>,
}

/// An `{id, name}` pair: a block reference, and the shape of [`Bot`] too.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockRef {
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
}

/// `userRequest.user`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The botUserKey: at most 70 characters, stable within one bot only.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// `type` on the wire: `"botUserKey"` today, other values in older docs and skill tests.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// `plusfriendUserKey`, `appUserId`, `isFriend` and legacy `snake_case` duplicates; kept raw.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Value::is_null"
    )]
    pub properties: Value,
}

/// `bot`: the bot that received the utterance, with the same `{id, name}` shape as a block
/// reference. Check its id against your own.
pub type Bot = BlockRef;

/// `action`: the skill being called.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Extracted parameters: usually strings, often stringified JSON, objects in old captures.
    #[serde(default, deserialize_with = "lenient")]
    pub params: Map<String, Value>,
    /// The same parameters with their literal text; malformed entries are dropped.
    #[serde(default, deserialize_with = "lenient_map")]
    pub detail_params: BTreeMap<String, DetailParam>,
    /// The `extra` of the button or quick reply that led here: an object, `null`, `{}` or `"null"`.
    #[serde(default, deserialize_with = "lenient")]
    pub client_extra: Value,
}

/// One entry of `action.detailParams`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailParam {
    /// The literal text in the utterance, e.g. `"금요일"`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin: Option<String>,
    /// The resolved value, often stringified JSON.
    #[serde(default, deserialize_with = "lenient")]
    pub value: Value,
    /// Entity group name; `""` when none.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub group_name: Option<String>,
}

/// One element of the request's `contexts` (shape from community sources, not the doc).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextValueIn {
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Remaining turns; spelled `lifespan` in requests but `lifeSpan` in responses.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub lifespan: Option<i64>,
    /// Remaining seconds.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub ttl: Option<i64>,
    /// `{key: {value, resolvedValue}}` or bare strings; kept raw.
    #[serde(default, deserialize_with = "lenient")]
    pub params: Value,
}

/// `flow`: what produced this turn.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    /// The user interaction behind the utterance.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger: Option<Trigger>,
    /// The previously executed block.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_block: Option<BlockRef>,
}

/// `flow.trigger`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    /// `type` on the wire, e.g. `TEXT_INPUT`, `CARD_BUTTON_BLOCK`, `QUICKREPLY_BUTTON_MESSAGE`.
    /// Kept as text because the set grows; the `_MESSAGE`/`_BLOCK` suffix is the reliable part.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// The block the user interacted with.
    #[serde(
        default,
        deserialize_with = "lenient_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub referrer_block: Option<BlockRef>,
}
