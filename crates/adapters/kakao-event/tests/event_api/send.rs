use std::net::TcpListener;
use std::time::Duration;

use junggye_kakao_event::stand_in::{Fault, StandIn, StandInConfig};
use junggye_notifications::{PushError, PushGateway, RecipientResult};
use serde_json::json;

use crate::support::{BOT, EVENT, KEY, Kakao, client, keys, recipients, serve_in_scope};

#[tokio::test]
async fn an_accepted_send_is_delivered_to_all() {
    let kakao = Kakao::plain();
    let task = kakao
        .client()
        .send(EVENT, &recipients(&["u1", "u2"]))
        .await
        .unwrap();

    let sent = kakao.stand_in.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].task_id, task.0);
    assert_eq!(sent[0].event_name, EVENT);
    assert_eq!(sent[0].bot_id, BOT);
    assert!(!sent[0].dev_channel());
    assert_eq!(sent[0].data, json!({}));
    let users: Vec<_> = sent[0]
        .users
        .iter()
        .map(|u| (u.kind.as_str(), u.id.as_str(), u.properties.clone()))
        .collect();
    assert_eq!(
        users,
        [
            ("botUserKey", "u1", json!({ "notification_id": "1" })),
            ("botUserKey", "u2", json!({ "notification_id": "2" })),
        ]
    );
    let results = kakao
        .client()
        .task(&task, &keys(&["u1", "u2"]))
        .await
        .unwrap();
    assert_eq!(
        results,
        [
            ("u1".to_owned(), RecipientResult::Delivered),
            ("u2".to_owned(), RecipientResult::Delivered),
        ]
    );
}

#[tokio::test]
async fn a_task_lookup_needs_no_key() {
    let kakao = Kakao::plain();
    let task = kakao
        .client()
        .send(EVENT, &recipients(&["u1"]))
        .await
        .unwrap();
    let answer: serde_json::Value = reqwest::get(format!("{}/v1/tasks/{}", kakao.base_url, task.0))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer,
        json!({ "taskId": task.0, "status": "ALL SUCCESS", "allRequestCount": 1,
            "successCount": 1, "fail": { "count": 0, "list": [] } })
    );
}

