//! /skill/deals on a warm cache: five commerceCards per reply, a cursor for the next five,
//! and a friendly reply when there is nothing (or the cache fails). No network involved.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, test, web};
use async_trait::async_trait;
use chrono::Utc;
use junggye_deals::{
    Currency, Deal, DealCache, DealError, DealFeed, DealSnapshot, DealWindow, Price,
};
use junggye_domain_common::SystemClock;
use junggye_kakao_skill::{Blocks, SkillConfig, SkillServices, SkillState, testing};
use junggye_members::{MemberService, MockMemberRepository};
use serde_json::{Value, json};

const SCENARIO: &str = include_str!("../../../../config/scenario.toml");

/// A cache holding a fixed snapshot, or failing.
enum FixedCache {
    Warm(DealSnapshot),
    Empty,
    Broken,
}

#[async_trait]
impl DealCache for FixedCache {
    async fn store(&self, _: &DealSnapshot) -> Result<(), DealError> {
        Ok(())
    }
    async fn window(&self, offset: usize, limit: usize) -> Result<Option<DealWindow>, DealError> {
        match self {
            Self::Warm(snapshot) => {
                let total = snapshot.deals.len();
                let offset = if offset >= total { 0 } else { offset };
                Ok(Some(DealWindow {
                    deals: snapshot
                        .deals
                        .iter()
                        .skip(offset)
                        .take(limit)
                        .cloned()
                        .collect(),
                    offset,
                    total,
                    fetched_at: snapshot.fetched_at,
                }))
            }
            Self::Empty => Ok(None),
            Self::Broken => Err(DealError::Cache(anyhow::anyhow!("redis down"))),
        }
    }
    async fn try_lock_refresh(&self, _: &str, _: Duration) -> Result<bool, DealError> {
        Ok(false)
    }
    async fn unlock_refresh(&self, _: &str) -> Result<(), DealError> {
        Ok(())
    }
}

fn deal(i: usize) -> Deal {
    Deal {
        title: format!("[쿠팡] 삼성전자 990 PRO 2TB NVMe SSD 역대 최저가 특가 {i}"),
        price: if i == 1 {
            Price::new(12, Currency::parse("USD").unwrap())
        } else {
            Price::new(189_000, Currency::krw())
        },
        price_text: if i == 1 {
            "$12.99 (USD)".into()
        } else {
            "￦ 189,000 (KRW)".into()
        },
        category: "PC/하드웨어".into(),
        shop: (i != 2).then(|| "쿠팡".into()),
        brand_icon_url: Some("https://img.example/coupang.png".into()),
        image_url: Some(format!("https://img.example/{i}.jpg")),
        post_url: format!("https://board.example/views/{i}"),
        purchase_url: (i != 3).then(|| format!("https://link.coupang.com/a/{i}")),
        popular: i == 0,
    }
}

fn warm(n: usize, age: chrono::Duration) -> FixedCache {
    FixedCache::Warm(DealSnapshot {
        deals: (0..n).map(deal).collect(),
        fetched_at: Utc::now() - age,
    })
}

/// Hot deals never touch members: with no expectations set, any member call panics in the
/// skill and the test reads the generic error reply instead of deals.
fn state(cache: Option<FixedCache>) -> web::Data<SkillState> {
    state_with_members(MockMemberRepository::new(), cache)
}

fn state_with_members(
    members: MockMemberRepository,
    cache: Option<FixedCache>,
) -> web::Data<SkillState> {
    let members = Arc::new(MemberService::new(Arc::new(members), Arc::new(SystemClock)));
    let mut services = SkillServices {
        members,
        ..testing::services()
    };
    if let Some(cache) = cache {
        services.deals = Arc::new(DealFeed::new(Arc::new(cache), Arc::new(SystemClock)));
    }
    web::Data::new(SkillState::new(
        services,
        Blocks::from_toml(SCENARIO).unwrap(),
        SkillConfig::default(),
    ))
}

async fn call(state: web::Data<SkillState>, extra: Value) -> Value {
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state.clone())),
    )
    .await;
    let request = test::TestRequest::post()
        .uri("/skill/deals")
        .set_json(json!({
            "userRequest": {"user": {"id": "guest-1", "type": "botUserKey", "properties": {}}},
            "action": {"params": {}, "clientExtra": extra}
        }))
        .to_request();
    test::call_and_read_body_json(&app, request).await
}

