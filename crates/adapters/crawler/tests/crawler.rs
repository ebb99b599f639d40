//! The crawler against a local server answering like the board, with the fixture pages.

#![expect(clippy::unwrap_used, reason = "test helpers panic to report failures")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use junggye_crawler::{Crawler, CrawlerConfig};
use junggye_deals::{DealError, DealSource};
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn html(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8")
}

/// When each request came, and its User-Agent.
type Seen = Arc<Mutex<Vec<(Instant, Option<String>)>>>;

/// Serves fixed responses in turn (the last one forever) and records when each request came.
struct Script {
    responses: Vec<ResponseTemplate>,
    calls: AtomicUsize,
    seen: Seen,
}

impl Script {
    fn new(responses: Vec<ResponseTemplate>) -> (Self, Seen) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Self {
            responses,
            calls: AtomicUsize::new(0),
            seen: seen.clone(),
        };
        (script, seen)
    }
}

impl Respond for Script {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let agent = request
            .headers
            .get("user-agent")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        self.seen.lock().unwrap().push((Instant::now(), agent));
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.responses[n.min(self.responses.len() - 1)].clone()
    }
}

async fn board() -> MockServer {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/bbs/qb_saleinfo"))
            .and(query_param("page", page.to_string()))
            .respond_with(html(fixture(&format!("list/page{page}.html"))))
            .mount(&server)
            .await;
    }
    server
}

fn config(server: &MockServer) -> CrawlerConfig {
    let source = Url::parse(&format!("{}/bbs/qb_saleinfo", server.uri())).unwrap();
    CrawlerConfig {
        retry_base: Duration::from_millis(50),
        ..CrawlerConfig::new(source)
    }
}

#[tokio::test]
async fn reads_a_list_page_and_a_detail_page_over_http() {
    let server = board().await;
    Mock::given(method("GET"))
        .and(path("/bbs/qb_saleinfo/views/1581001"))
        .respond_with(html(fixture("detail/1581001.html")))
        .mount(&server)
        .await;
    let crawler = Crawler::new(config(&server)).unwrap();

    let rows = crawler.list_page(1).await.unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[0].post_url,
        format!("{}/bbs/qb_saleinfo/views/1581001", server.uri())
    );

    let detail = crawler.detail(&rows[0].post_url).await.unwrap();
    assert_eq!(detail.shop.as_deref(), Some("쿠팡"));
    assert_eq!(
        detail.purchase_url.as_deref(),
        Some("https://link.coupang.com/a/bXy12Q")
    );
}

#[tokio::test]
async fn keeps_the_gap_between_requests_and_names_itself() {
    let server = MockServer::start().await;
    let (script, seen) = Script::new(vec![html(fixture("list/page1.html"))]);
    Mock::given(method("GET"))
        .respond_with(script)
        .mount(&server)
        .await;
    let gap = Duration::from_millis(300);
    let crawler = Arc::new(
        Crawler::new(CrawlerConfig {
            request_gap: gap,
            ..config(&server)
        })
        .unwrap(),
    );

    // Concurrent callers too: the crawler must serialise them.
    let tasks: Vec<_> = (1..=4)
        .map(|page| {
            let crawler = crawler.clone();
            tokio::spawn(async move { crawler.list_page(page).await.map(|rows| rows.len()) })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 10);
    }

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    for pair in seen.windows(2) {
        let between = pair[1].0 - pair[0].0;
        assert!(between >= gap, "only {between:?} between two requests");
    }
    for (_, agent) in seen.iter() {
        assert!(
            agent.as_deref().unwrap().starts_with("junggye-hotdeals/"),
            "{agent:?}"
        );
    }
}

#[tokio::test]
async fn retries_server_errors_then_succeeds() {
    let server = MockServer::start().await;
    let (script, seen) = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(502),
        html(fixture("list/page1.html")),
    ]);
    Mock::given(method("GET"))
        .respond_with(script)
        .mount(&server)
        .await;
    let crawler = Crawler::new(config(&server)).unwrap();

    let rows = crawler.list_page(1).await.unwrap();

    assert_eq!(rows.len(), 10);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    // Backoff 50 ms then 100 ms, each on top of the gap.
    assert!(seen[2].0 - seen[1].0 >= Duration::from_millis(100));
}

#[tokio::test]
async fn gives_up_after_the_last_attempt() {
    let server = MockServer::start().await;
    let (script, seen) = Script::new(vec![ResponseTemplate::new(500)]);
    Mock::given(method("GET"))
        .respond_with(script)
        .mount(&server)
        .await;
    let crawler = Crawler::new(config(&server)).unwrap();

    let result = crawler.list_page(1).await;

    assert!(matches!(result, Err(DealError::Source(_))), "{result:?}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn does_not_retry_a_missing_page() {
    let server = MockServer::start().await;
    let (script, seen) = Script::new(vec![ResponseTemplate::new(404)]);
    Mock::given(method("GET"))
        .respond_with(script)
        .mount(&server)
        .await;
    let crawler = Crawler::new(config(&server)).unwrap();

    assert!(
        crawler
            .detail(&format!("{}/bbs/qb_saleinfo/views/9", server.uri()))
            .await
            .is_err()
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn times_out_a_slow_board_and_retries() {
    let server = MockServer::start().await;
    let (script, seen) = Script::new(vec![
        html(fixture("list/page1.html")).set_delay(Duration::from_secs(5)),
        html(fixture("list/page1.html")),
    ]);
    Mock::given(method("GET"))
        .respond_with(script)
        .mount(&server)
        .await;
    let crawler = Crawler::new(CrawlerConfig {
        timeout: Duration::from_millis(300),
        ..config(&server)
    })
    .unwrap();

    let started = Instant::now();
    let rows = crawler.list_page(1).await.unwrap();

    assert_eq!(rows.len(), 10);
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_unreachable_board_is_a_source_error() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    let crawler = Crawler::new(CrawlerConfig {
        max_attempts: 2,
        retry_base: Duration::from_millis(10),
        ..CrawlerConfig::new(Url::parse("http://127.0.0.1:9/bbs/qb_saleinfo").unwrap())
    })
    .unwrap();
    assert!(matches!(
        crawler.list_page(1).await,
        Err(DealError::Source(_))
    ));
}