#[tokio::test]
async fn a_dev_bot_id_keeps_its_bang_in_the_path() {
    let mut config = StandInConfig::new(KEY, EVENT);
    config.bot_id = Some(BOT.into());
    let kakao = Kakao::start(config);
    let dev = format!("{BOT}!");
    kakao
        .client_as(&dev, KEY, Duration::from_secs(5))
        .send(EVENT, &recipients(&["u1"]))
        .await
        .unwrap();

    let sent = kakao.stand_in.sent();
    assert_eq!(sent[0].raw_path, format!("/v2/bots/{BOT}!/talk"));
    assert_eq!(sent[0].bot_id, dev);
    assert!(sent[0].dev_channel());

    // The stand-in does see an encoded `!`, so the check above would catch a client that sent one.
    let body =
        json!({ "event": { "name": EVENT }, "user": [ { "type": "botUserKey", "id": "u1" } ] });
    reqwest::Client::new()
        .post(format!("{}/v2/bots/{BOT}%21/talk", kakao.base_url))
        .header("Authorization", format!("KakaoAK {KEY}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let sent = kakao.stand_in.sent();
    assert_eq!(sent[1].raw_path, format!("/v2/bots/{BOT}%21/talk"));
    assert_eq!(sent[1].bot_id, dev);
}

#[tokio::test]
async fn the_stand_in_mounts_under_a_prefix() {
    let stand_in = StandIn::new(StandInConfig::new(KEY, EVENT));
    let base_url = format!(
        "{}/stand-in/kakao",
        serve_in_scope(stand_in.clone(), "/stand-in/kakao")
    );
    let client = client(&base_url, BOT, KEY, Duration::from_secs(5));
    let task = client.send(EVENT, &recipients(&["u1"])).await.unwrap();
    assert_eq!(
        stand_in.sent()[0].raw_path,
        format!("/stand-in/kakao/v2/bots/{BOT}/talk")
    );
    let results = client.task(&task, &keys(&["u1"])).await.unwrap();
    assert_eq!(results, [("u1".to_owned(), RecipientResult::Delivered)]);
}

#[tokio::test]
async fn another_bot_is_not_sent() {
    let mut config = StandInConfig::new(KEY, EVENT);
    config.bot_id = Some(BOT.into());
    let kakao = Kakao::start(config);
    let sent = kakao
        .client_as("someone-else", KEY, Duration::from_secs(5))
        .send(EVENT, &recipients(&["u1"]))
        .await;
    assert!(matches!(sent, Err(PushError::NotSent(_))), "{sent:?}");
}

#[tokio::test]
async fn a_wrong_key_is_not_sent() {
    let kakao = Kakao::plain();
    let sent = kakao
        .client_as(BOT, "not-the-key", Duration::from_secs(5))
        .send(EVENT, &recipients(&["u1"]))
        .await;
    let Err(PushError::NotSent(error)) = sent else {
        panic!("{sent:?}");
    };
    assert!(format!("{error:#}").contains("HTTP 401"), "{error:#}");
    assert!(kakao.stand_in.sent().is_empty());
}

#[tokio::test]
async fn an_unregistered_event_name_is_not_sent() {
    let kakao = Kakao::plain();
    let sent = kakao
        .client()
        .send("no_such_event", &recipients(&["u1"]))
        .await;
    let Err(PushError::NotSent(error)) = sent else {
        panic!("{sent:?}");
    };
    assert!(format!("{error:#}").contains("HTTP 400: FAIL"), "{error:#}");
    assert!(kakao.stand_in.sent().is_empty());
}

#[tokio::test]
async fn no_recipients_or_too_many_are_refused_without_a_call() {
    let kakao = Kakao::plain();
    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for recipients in [recipients(&[]), recipients(&many)] {
        let sent = kakao.client().send(EVENT, &recipients).await;
        assert!(matches!(sent, Err(PushError::NotSent(_))), "{sent:?}");
    }
    assert!(kakao.stand_in.sent().is_empty());
    // A full call is fine.
    kakao
        .client()
        .send(EVENT, &recipients(&many[..100]))
        .await
        .unwrap();
}

#[tokio::test]
async fn error_statuses_are_not_sent_and_the_next_send_goes_through() {
    let kakao = Kakao::plain();
    kakao.stand_in.fail_next(1, Fault::Down);
    kakao.stand_in.fail_next(1, Fault::Status(500));
    kakao.stand_in.fail_next(1, Fault::Status(429));
    for expected in ["HTTP 503", "HTTP 500", "HTTP 429"] {
        let sent = kakao.client().send(EVENT, &recipients(&["u1"])).await;
        let Err(PushError::NotSent(error)) = sent else {
            panic!("{sent:?}");
        };
        assert!(format!("{error:#}").contains(expected), "{error:#}");
    }
    assert!(kakao.stand_in.sent().is_empty());
    kakao
        .client()
        .send(EVENT, &recipients(&["u1"]))
        .await
        .unwrap();
    assert_eq!(kakao.stand_in.sent().len(), 1);
}

#[tokio::test]
async fn a_gateway_timeout_is_unknown() {
    let kakao = Kakao::plain();
    kakao.stand_in.fail_next(1, Fault::Status(504));
    let sent = kakao.client().send(EVENT, &recipients(&["u1"])).await;
    assert!(matches!(sent, Err(PushError::Unknown(_))), "{sent:?}");
}

/// Why a timeout is not retried: the send went out, and a retry would push it twice.
#[tokio::test]
async fn a_timeout_is_unknown_though_the_send_went_out() {
    let kakao = Kakao::plain();
    kakao
        .stand_in
        .fail_next(1, Fault::Timeout(Duration::from_secs(2)));
    let client = kakao.client_as(BOT, KEY, Duration::from_millis(300));
    let sent = client.send(EVENT, &recipients(&["u1"])).await;
    let Err(PushError::Unknown(error)) = sent else {
        panic!("{sent:?}");
    };
    assert!(format!("{error:#}").contains("timed out"), "{error:#}");

    let accepted = kakao.stand_in.sent();
    assert_eq!(accepted.len(), 1);
    let task = junggye_notifications::TaskId(accepted[0].task_id.clone());
    let results = kakao.client().task(&task, &keys(&["u1"])).await.unwrap();
    assert_eq!(results, [("u1".to_owned(), RecipientResult::Delivered)]);
}

#[tokio::test]
async fn no_server_is_not_sent() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client(
        &format!("http://127.0.0.1:{port}"),
        BOT,
        KEY,
        Duration::from_secs(2),
    );
    let sent = client.send(EVENT, &recipients(&["u1"])).await;
    assert!(matches!(sent, Err(PushError::NotSent(_))), "{sent:?}");
}
