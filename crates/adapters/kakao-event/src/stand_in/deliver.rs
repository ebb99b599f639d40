//! Delivery of an accepted send, recipient by recipient, as Kakao runs the event block for
//! each: unknown keys and non-friends fail, the others get the block's skill reply.

use chrono::Utc;
use serde_json::Value;

use super::payload::skill_payload;
use super::state::{Failure, NOT_FRIEND_ERROR_TYPE, SentEvent, SentUser, SkillHook, StandIn, Task};
use crate::results::SKILL_ERROR_TYPE;

/// Kakao's message for errorType 201 (`kakao-event-api.md` §4).
const SKILL_ERROR_MSG: &str = "Bot skill server responded with an HTTP error.";
/// The stand-in's own wording: Kakao's is unknown.
const NOT_FRIEND_MSG: &str = "stand-in: the user has not added the channel or blocked it";

enum Delivery {
    Delivered,
    /// The key names nobody: counted, not listed.
    Unresolved,
    Failed {
        error_type: i64,
        msg: &'static str,
    },
}

/// Delivers `sent` to each of its users; the task's counts.
pub(super) async fn deliver_all(state: &StandIn, sent: &SentEvent) -> Task {
    let mut task = Task {
        all: sent.users.len(),
        ..Task::default()
    };
    for user in &sent.users {
        match deliver(state, sent, user).await {
            Delivery::Delivered => task.success += 1,
            Delivery::Unresolved => task.unresolved += 1,
            Delivery::Failed { error_type, msg } => task.failures.push(Failure {
                user_id: user.id.clone(),
                user_type: user.kind.clone(),
                created_at: Utc::now().timestamp(),
                error_type,
                msg,
            }),
        }
    }
    task
}

async fn deliver(state: &StandIn, sent: &SentEvent, user: &SentUser) -> Delivery {
    let (unknown, not_friend) = {
        let book = state.book();
        (
            book.unknown_keys.contains(&user.id),
            book.not_friends.contains(&user.id),
        )
    };
    if unknown {
        return Delivery::Unresolved;
    }
    if not_friend {
        return Delivery::Failed {
            error_type: NOT_FRIEND_ERROR_TYPE,
            msg: NOT_FRIEND_MSG,
        };
    }
    let Some(hook) = &state.config().skill else {
        return Delivery::Delivered;
    };
    match call_skill(state, hook, sent, user).await {
        Ok(reply) => {
            // An empty reply sends nothing to the member (`kakao-event-api.md` §5).
            let empty = reply
                .pointer("/template/outputs")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty);
            if !empty {
                state
                    .book()
                    .mailboxes
                    .entry(user.id.clone())
                    .or_default()
                    .push(reply);
            }
            Delivery::Delivered
        }
        Err(why) => {
            tracing::warn!(url = %hook.url, user = %user.id, %why, "stand-in: event skill failed");
            Delivery::Failed {
                error_type: SKILL_ERROR_TYPE,
                msg: SKILL_ERROR_MSG,
            }
        }
    }
}

/// The skill's JSON reply, or why there is none (an error status, no answer in time, no JSON).
async fn call_skill(
    state: &StandIn,
    hook: &SkillHook,
    sent: &SentEvent,
    user: &SentUser,
) -> Result<Value, String> {
    let mut request = state
        .inner
        .http
        .post(&hook.url)
        .timeout(hook.timeout)
        .json(&skill_payload(&sent.bot_id, &sent.event_name, user));
    if let Some((name, value)) = &hook.secret_header {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    response.json().await.map_err(|e| e.to_string())
}
