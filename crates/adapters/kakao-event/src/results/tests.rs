use junggye_notifications::RecipientResult;
use junggye_notifications::RecipientResult::{Delivered, Failed, Pending, Unreachable};
use serde_json::{Value, json};

use super::{NotReady, recipient_results};
use crate::dto::TaskAnswer;

fn answer(body: &Value) -> TaskAnswer {
    serde_json::from_value(body.clone()).unwrap()
}

fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

fn results(body: &Value, users: &[&str]) -> Vec<(String, RecipientResult)> {
    recipient_results(&answer(body), &keys(users)).unwrap()
}

fn pairs(expected: &[(&str, RecipientResult)]) -> Vec<(String, RecipientResult)> {
    expected
        .iter()
        .map(|(k, r)| ((*k).to_owned(), *r))
        .collect()
}

#[test]
fn all_success_delivers_everyone() {
    // Kakao's own example (kakao-event-api.md §4).
    let body = json!({ "taskId": "5f767a00", "status": "ALL SUCCESS", "allRequestCount": 1,
        "successCount": 1, "fail": { "count": 0, "list": [] } });
    assert_eq!(
        results(&body, &["a", "b"]),
        pairs(&[("a", Delivered), ("b", Delivered)])
    );
}

#[test]
fn a_skill_error_is_retried() {
    // Kakao's example of errorType 201, as for a 1:1 recipient.
    let body = json!({ "taskId": "861f6cd5", "status": "1 FAIL", "allRequestCount": 1,
        "successCount": 0, "fail": { "count": 1, "list": [ { "userId": "u1",
        "reqUserType": "botUserKey", "createdAt": 1_728_531_719,
        "errorMsg": { "errorType": 201, "msg": "Bot skill server responded with an HTTP error." }
    } ] } });
    assert_eq!(results(&body, &["u1"]), pairs(&[("u1", Failed)]));
}

#[test]
fn any_other_listed_failure_is_unreachable() {
    let body = json!({ "status": "3 FAIL", "allRequestCount": 4, "successCount": 1,
        "fail": { "count": 3, "list": [
            { "userId": "blocked", "errorMsg": { "errorType": 301, "msg": "not a friend" } },
            { "userID": "text", "errorMsg": "user blocked the channel" },
            { "userId": "typed-as-text", "errorMsg": { "errorType": "201" } } ] } });
    assert_eq!(
        results(&body, &["blocked", "text", "typed-as-text", "ok"]),
        pairs(&[
            ("blocked", Unreachable),
            ("text", Unreachable),
            ("typed-as-text", Failed),
            ("ok", Delivered),
        ])
    );
}

#[test]
fn an_unlisted_failure_with_a_success_beside_it_counts_as_delivered() {
    // Kakao's example: one of two keys did not resolve, and neither is listed. Which one is
    // unknown; neither result is retried.
    let body = json!({ "taskId": "bf46deb1", "status": "1 FAIL", "allRequestCount": 2,
        "successCount": 1, "userKeyResolvingFailCount": 1, "fail": { "count": 1, "list": [] } });
    assert_eq!(
        results(&body, &["a", "b"]),
        pairs(&[("a", Delivered), ("b", Delivered)])
    );
}

#[test]
fn unlisted_recipients_all_failed_when_nobody_was_delivered() {
    let body = json!({ "status": "2 FAIL", "allRequestCount": 2, "successCount": 0,
        "userKeyResolvingFailCount": 1, "fail": { "count": 2, "list": [
            { "userId": "skill", "errorMsg": { "errorType": 201, "msg": "" } } ] } });
    assert_eq!(
        results(&body, &["skill", "unknown"]),
        pairs(&[("skill", Failed), ("unknown", Unreachable)])
    );
}

#[test]
fn success_count_is_derived_when_missing() {
    let body = json!({ "status": "1 FAIL", "allRequestCount": 1, "fail": { "count": 1 } });
    assert_eq!(results(&body, &["a"]), pairs(&[("a", Unreachable)]));
    let body = json!({ "status": "1 FAIL", "allRequestCount": 2, "fail": { "count": 1 } });
    assert_eq!(results(&body, &["a"]), pairs(&[("a", Delivered)]));
}

#[test]
fn unlisted_recipients_without_unresolved_keys_were_delivered() {
    let body = json!({ "status": "1 FAIL", "allRequestCount": 2, "successCount": 1,
        "fail": { "count": 1, "list": [
            { "userId": "a", "errorMsg": { "errorType": 301, "msg": "" } } ] } });
    assert_eq!(
        results(&body, &["a", "b"]),
        pairs(&[("a", Unreachable), ("b", Delivered)])
    );
}

#[test]
fn counts_short_of_the_request_leave_unlisted_recipients_pending() {
    let body = json!({ "status": "1 FAIL", "allRequestCount": 3, "successCount": 1,
        "fail": { "count": 1, "list": [
            { "userId": "a", "errorMsg": { "errorType": 201, "msg": "" } } ] } });
    assert_eq!(
        results(&body, &["a", "b", "c"]),
        pairs(&[("a", Failed), ("b", Pending), ("c", Pending)])
    );
}

#[test]
fn the_fail_count_falls_back_to_the_status() {
    let body = json!({ "status": "1 FAIL", "allRequestCount": 2, "successCount": 1,
        "fail": null });
    assert_eq!(results(&body, &["a"]), pairs(&[("a", Delivered)]));
    let body = json!({ "status": " 2 FAIL ", "allRequestCount": 2 });
    assert_eq!(results(&body, &["a"]), pairs(&[("a", Unreachable)]));
}

#[test]
fn counts_may_come_as_text() {
    let body = json!({ "status": "1 FAIL", "allRequestCount": "1", "successCount": "0",
        "fail": { "count": "1", "list": "none" } });
    assert_eq!(results(&body, &["a"]), pairs(&[("a", Unreachable)]));
}

#[test]
fn a_status_that_is_no_result_is_not_ready() {
    for status in [json!("PROCESSING"), json!("FAIL"), json!(""), Value::Null] {
        let body = json!({ "status": status, "allRequestCount": 1, "successCount": 0 });
        assert!(matches!(
            recipient_results(&answer(&body), &keys(&["a"])),
            Err(NotReady(_))
        ));
    }
    assert!(recipient_results(&answer(&json!({})), &keys(&["a"])).is_err());
}
