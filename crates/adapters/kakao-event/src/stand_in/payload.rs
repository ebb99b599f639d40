//! The SkillPayload Kakao sends the event block's skill for one recipient, in the shape of a
//! captured channel payload (`kakao-event-api.md` §5).

use serde_json::{Value, json};

use super::state::SentUser;

/// The payload for `user` of a send of `event_name` to `bot_id` (`!` kept: Kakao's `bot.id`
/// carries it on the dev channel). The send's `user[].properties` are merged into
/// `userRequest.user.properties`, beside the key under its type's name; `utterance` is empty,
/// as what Kakao puts there on an event is unknown. The stand-in knows only the key it was
/// given, so a recipient named by `appUserId` or `plusfriendUserKey` arrives with that value
/// as `userRequest.user.id`.
#[must_use]
pub fn skill_payload(bot_id: &str, event_name: &str, user: &SentUser) -> Value {
    let mut properties = user.properties.as_object().cloned().unwrap_or_default();
    properties.insert(user.kind.clone(), json!(user.id));
    properties.insert("isFriend".into(), json!(true));
    let block = json!({ "id": format!("stand-in-block-{event_name}"), "name": event_name });
    json!({
        "intent": block,
        "userRequest": {
            "timezone": "Asia/Seoul",
            "params": { "surface": "Kakaotalk.plusfriend" },
            "block": block,
            "utterance": "",
            "lang": "ko",
            "user": { "id": user.id, "type": "botUserKey", "properties": properties },
        },
        "bot": { "id": bot_id, "name": "junggye" },
        "action": {
            "name": "event",
            "clientExtra": {},
            "params": {},
            "id": format!("stand-in-action-{event_name}"),
            "detailParams": {},
        },
        "contexts": [],
    })
}

#[cfg(test)]
mod tests {
    use junggye_kakao_protocol::SkillPayload;
    use serde_json::json;

    use super::skill_payload;
    use crate::stand_in::SentUser;

    #[test]
    fn the_skill_adapter_reads_the_payload() {
        let user = SentUser {
            kind: "botUserKey".into(),
            id: "key-1".into(),
            properties: json!({ "notification_id": "42" }),
        };
        let value = skill_payload("bot123!", "notification", &user);
        let payload: SkillPayload = serde_json::from_value(value).unwrap();
        let request = payload.user_request.unwrap();
        let user = request.user.unwrap();
        assert_eq!(user.id.as_deref(), Some("key-1"));
        assert_eq!(user.properties["notification_id"], "42");
        assert_eq!(user.properties["botUserKey"], "key-1");
        assert_eq!(payload.bot.unwrap().id.as_deref(), Some("bot123!"));
        assert_eq!(
            payload.intent.unwrap().name.as_deref(),
            Some("notification")
        );
    }
}