fn quick_replies(reply: &Value) -> Vec<(String, Value)> {
    reply["template"]["quickReplies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["label"].as_str().unwrap().to_owned(), q["extra"].clone()))
        .collect()
}

#[actix_web::test]
async fn first_page_is_five_commerce_cards_with_a_cursor_to_the_next() {
    let reply = call(
        state(Some(warm(12, chrono::Duration::minutes(3)))),
        json!({}),
    )
    .await;

    let outputs = reply["template"]["outputs"].as_array().unwrap();
    let header = outputs[0]["simpleText"]["text"].as_str().unwrap();
    assert_eq!(header, "🔥 핫딜 1~5 / 12 · 3분 전 업데이트");
    let carousel = &outputs[1]["carousel"];
    assert_eq!(carousel["type"], "commerceCard");
    let cards = carousel["items"].as_array().unwrap();
    assert_eq!(cards.len(), 5);

    let popular = &cards[0];
    assert_eq!(
        popular["title"].as_str().unwrap().chars().count(),
        30,
        "cut at 30"
    );
    assert!(popular["title"].as_str().unwrap().ends_with('…'));
    assert_eq!(popular["price"], 189_000);
    assert_eq!(popular["description"], "PC/하드웨어\n금액단위: KRW");
    assert_eq!(popular["profile"]["nickname"], "쿠팡(인기)");
    assert_eq!(
        popular["profile"]["imageUrl"],
        "https://img.example/coupang.png"
    );
    assert_eq!(
        popular["thumbnails"][0]["imageUrl"],
        "https://img.example/0.jpg"
    );
    assert_eq!(popular["thumbnails"][0]["fixedRatio"], true);
    assert_eq!(popular["buttons"][0]["label"], "상세보기");
    assert_eq!(
        popular["buttons"][0]["webLinkUrl"],
        "https://board.example/views/0"
    );
    assert_eq!(popular["buttons"][1]["label"], "구매하러가기");
    assert_eq!(
        popular["buttons"][1]["webLinkUrl"],
        "https://link.coupang.com/a/0"
    );

    assert_eq!(
        cards[1]["description"],
        "PC/하드웨어\n금액단위: USD · $12.99"
    );
    assert_eq!(cards[2]["profile"]["nickname"], "핫딜", "no shop named");
    assert_eq!(
        cards[3]["buttons"].as_array().unwrap().len(),
        1,
        "no purchase link"
    );
    for card in cards {
        assert!(card["description"].as_str().unwrap().chars().count() <= 40);
    }

    assert_eq!(
        quick_replies(&reply),
        [
            ("더보기".to_owned(), json!({"cursor": "5"})),
            ("메인메뉴".to_owned(), Value::Null),
        ]
    );
}

#[actix_web::test]
async fn the_last_page_has_no_more_button() {
    let reply = call(
        state(Some(warm(12, chrono::Duration::seconds(10)))),
        json!({"cursor": "10"}),
    )
    .await;
    let outputs = reply["template"]["outputs"].as_array().unwrap();
    assert_eq!(
        outputs[0]["simpleText"]["text"],
        "🔥 핫딜 11~12 / 12 · 방금 업데이트"
    );
    assert_eq!(outputs[1]["carousel"]["items"].as_array().unwrap().len(), 2);
    let labels: Vec<String> = quick_replies(&reply).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["메인메뉴"]);
}

#[actix_web::test]
async fn a_numeric_or_garbage_cursor_is_accepted() {
    let numeric = call(
        state(Some(warm(12, chrono::Duration::zero()))),
        json!({"cursor": 5}),
    )
    .await;
    assert!(
        numeric["template"]["outputs"][0]["simpleText"]["text"]
            .as_str()
            .unwrap()
            .starts_with("🔥 핫딜 6~10")
    );
    let garbage = call(
        state(Some(warm(12, chrono::Duration::zero()))),
        json!({"cursor": "abc"}),
    )
    .await;
    assert!(
        garbage["template"]["outputs"][0]["simpleText"]["text"]
            .as_str()
            .unwrap()
            .starts_with("🔥 핫딜 1~5")
    );
}

#[actix_web::test]
async fn stale_deals_are_served_with_a_warning() {
    let reply = call(state(Some(warm(3, chrono::Duration::hours(2)))), json!({})).await;
    let header = reply["template"]["outputs"][0]["simpleText"]["text"]
        .as_str()
        .unwrap();
    assert!(header.contains("2시간 전 업데이트"), "{header}");
    assert!(header.contains("최신 정보가 아닐 수 있어요"), "{header}");
}

#[actix_web::test]
async fn an_empty_cache_gets_a_friendly_korean_reply() {
    // A deal feed is always configured now; "none yet" is the empty cache.
    let reply = call(state(Some(FixedCache::Empty)), json!({})).await;
    assert_eq!(
        reply["template"]["outputs"][0]["simpleText"]["text"],
        "아직 불러온 핫딜 정보가 없어요.\n잠시 후 다시 확인해주세요."
    );
    assert_eq!(quick_replies(&reply)[0].0, "메인메뉴");
}

#[actix_web::test]
async fn a_broken_cache_gets_a_friendly_korean_reply() {
    let reply = call(state(Some(FixedCache::Broken)), json!({})).await;
    assert_eq!(
        reply["template"]["outputs"][0]["simpleText"]["text"],
        "핫딜 정보를 불러오지 못했어요.\n잠시 후 다시 시도해주세요."
    );
}

#[actix_web::test]
async fn home_offers_hot_deals_to_guests() {
    // Home looks the caller up to choose between the member and the guest menu; guest-2 has
    // no row. Nothing else may touch members.
    let mut members = MockMemberRepository::new();
    members
        .expect_find_by_user_key()
        .withf(|key| key.as_str() == "guest-2")
        .times(1)
        .returning(|_| Ok(None));
    let state = state_with_members(members, None);
    let app = test::init_service(
        App::new().configure(|cfg| junggye_kakao_skill::configure(cfg, state.clone())),
    )
    .await;
    let request = test::TestRequest::post()
        .uri("/skill/home")
        .set_json(json!({"userRequest": {"user": {"id": "guest-2"}}}))
        .to_request();
    let reply: Value = test::call_and_read_body_json(&app, request).await;
    let hot = reply["template"]["quickReplies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["label"] == "핫딜")
        .cloned()
        .unwrap();
    assert_eq!(hot["blockId"], "HOT_DEALS");
}
