//! The deadline: a slow backend gets the user a friendly reply in time, and the work it
//! started still finishes in the background.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, test, web};
use async_trait::async_trait;
use chrono::Utc;
use junggye_domain_common::SystemClock;
use junggye_kakao_skill::{Blocks, SkillConfig, SkillServices, SkillState, testing};
use junggye_members::{
    Grade, Member, MemberError, MemberId, MemberRepository, MemberService, MemberStatus, NewMember,
    PhoneNumber, UserKey,
};
use serde_json::{Value, json};

const SCENARIO: &str = include_str!("../../../../config/scenario.toml");

/// Storage that takes its time, then really does the work.
struct SlowRepo {
    delay: Duration,
    joined: Arc<AtomicBool>,
}

#[async_trait]
impl MemberRepository for SlowRepo {
    async fn find_by_user_key(&self, _: &UserKey) -> Result<Option<Member>, MemberError> {
        Ok(None)
    }
    async fn find_by_id(&self, _: MemberId) -> Result<Option<Member>, MemberError> {
        Ok(None)
    }
    async fn join(&self, m: &NewMember) -> Result<Member, MemberError> {
        tokio::time::sleep(self.delay).await;
        self.joined.store(true, Ordering::SeqCst);
        Ok(Member {
            id: MemberId(1),
            user_key: m.user_key.clone(),
            plusfriend_user_key: None,
            nickname: m.nickname.clone(),
            phone: m.phone.clone(),
            profile_image: None,
            grade: Grade::Bronze,
            status: MemberStatus::Active,
            completed_trades: 0,
            manner: junggye_members::MannerScore::START,
            joined_at: Utc::now(),
        })
    }
    async fn update_phone(&self, _: MemberId, _: &PhoneNumber) -> Result<(), MemberError> {
        Ok(())
    }
    async fn update_profile_image(
        &self,
        _: MemberId,
        _: Option<String>,
    ) -> Result<Option<String>, MemberError> {
        Ok(None)
    }
    async fn list(
        &self,
        _: &junggye_members::MemberFilter,
        _: junggye_domain_common::Page,
    ) -> Result<junggye_domain_common::Paged<Member>, MemberError> {
        Ok(junggye_domain_common::Paged {
            items: Vec::new(),
            has_more: false,
        })
    }
    async fn set_status(
        &self,
        _: MemberId,
        _: junggye_members::MemberStatus,
    ) -> Result<(), MemberError> {
        Err(MemberError::NotFound)
    }
    async fn set_grade(&self, _: MemberId, _: junggye_members::Grade) -> Result<(), MemberError> {
        Err(MemberError::NotFound)
    }
    async fn update_nickname(
        &self,
        _: MemberId,
        _: &junggye_members::Nickname,
    ) -> Result<(), MemberError> {
        Err(MemberError::NotFound)
    }
}

fn state(repo: SlowRepo, deadline: Duration) -> web::Data<SkillState> {
    let members = Arc::new(MemberService::new(Arc::new(repo), Arc::new(SystemClock)));
    web::Data::new(SkillState::new(
        SkillServices {
            members,
            ..testing::services()
        },
        Blocks::from_toml(SCENARIO).unwrap(),
        SkillConfig {
            deadline,
            ..SkillConfig::default()
        },
    ))
}

fn join_payload() -> Value {
    json!({
        "userRequest": {"user": {"id": "slow-user", "type": "botUserKey", "properties": {}}},
        "action": {"params": {"name": "느긋한사람", "phone": "010-1234-5678"}}
    })
}

fn text_of(reply: &Value) -> String {
    reply["template"]["outputs"][0]["simpleText"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_skill_answers_by_the_deadline_and_finishes_in_background() {
    let joined = Arc::new(AtomicBool::new(false));
    let state = state(
        SlowRepo {
            delay: Duration::from_millis(600),
            joined: Arc::clone(&joined),
        },
        Duration::from_millis(100),
    );
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state.clone())),
    )
    .await;
    let started = Instant::now();
    let request = test::TestRequest::post()
        .uri("/skill/members/join")
        .set_json(join_payload())
        .to_request();
    let reply: Value = test::call_and_read_body_json(&app, request).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(500),
        "answered after {elapsed:?}"
    );
    assert!(text_of(&reply).contains("시간이 오래 걸리고"), "{reply}");
    assert!(!joined.load(Ordering::SeqCst), "the save is still running");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        joined.load(Ordering::SeqCst),
        "the save finished after the reply"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fast_skill_answers_normally() {
    let joined = Arc::new(AtomicBool::new(false));
    let state = state(
        SlowRepo {
            delay: Duration::from_millis(1),
            joined,
        },
        Duration::from_millis(2000),
    );
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state.clone())),
    )
    .await;
    let request = test::TestRequest::post()
        .uri("/skill/members/join")
        .set_json(join_payload())
        .to_request();
    let reply: Value = test::call_and_read_body_json(&app, request).await;
    assert!(text_of(&reply).contains("회원가입이 완료"), "{reply}");
}
