//! The domain's refresher driving the real crawler against the fixture board: what a refresh
//! stores, end to end, short of the cache adapter (adapters do not depend on each other).

#![expect(clippy::unwrap_used, reason = "test helpers panic to report failures")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use junggye_crawler::{Crawler, CrawlerConfig};
use junggye_deals::{
    DealCache, DealError, DealRefresher, DealSnapshot, DealWindow, RefreshConfig, RefreshOutcome,
};
use junggye_domain_common::SystemClock;
use url::Url;
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn fixture(name: &str) -> Option<String> {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .ok()
}

/// Answers `/bbs/qb_saleinfo/views/{id}` with `detail/{id}.html`, or 404.
struct Details;

impl Respond for Details {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        match fixture(&format!("detail/{id}.html")) {
            Some(body) => ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8"),
            None => ResponseTemplate::new(404),
        }
    }
}

#[derive(Default)]
struct MemoryCache(Mutex<Option<DealSnapshot>>);

#[async_trait]
impl DealCache for MemoryCache {
    async fn store(&self, snapshot: &DealSnapshot) -> Result<(), DealError> {
        *self.0.lock().unwrap() = Some(snapshot.clone());
        Ok(())
    }
    async fn window(&self, offset: usize, limit: usize) -> Result<Option<DealWindow>, DealError> {
        Ok(self.0.lock().unwrap().as_ref().map(|s| DealWindow {
            deals: s.deals.iter().skip(offset).take(limit).cloned().collect(),
            offset,
            total: s.deals.len(),
            fetched_at: s.fetched_at,
        }))
    }
    async fn try_lock_refresh(&self, _: &str, _: Duration) -> Result<bool, DealError> {
        Ok(true)
    }
    async fn unlock_refresh(&self, _: &str) -> Result<(), DealError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_refresh_stores_the_live_deals_of_three_pages_with_their_details() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/bbs/qb_saleinfo"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                fixture(&format!("list/page{page}.html")).unwrap(),
                "text/html",
            ))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/bbs/qb_saleinfo/views/\d+$"))
        .respond_with(Details)
        .mount(&server)
        .await;
    let source = Url::parse(&format!("{}/bbs/qb_saleinfo", server.uri())).unwrap();
    let crawler = Crawler::new(CrawlerConfig {
        request_gap: Duration::from_millis(5),
        ..CrawlerConfig::new(source)
    })
    .unwrap();
    let cache = Arc::new(MemoryCache::default());
    let refresher = DealRefresher::new(
        Arc::new(crawler),
        cache.clone(),
        Arc::new(SystemClock),
        RefreshConfig::every(Duration::from_secs(300)),
    );

    let outcome = refresher.refresh_once().await.unwrap();

    let RefreshOutcome::Refreshed(report) = outcome else {
        panic!("expected a refresh, got {outcome:?}");
    };
    // Page 1: 7 live of 10; page 2: 2 new live (one duplicate, one ended, one blinded); page 3: 2.
    assert_eq!(report.deals, 11);
    assert_eq!(report.dropped_rows, 5);
    assert_eq!(report.details_fetched, 11);
    let snapshot = cache.0.lock().unwrap().clone().unwrap();
    let ids: Vec<&str> = snapshot
        .deals
        .iter()
        .map(|deal| deal.post_url.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "1581001", "1581002", "1581005", "1581006", "1581007", "1581008", "1581010", "1580990",
            "1580992", "1580980", "1580981"
        ]
    );
    let steam = &snapshot.deals[2];
    assert_eq!(steam.price.amount(), Some(0));
    assert_eq!(steam.shop.as_deref(), Some("Steam"));
    let no_table = &snapshot.deals[5];
    assert_eq!(
        (no_table.purchase_url.as_deref(), no_table.shop.as_deref()),
        (None, None)
    );
}
