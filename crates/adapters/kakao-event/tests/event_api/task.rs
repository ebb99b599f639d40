#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_kakao_event::stand_in::{SkillHook, StandInConfig};
use junggye_notifications::RecipientResult::{Delivered, Failed, Unreachable};
use junggye_notifications::{PushError, PushGateway, RecipientResult, TaskId};

use crate::support::{EVENT, KEY, Kakao, SKILL_SECRET, keys, recipients, skill_server};

async fn results(kakao: &Kakao, users: &[&str]) -> Vec<(String, RecipientResult)> {
    let client = kakao.client();
    let task = client.send(EVENT, &recipients(users)).await.unwrap();
    client.task(&task, &keys(users)).await.unwrap()
}

fn pairs(expected: &[(&str, RecipientResult)]) -> Vec<(String, RecipientResult)> {
    expected
        .iter()
        .map(|(k, r)| ((*k).to_owned(), *r))
        .collect()
}

#[tokio::test]
async fn a_non_friend_is_unreachable() {
    let kakao = Kakao::plain();
    kakao.stand_in.add_not_friend("stranger");
    assert_eq!(
        results(&kakao, &["stranger", "friend"]).await,
        pairs(&[("stranger", Unreachable), ("friend", Delivered)])
    );
}

#[tokio::test]
async fn an_unknown_key_alone_is_unreachable() {
    let kakao = Kakao::plain();
    kakao.stand_in.add_unknown_key("ghost");
    assert_eq!(
        results(&kakao, &["ghost"]).await,
        pairs(&[("ghost", Unreachable)])
    );
}

/// Kakao does not say which key failed to resolve; neither result is retried.
#[tokio::test]
async fn an_unknown_key_beside_a_delivered_one_counts_as_delivered() {
    let kakao = Kakao::plain();
    kakao.stand_in.add_unknown_key("ghost");
    assert_eq!(
        results(&kakao, &["ghost", "friend"]).await,
        pairs(&[("ghost", Delivered), ("friend", Delivered)])
    );
}

#[tokio::test]
async fn a_mixed_batch_gets_one_result_each() {
    let mut config = StandInConfig::new(KEY, EVENT);
    let mut hook = SkillHook::new(skill_server());
    hook.secret_header = Some(("X-Skill-Secret".into(), SKILL_SECRET.into()));
    config.skill = Some(hook);
    let kakao = Kakao::start(config);
    kakao.stand_in.add_not_friend("stranger");
    assert_eq!(
        results(&kakao, &["friend", "stranger", "broken"]).await,
        pairs(&[
            ("friend", Delivered),
            ("stranger", Unreachable),
            ("broken", Failed),
        ])
    );
}

#[tokio::test]
async fn an_unknown_task_is_looked_up_again_later() {
    let kakao = Kakao::plain();
    let lookup = kakao
        .client()
        .task(
            &TaskId("5f767a00-2ac6-408a-865b-be66ede611a2".into()),
            &keys(&["u1"]),
        )
        .await;
    let Err(PushError::NotSent(error)) = lookup else {
        panic!("{lookup:?}");
    };
    assert!(format!("{error:#}").contains("HTTP 404"), "{error:#}");
}
