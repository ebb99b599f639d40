//! Keyword and like skills on mocks: the Korean refusals, the list's delete buttons, and what
//! a suspended member may not do. The app's HTTP tests run the same skills on real databases.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::sync::Arc;

use actix_web::{App, test, web};
use junggye_domain_common::SystemClock;
use junggye_kakao_skill::{Blocks, SkillConfig, SkillServices, SkillState, testing};
use junggye_members::{MemberId, MemberService, MemberStatus, MockMemberRepository};
use junggye_notifications::alerts::{
    AlertConfig, AlertError, AlertKeyword, AlertService, MockKeywordRepository,
};
use junggye_notifications::{
    MockNotificationRepository, MockPushGateway, NotificationConfig, NotificationService,
};
use serde_json::{Value, json};

const SCENARIO: &str = include_str!("../../../../config/scenario.toml");

fn members(status: MemberStatus) -> MockMemberRepository {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_user_key()
        .returning(move |_| Ok(Some(junggye_members::testing::member(MemberId(2), status))));
    repo
}

fn state(status: MemberStatus, keywords: MockKeywordRepository) -> web::Data<SkillState> {
    let clock = Arc::new(SystemClock);
    let notifications = Arc::new(NotificationService::new(
        Arc::new(MockNotificationRepository::new()),
        Arc::new(MockPushGateway::new()),
        clock.clone(),
        NotificationConfig::default(),
    ));
    let services = SkillServices {
        members: Arc::new(MemberService::new(Arc::new(members(status)), clock.clone())),
        alerts: Arc::new(AlertService::new(
            Arc::new(keywords),
            notifications,
            clock,
            AlertConfig::default(),
        )),
        ..testing::services()
    };
    web::Data::new(SkillState::new(
        services,
        Blocks::from_toml(SCENARIO).unwrap(),
        SkillConfig::default(),
    ))
}

async fn call(state: web::Data<SkillState>, route: &str, params: Value, extra: Value) -> Value {
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state.clone())),
    )
    .await;
    let request = test::TestRequest::post()
        .uri(route)
        .set_json(json!({
            "userRequest": {"user": {"id": "user-2", "type": "botUserKey", "properties": {}}},
            "action": {"params": params, "clientExtra": extra}
        }))
        .to_request();
    test::call_and_read_body_json(&app, request).await
}

fn text(reply: &Value) -> String {
    reply["template"]["outputs"][0]["simpleText"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn kept(n: usize) -> Vec<AlertKeyword> {
    (0..n)
        .map(|i| AlertKeyword::stored(format!("키워드{i}")))
        .collect()
}

#[actix_web::test]
async fn each_refusal_of_an_add_is_told_in_korean() {
    let mut full = MockKeywordRepository::new();
    full.expect_keywords().returning(|_| Ok(kept(10)));
    let reply = call(
        state(MemberStatus::Active, full),
        "/skill/alerts/add",
        json!({"keyword": "맥북"}),
        json!({}),
    )
    .await;
    assert!(text(&reply).contains("최대 10개"), "{reply}");

    let mut dup = MockKeywordRepository::new();
    dup.expect_keywords()
        .returning(|_| Ok(vec![AlertKeyword::stored("맥북".into())]));
    let reply = call(
        state(MemberStatus::Active, dup),
        "/skill/alerts/add",
        json!({"keyword": " 맥북 "}),
        json!({}),
    )
    .await;
    assert_eq!(text(&reply), "이미 등록한 키워드예요.", "{reply}");

    let reply = call(
        state(MemberStatus::Active, MockKeywordRepository::new()),
        "/skill/alerts/add",
        json!({"keyword": "맥"}),
        json!({}),
    )
    .await;
    assert_eq!(text(&reply), "키워드는 2~20자로 입력해주세요.", "{reply}");

    let reply = call(
        state(MemberStatus::Active, MockKeywordRepository::new()),
        "/skill/alerts/add",
        json!({}),
        json!({}),
    )
    .await;
    assert_eq!(text(&reply), "알림 받을 키워드를 입력해주세요.", "{reply}");
}

#[actix_web::test]
async fn a_suspended_member_cannot_add_a_keyword() {
    let mut keywords = MockKeywordRepository::new();
    keywords.expect_keywords().never();
    keywords.expect_insert().never();
    let reply = call(
        state(MemberStatus::Suspended, keywords),
        "/skill/alerts/add",
        json!({"keyword": "맥북"}),
        json!({}),
    )
    .await;
    assert!(!text(&reply).contains("등록했어요"), "{reply}");
}

#[actix_web::test]
async fn the_list_gives_every_keyword_its_delete_button_and_hides_add_when_full() {
    let mut keywords = MockKeywordRepository::new();
    keywords.expect_keywords().returning(|_| Ok(kept(10)));
    let reply = call(
        state(MemberStatus::Active, keywords),
        "/skill/alerts",
        json!({}),
        json!({}),
    )
    .await;
    let cards = reply["template"]["outputs"][1]["carousel"]["items"]
        .as_array()
        .unwrap();
    assert_eq!(cards.len(), 10, "{reply}");
    for (i, card) in cards.iter().enumerate() {
        assert_eq!(card["title"], format!("키워드{i}"));
        assert_eq!(card["buttons"][0]["label"], "삭제");
        assert_eq!(card["buttons"][0]["blockId"], "ALERT_REMOVE");
        assert_eq!(card["buttons"][0]["extra"]["keyword"], format!("키워드{i}"));
    }
    let labels: Vec<&str> = reply["template"]["quickReplies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["label"].as_str())
        .collect();
    assert!(!labels.contains(&"키워드 추가"), "{reply}");
}

#[actix_web::test]
async fn removing_a_keyword_not_kept_says_so_and_a_storage_failure_stays_generic() {
    let mut keywords = MockKeywordRepository::new();
    keywords.expect_delete().returning(|_, _| Ok(false));
    let reply = call(
        state(MemberStatus::Active, keywords),
        "/skill/alerts/remove",
        json!({}),
        json!({"keyword": "맥북"}),
    )
    .await;
    assert_eq!(text(&reply), "등록되지 않은 키워드예요.", "{reply}");

    let mut broken = MockKeywordRepository::new();
    broken
        .expect_keywords()
        .returning(|_| Err(AlertError::Unexpected(anyhow::anyhow!("secret table name"))));
    let reply = call(
        state(MemberStatus::Active, broken),
        "/skill/alerts",
        json!({}),
        json!({}),
    )
    .await;
    assert!(!reply.to_string().contains("secret table name"), "{reply}");
}
