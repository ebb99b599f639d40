//! Convenience reads over [`SkillPayload`] that hide the payload's shape drift.

use serde_json::Value;

use super::types::{SkillPayload, User};
use crate::lenient::{non_blank, value_text};

impl SkillPayload {
    /// `userRequest.user.id` (the botUserKey), trimmed; `None` when missing or blank.
    pub fn user_id(&self) -> Option<&str> {
        self.user()?.id.as_deref().and_then(non_blank)
    }

    /// The channel-level user key from `properties.plusfriendUserKey`, falling back to the
    /// legacy `plusfriend_user_key` seen in real traffic.
    pub fn plusfriend_user_key(&self) -> Option<&str> {
        let properties = &self.user()?.properties;
        ["plusfriendUserKey", "plusfriend_user_key"]
            .into_iter()
            .find_map(|key| properties.get(key)?.as_str().and_then(non_blank))
    }

    /// `bot.id`, trimmed; `None` when missing or blank.
    pub fn bot_id(&self) -> Option<&str> {
        self.bot.as_ref()?.id.as_deref().and_then(non_blank)
    }

    /// `userRequest.utterance`, trimmed; `None` when missing or blank.
    pub fn utterance(&self) -> Option<&str> {
        self.user_request
            .as_ref()?
            .utterance
            .as_deref()
            .and_then(non_blank)
    }

    /// `userRequest.block.id`, trimmed; `None` when missing or blank.
    pub fn block_id(&self) -> Option<&str> {
        let block = self.user_request.as_ref()?.block.as_ref()?;
        block.id.as_deref().and_then(non_blank)
    }

    /// A block parameter by name, trimmed, from the first place that has visible text:
    /// `action.params[name]`, then `detailParams[name].value`, then `detailParams[name].origin`.
    ///
    /// Non-string values come back as compact JSON, so a system entity that arrives as an object
    /// reads the same as one that arrives stringified.
    pub fn param(&self, name: &str) -> Option<String> {
        let action = self.action.as_ref()?;
        action.params.get(name).and_then(value_text).or_else(|| {
            let detail = action.detail_params.get(name)?;
            value_text(&detail.value).or_else(|| {
                detail
                    .origin
                    .as_deref()
                    .and_then(non_blank)
                    .map(str::to_owned)
            })
        })
    }

    /// `clientExtra[name]`; `None` when clientExtra is not an object (`null`, `"null"`) or the
    /// value is `null`.
    pub fn extra(&self, name: &str) -> Option<&Value> {
        // The v1 doc's `"null"` string, like `null`, is not an object and so yields nothing.
        let extras = self.action.as_ref()?.client_extra.as_object()?;
        extras.get(name).filter(|v| !v.is_null())
    }

