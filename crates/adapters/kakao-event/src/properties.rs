//! The Event API's answers are outside input: whatever bytes come back, reading them must not
//! panic, and no answer may make a send look accepted or a recipient delivered without saying
//! so. `scripts/fuzz.sh` runs these at 10,000+ cases.

use junggye_notifications::RecipientResult;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::dto::{TaskAnswer, from_object};
use crate::results::recipient_results;
use crate::send::send_outcome;

/// Any JSON value, a few levels deep, with Kakao's own words likely among the strings.
fn any_json() -> impl Strategy<Value = Value> {
    let word = prop_oneof![
        Just("SUCCESS".to_owned()),
        Just("ALL SUCCESS".to_owned()),
        Just("3 FAIL".to_owned()),
        Just("FAIL".to_owned()),
        Just("201".to_owned()),
        "\\PC{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        word.prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("status".to_owned()),
                    Just("taskId".to_owned()),
                    Just("message".to_owned()),
                    Just("successCount".to_owned()),
                    Just("allRequestCount".to_owned()),
                    Just("fail".to_owned()),
                    Just("count".to_owned()),
                    Just("list".to_owned()),
                    Just("userId".to_owned()),
                    Just("errorMsg".to_owned()),
                    Just("errorType".to_owned()),
                    "[a-zA-Z]{1,8}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A task answer shaped like Kakao's, with any values in its fields.
fn task_like() -> impl Strategy<Value = Value> {
    (
        any_json(),
        any_json(),
        any_json(),
        any_json(),
        prop::collection::vec((any_json(), any_json()), 0..5),
    )
        .prop_map(|(status, success, count, all, failed)| {
            let list: Vec<Value> = failed
                .into_iter()
                .enumerate()
                .map(|(i, (error, extra))| {
                    json!({"userId": format!("user-{i}"), "errorMsg": error, "extra": extra})
                })
                .collect();
            json!({
                "status": status,
                "successCount": success,
                "allRequestCount": all,
                "fail": {"count": count, "list": list},
            })
        })
}

fn bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        any_json().prop_map(|v| v.to_string().into_bytes()),
        task_like().prop_map(|v| v.to_string().into_bytes()),
    ]
}

fn keys(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("user-{i}")).collect()
}

proptest! {
    #[test]
    fn a_send_is_accepted_only_on_a_2xx_success_with_a_task_id(
        http in prop_oneof![100u16..600, Just(200u16), Just(504u16)],
        body in bodies(),
    ) {
        if let Ok(task) = send_outcome(http, &body) {
            prop_assert!((200..300).contains(&http));
            prop_assert!(!task.0.trim().is_empty());
            let answer: Value = serde_json::from_slice(&body).unwrap_or_default();
            let status = answer.get("status").and_then(Value::as_str).unwrap_or_default();
            prop_assert!(status.eq_ignore_ascii_case("SUCCESS"), "{answer}");
        }
    }

    #[test]
    fn any_task_answer_gives_one_result_per_recipient_in_order(
        body in bodies(),
        recipients in 0usize..8,
    ) {
        let user_keys = keys(recipients);
        let Ok(answer) = from_object::<TaskAnswer>(&body) else {
            return Ok(());
        };
        if let Ok(results) = recipient_results(&answer, &user_keys) {
            let order: Vec<&String> = results.iter().map(|(key, _)| key).collect();
            prop_assert_eq!(order, user_keys.iter().collect::<Vec<_>>());
            let status = answer.status.as_deref().unwrap_or_default().trim().to_owned();
            if !status.eq_ignore_ascii_case("ALL SUCCESS") {
                // A listed failure is never read as delivered.
                for (key, result) in &results {
                    let listed = answer.fail.list.iter().any(|f| f.user_id.as_deref() == Some(key));
                    prop_assert!(!(listed && *result == RecipientResult::Delivered), "{key}");
                }
            }
        }
    }
}

#[test]
fn an_array_is_not_an_accepted_send() {
    assert!(send_outcome(200, br#"[0,"SUCCESS"]"#).is_err());
    assert!(send_outcome(200, br#"{"taskId":"0","status":"SUCCESS"}"#).is_ok());
}
