//! Hot deals through the whole app: the refresher started at boot crawls a local board serving
//! the crawler's fixture pages into the in-process cache, and /skill/deals reads only that cache.

use std::time::{Duration, Instant};

use junggye_mysql::testing::TestDb;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::helpers::{Reply, TestApp, payload};

fn fixture(name: &str) -> Option<String> {
    std::fs::read_to_string(format!(
        "{}/../adapters/crawler/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .ok()
}

/// `/bbs/qb_saleinfo/views/{id}` → `detail/{id}.html`, or 404.
struct Details;

impl Respond for Details {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        fixture(&format!("detail/{id}.html")).map_or_else(
            || ResponseTemplate::new(404),
            |body| ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8"),
        )
    }
}

async fn board() -> MockServer {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/bbs/qb_saleinfo"))
            .and(query_param("page", page.to_string()))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(
                    fixture(&format!("list/page{page}.html"))
                        .unwrap_or_else(|| panic!("fixture list/page{page}.html is missing")),
                    "text/html; charset=utf-8",
                ),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/bbs/qb_saleinfo/views/\d+$"))
        .respond_with(Details)
        .mount(&server)
        .await;
    server
}

fn header(reply: &Reply) -> String {
    reply.0["template"]["outputs"][0]["simpleText"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn cards(reply: &Reply) -> Vec<Value> {
    reply.0["template"]["outputs"][1]["carousel"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn deals_are_crawled_at_boot_and_served_from_the_cache() {
    let board = board().await;
    let source = format!("{}/bbs/qb_saleinfo", board.uri());
    let app = TestApp::spawn_with(
        TestDb::sqlite().await,
        &[
            ("APP__DEALS__ENABLED", "true"),
            ("APP__DEALS__SOURCE_URL", &source),
            ("APP__DEALS__REQUEST_GAP_MS", "5"),
        ],
    )
    .await;
    let guest = |extra: Value| payload("deal-guest", json!({}), extra);

    // The refresher runs in the background; until it is done the reply says so politely.
    let started = Instant::now();
    let first = loop {
        let reply = app.skill("/skill/deals", &guest(json!({}))).await;
        if header(&reply).starts_with("🔥") {
            break reply;
        }
        assert!(
            reply.text().contains("아직 불러온 핫딜 정보가 없어요"),
            "{}",
            reply.0
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "cache never warmed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let crawled = board.received_requests().await.unwrap_or_default().len();

    assert_eq!(header(&first), "🔥 핫딜 1~5 / 11 · 방금 업데이트");
    let first_cards = cards(&first);
    assert_eq!(first_cards.len(), 5);
    assert_eq!(first_cards[0]["profile"]["nickname"], "쿠팡(인기)");
    assert_eq!(
        first_cards[0]["buttons"][1]["webLinkUrl"],
        "https://link.coupang.com/a/bXy12Q"
    );
    assert_eq!(first_cards[1]["price"], 1_234_000);
    assert_eq!(
        first_cards[3]["description"],
        "해외핫딜\n금액단위: USD · $12.99"
    );
    let more = first.quick_reply("더보기");
    assert_eq!(more["blockId"], "HOT_DEALS");

    let second = app
        .skill("/skill/deals", &guest(more["extra"].clone()))
        .await;
    assert_eq!(header(&second), "🔥 핫딜 6~10 / 11 · 방금 업데이트");
    let third = app
        .skill(
            "/skill/deals",
            &guest(second.quick_reply("더보기")["extra"].clone()),
        )
        .await;
    assert_eq!(cards(&third).len(), 1);
    assert_eq!(third.quick_replies(), ["메인메뉴"]);

    // Replies never reach the board: no request arrived while they were served.
    assert_eq!(
        board.received_requests().await.unwrap_or_default().len(),
        crawled
    );
    app.cleanup().await;
}

#[tokio::test]
async fn without_the_refresher_the_reply_is_a_friendly_empty_notice() {
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let reply = app
        .skill(
            "/skill/deals",
            &payload("deal-guest-2", json!({}), json!({})),
        )
        .await;
    assert_eq!(
        reply.text(),
        "아직 불러온 핫딜 정보가 없어요.\n잠시 후 다시 확인해주세요."
    );
    assert_eq!(reply.quick_replies(), ["메인메뉴"]);
    app.cleanup().await;
}
