use junggye_kakao_event::stand_in::{SkillHook, StandInConfig};
use junggye_notifications::RecipientResult::{Delivered, Failed};
use junggye_notifications::{PushGateway, RecipientResult};
use serde_json::json;

use crate::support::{BOT, EVENT, KEY, Kakao, SKILL_SECRET, keys, recipients, skill_server};

fn with_skill(secret: &str) -> Kakao {
    let mut hook = SkillHook::new(skill_server());
    hook.secret_header = Some(("X-Skill-Secret".into(), secret.into()));
    let mut config = StandInConfig::new(KEY, EVENT);
    config.skill = Some(hook);
    Kakao::start(config)
}

#[tokio::test]
async fn the_skill_reply_lands_in_the_members_mailbox() {
    let kakao = with_skill(SKILL_SECRET);
    let client = kakao.client();
    let task = client
        .send(EVENT, &recipients(&["u1", "quiet"]))
        .await
        .unwrap();

    assert_eq!(
        kakao.stand_in.mailbox_drain("u1"),
        [json!({ "version": "2.0", "template": { "outputs": [
            { "simpleText": { "text": format!("알림 1 to {BOT}") } } ] } })]
    );
    assert!(kakao.stand_in.mailbox_drain("u1").is_empty(), "drained");
    // An empty reply sends nothing, and is no failure.
    assert!(kakao.stand_in.mailbox_drain("quiet").is_empty());
    let results = client.task(&task, &keys(&["u1", "quiet"])).await.unwrap();
    assert_eq!(
        results,
        [
            ("u1".to_owned(), Delivered),
            ("quiet".to_owned(), Delivered)
        ]
    );
}

#[tokio::test]
async fn a_skill_refusing_the_call_fails_the_recipient() {
    let kakao = with_skill("wrong-secret");
    let client = kakao.client();
    let task = client.send(EVENT, &recipients(&["u1"])).await.unwrap();
    assert!(kakao.stand_in.mailbox_drain("u1").is_empty());
    let results: Vec<(String, RecipientResult)> = client.task(&task, &keys(&["u1"])).await.unwrap();
    assert_eq!(results, [("u1".to_owned(), Failed)]);
}