    /// `clientExtra[name]` as text: a non-blank string (trimmed) or a number.
    pub fn extra_str(&self, name: &str) -> Option<String> {
        match self.extra(name)? {
            Value::String(s) => non_blank(s).map(str::to_owned),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// `clientExtra[name]` as an integer: a JSON integer or a string holding one.
    pub fn extra_i64(&self, name: &str) -> Option<i64> {
        match self.extra(name)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// `true` for JSON `true` or the string `"true"` (any case); `false` for anything else,
    /// including absence.
    pub fn extra_bool(&self, name: &str) -> bool {
        match self.extra(name) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// A parameter of the first active context named `context`: its `value`, else its
    /// `resolvedValue`, else the parameter itself when it is a bare string. Trimmed.
    pub fn context_param(&self, context: &str, name: &str) -> Option<String> {
        let ctx = self
            .contexts
            .iter()
            .find(|c| c.name.as_deref().map(str::trim) == Some(context))?;
        match ctx.params.get(name)? {
            Value::Object(param) => ["value", "resolvedValue"]
                .into_iter()
                .find_map(|key| param.get(key).and_then(value_text)),
            other => value_text(other),
        }
    }

    /// A value an Event API send carried: a block parameter ([`Self::param`]), else
    /// `userRequest.params[name]`, else `userRequest.user.properties[name]`. Sources disagree on
    /// where Kakao forwards a send's `params` and `user[].properties`, so all three are read.
    pub fn event_param(&self, name: &str) -> Option<String> {
        self.param(name).or_else(|| {
            let request = self.user_request.as_ref()?;
            request
                .params
                .get(name)
                .and_then(value_text)
                .or_else(|| self.user()?.properties.get(name).and_then(value_text))
        })
    }

    fn user(&self) -> Option<&User> {
        self.user_request.as_ref()?.user.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::request::parse_payload;

    fn payload(v: serde_json::Value) -> crate::SkillPayload {
        parse_payload(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn user_id_is_trimmed_and_blank_is_none() {
        let p = payload(json!({"userRequest": {"user": {"id": "  abc  "}}}));
        assert_eq!(p.user_id(), Some("abc"));
        let p = payload(json!({"userRequest": {"user": {"id": "   "}}}));
        assert_eq!(p.user_id(), None);
        let p = payload(json!({"userRequest": {"user": {"id": 42}}}));
        assert_eq!(p.user_id(), None);
    }

    #[test]
    fn event_param_is_read_from_action_then_request_params_then_user_properties() {
        let from_properties = payload(json!({"userRequest": {"user": {"id": "u",
            "properties": {"notification_id": "7"}}}}));
        assert_eq!(
            from_properties.event_param("notification_id").as_deref(),
            Some("7")
        );
        let from_params = payload(json!({"userRequest": {"params": {"notification_id": 8},
            "user": {"id": "u", "properties": {"notification_id": "7"}}}}));
        assert_eq!(
            from_params.event_param("notification_id").as_deref(),
            Some("8")
        );
        let from_action = payload(json!({"action": {"params": {"notification_id": "9"}},
            "userRequest": {"params": {"notification_id": 8}}}));
        assert_eq!(
            from_action.event_param("notification_id").as_deref(),
            Some("9")
        );
        assert_eq!(payload(json!({})).event_param("notification_id"), None);
    }

    #[test]
    fn plusfriend_key_falls_back_to_snake_case() {
        let p = payload(json!({"userRequest": {"user": {"properties": {
            "plusfriend_user_key": "legacy"}}}}));
        assert_eq!(p.plusfriend_user_key(), Some("legacy"));
        let p = payload(json!({"userRequest": {"user": {"properties": {
            "plusfriendUserKey": "new", "plusfriend_user_key": "legacy"}}}}));
        assert_eq!(p.plusfriend_user_key(), Some("new"));
        let p = payload(json!({"userRequest": {"user": {"properties": {
            "plusfriendUserKey": "", "plusfriend_user_key": "legacy"}}}}));
        assert_eq!(p.plusfriend_user_key(), Some("legacy"));
    }

    #[test]
    fn param_prefers_params_then_detail_value_then_origin() {
        let p = payload(json!({"action": {
            "params": {"a": " 1 ", "obj": {"amount": 3}, "blank": "  ", "nul": null},
            "detailParams": {
                "blank": {"origin": "o", "value": "from-detail"},
                "nul": {"origin": "only-origin", "value": null},
                "d": {"origin": "x", "value": {"amount": 2}},
            }
        }}));
        assert_eq!(p.param("a").as_deref(), Some("1"));
        assert_eq!(p.param("obj").as_deref(), Some(r#"{"amount":3}"#));
        assert_eq!(p.param("blank").as_deref(), Some("from-detail"));
        assert_eq!(p.param("nul").as_deref(), Some("only-origin"));
        assert_eq!(p.param("d").as_deref(), Some(r#"{"amount":2}"#));
        assert_eq!(p.param("missing"), None);
    }

    #[test]
    fn extras_read_strings_numbers_and_bools() {
        let p = payload(json!({"action": {"clientExtra": {
            "s": " x ", "n": 12, "ns": " -7 ", "f": 1.5, "t": true, "ts": "TRUE",
            "fs": "yes", "nul": null, "blank": " "}}}));
        assert_eq!(p.extra_str("s").as_deref(), Some("x"));
        assert_eq!(p.extra_str("n").as_deref(), Some("12"));
        assert_eq!(p.extra_str("blank"), None);
        assert_eq!(p.extra_str("t"), None);
        assert_eq!(p.extra_i64("n"), Some(12));
        assert_eq!(p.extra_i64("ns"), Some(-7));
        assert_eq!(p.extra_i64("f"), None);
        assert_eq!(p.extra_i64("s"), None);
        assert!(p.extra_bool("t"));
        assert!(p.extra_bool("ts"));
        assert!(!p.extra_bool("fs"));
        assert!(!p.extra_bool("missing"));
        assert_eq!(p.extra("nul"), None);
        assert_eq!(p.extra("s"), Some(&json!(" x ")));
    }

    #[test]
    fn client_extra_that_is_not_an_object_has_no_extras() {
        for extra in [json!(null), json!("null"), json!({}), json!([1]), json!(3)] {
            let p = payload(json!({"action": {"clientExtra": extra}}));
            assert_eq!(p.extra("anything"), None);
            assert!(!p.extra_bool("anything"));
        }
    }

    #[test]
    fn context_param_reads_value_resolved_value_or_bare_string() {
        let p = payload(json!({"contexts": [
            {"name": "other", "params": {"k": {"value": "wrong"}}},
            {"name": "ctx", "lifespan": 3, "ttl": 600, "params": {
                "v": {"value": "1", "resolvedValue": "one"},
                "r": {"value": "", "resolvedValue": "two"},
                "bare": "three",
                "empty": {}
            }}
        ]}));
        assert_eq!(p.context_param("ctx", "v").as_deref(), Some("1"));
        assert_eq!(p.context_param("ctx", "r").as_deref(), Some("two"));
        assert_eq!(p.context_param("ctx", "bare").as_deref(), Some("three"));
        assert_eq!(p.context_param("ctx", "empty"), None);
        assert_eq!(p.context_param("ctx", "k"), None);
        assert_eq!(p.context_param("nope", "v"), None);
    }
}
