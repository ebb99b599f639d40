use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::{always, eq};

use super::*;
use crate::model::{DealWindow, ListedDeal};
use crate::ports::{MockDealCache, MockDealObserver, MockDealSource};
use crate::price::Price;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    Arc::new(clock)
}

fn row(id: u32, label: Option<&str>) -> ListedDeal {
    ListedDeal {
        subject: format!("{} 딜 {id}", label.unwrap_or_default()),
        title: format!("딜 {id}"),
        price_text: format!("￦ {id},000 (KRW)"),
        category: "PC/하드웨어".into(),
        label: label.map(Into::into),
        image_url: Some(format!("https://img.example/{id}.jpg")),
        brand_icon_url: None,
        post_url: format!("https://board.example/views/{id}"),
    }
}

fn blinded(id: u32) -> ListedDeal {
    ListedDeal {
        subject: "블라인드 처리된 글입니다.".into(),
        title: "블라인드 처리된 글입니다.".into(),
        ..row(id, None)
    }
}

fn detail(id: &str) -> DealDetail {
    DealDetail {
        purchase_url: Some(format!("https://shop.example/buy/{id}")),
        shop: Some("쿠팡".into()),
    }
}

fn deal(id: u32) -> Deal {
    Deal::from_listing(row(id, None), detail(&id.to_string()))
}

fn config(pages: u32) -> RefreshConfig {
    RefreshConfig {
        pages,
        ..RefreshConfig::every(Duration::from_secs(300))
    }
}

/// A cache that is empty, grants the lock, and records what is stored.
fn empty_cache(stored: Arc<Mutex<Vec<DealSnapshot>>>) -> MockDealCache {
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().times(1).returning(|_| Ok(()));
    cache.expect_store().returning(move |snapshot| {
        stored.lock().unwrap().push(snapshot.clone());
        Ok(())
    });
    cache
}

fn refresher(source: MockDealSource, cache: MockDealCache, pages: u32) -> DealRefresher {
    DealRefresher::new(Arc::new(source), Arc::new(cache), clock(), config(pages))
}

#[tokio::test]
async fn refresh_drops_ended_and_blinded_rows_and_stores_the_rest_with_details() {
    let mut source = MockDealSource::new();
    source.expect_list_page().with(eq(1)).returning(|_| {
        Ok(vec![
            row(1, Some("인기")),
            row(2, Some("종료")),
            blinded(3),
            row(4, None),
        ])
    });
    source
        .expect_list_page()
        .with(eq(2))
        .returning(|_| Ok(vec![row(5, None)]));
    let mut seq = mockall::Sequence::new();
    for id in ["1", "4", "5"] {
        source
            .expect_detail()
            .with(eq(format!("https://board.example/views/{id}")))
            .times(1)
            .in_sequence(&mut seq)
            .returning(move |_| Ok(detail(id)));
    }
    let stored = Arc::new(Mutex::new(Vec::new()));
    let refresher = refresher(source, empty_cache(stored.clone()), 2);

    let outcome = refresher.refresh_once().await.unwrap();

    assert_eq!(
        outcome,
        RefreshOutcome::Refreshed(RefreshReport {
            deals: 3,
            dropped_rows: 2,
            details_fetched: 3,
            details_reused: 0,
            detail_failures: 0,
        })
    );
    let stored = stored.lock().unwrap();
    let snapshot = stored.first().unwrap();
    assert_eq!(snapshot.fetched_at, now());
    let titles: Vec<_> = snapshot.deals.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["딜 1", "딜 4", "딜 5"]);
    let first = &snapshot.deals[0];
    assert!(first.popular);
    assert_eq!(first.price, Price::parse("￦ 1,000 (KRW)"));
    assert_eq!(
        first.purchase_url.as_deref(),
        Some("https://shop.example/buy/1")
    );
    assert_eq!(first.shop.as_deref(), Some("쿠팡"));
}

#[tokio::test]
async fn a_post_seen_on_two_pages_is_kept_once() {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .with(eq(1))
        .returning(|_| Ok(vec![row(1, None)]));
    source
        .expect_list_page()
        .with(eq(2))
        .returning(|_| Ok(vec![row(1, None), row(2, None)]));
    source
        .expect_detail()
        .times(2)
        .returning(|_| Ok(detail("x")));
    let stored = Arc::new(Mutex::new(Vec::new()));

    refresher(source, empty_cache(stored.clone()), 2)
        .refresh_once()
        .await
        .unwrap();

    assert_eq!(stored.lock().unwrap()[0].deals.len(), 2);
}

#[tokio::test]
async fn details_known_from_the_previous_snapshot_are_not_fetched_again() {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .returning(|_| Ok(vec![row(1, None), row(2, None)]));
    source
        .expect_detail()
        .with(eq("https://board.example/views/2".to_owned()))
        .times(1)
        .returning(|_| Ok(detail("2")));
    let mut cache = MockDealCache::new();
    cache
        .expect_window()
        .with(eq(0), eq(usize::MAX))
        .returning(|_, _| {
            Ok(Some(DealWindow {
                deals: vec![deal(1)],
                offset: 0,
                total: 1,
                fetched_at: now() - chrono::Duration::minutes(10),
            }))
        });
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().returning(|_| Ok(()));
    cache.expect_store().times(1).returning(|_| Ok(()));

    let outcome = refresher(source, cache, 1).refresh_once().await.unwrap();

    let RefreshOutcome::Refreshed(report) = outcome else {
        panic!("expected a refresh, got {outcome:?}");
    };
    assert_eq!((report.details_reused, report.details_fetched), (1, 1));
}

#[tokio::test]
async fn a_failed_detail_keeps_the_deal_without_a_purchase_link() {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .returning(|_| Ok(vec![row(1, None)]));
    source
        .expect_detail()
        .returning(|_| Err(DealError::Source(anyhow::anyhow!("timeout"))));
    let stored = Arc::new(Mutex::new(Vec::new()));

    let outcome = refresher(source, empty_cache(stored.clone()), 1)
        .refresh_once()
        .await
        .unwrap();

    assert!(matches!(
        outcome,
        RefreshOutcome::Refreshed(RefreshReport {
            detail_failures: 1,
            deals: 1,
            ..
        })
    ));
    let stored = stored.lock().unwrap();
    assert_eq!(stored[0].deals[0].purchase_url, None);
}

#[tokio::test]
async fn a_failed_list_page_keeps_the_old_snapshot_and_releases_the_lock() {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .with(eq(1))
        .returning(|_| Ok(vec![row(1, None)]));
    source
        .expect_list_page()
        .with(eq(2))
        .returning(|_| Err(DealError::Source(anyhow::anyhow!("HTTP 503"))));
    source.expect_detail().returning(|_| Ok(detail("1")));
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().times(1).returning(|_| Ok(()));
    cache.expect_store().never();

    let result = refresher(source, cache, 2).refresh_once().await;

    assert!(matches!(result, Err(DealError::Source(_))), "{result:?}");
}

#[tokio::test]
async fn pages_without_live_deals_are_an_error_not_an_empty_snapshot() {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .returning(|_| Ok(vec![row(1, Some("종료")), blinded(2)]));
    source.expect_detail().never();
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().returning(|_| Ok(()));
    cache.expect_store().never();

    let result = refresher(source, cache, 3).refresh_once().await;

    assert!(
        matches!(result, Err(DealError::NothingFound { pages: 3 })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_fresh_snapshot_is_not_crawled_again() {
    let mut source = MockDealSource::new();
    source.expect_list_page().never();
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| {
        Ok(Some(DealWindow {
            deals: vec![deal(1)],
            offset: 0,
            total: 1,
            fetched_at: now() - chrono::Duration::seconds(30),
        }))
    });
    cache.expect_try_lock_refresh().never();

    let outcome = refresher(source, cache, 1).refresh_once().await.unwrap();

    assert_eq!(
        outcome,
        RefreshOutcome::Skipped(SkipReason::Fresh {
            age: Duration::from_secs(30)
        })
    );
}

#[tokio::test]
async fn another_instance_holding_the_lock_means_no_crawl() {
    let mut source = MockDealSource::new();
    source.expect_list_page().never();
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    cache
        .expect_try_lock_refresh()
        .with(always(), eq(config(1).lock_ttl))
        .returning(|_, _| Ok(false));
    cache.expect_unlock_refresh().never();

    let outcome = refresher(source, cache, 1).refresh_once().await.unwrap();

    assert_eq!(
        outcome,
        RefreshOutcome::Skipped(SkipReason::LockedElsewhere)
    );
}

#[test]
fn only_one_refresh_runs_at_a_time_in_a_process() {
    let flag = AtomicBool::new(false);
    let first = Running::start(&flag);
    assert!(first.is_some());
    assert!(Running::start(&flag).is_none());
    drop(first);
    assert!(Running::start(&flag).is_some());
}

#[test]
fn failures_back_off_doubling_up_to_the_interval() {
    let config = RefreshConfig::every(Duration::from_secs(300));
    let delays: Vec<u64> = (0..9).map(|n| config.delay_after(n).as_secs()).collect();
    assert_eq!(delays, [300, 5, 10, 20, 40, 80, 160, 300, 300]);
    assert_eq!(config.delay_after(u32::MAX), Duration::from_secs(300));
}

#[test]
fn defaults_keep_the_lock_shorter_than_the_interval() {
    let config = RefreshConfig::every(Duration::from_secs(300));
    assert_eq!(config.fresh_for, Duration::from_secs(240));
    assert_eq!(config.lock_ttl, Duration::from_secs(240));
    assert_eq!(config.pages, 3);
}

#[tokio::test(start_paused = true)]
async fn the_loop_retries_failures_soon_and_successes_after_the_interval() {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut source = MockDealSource::new();
    let counter = calls.clone();
    source.expect_list_page().returning(move |_| {
        // First attempt fails, every later one succeeds.
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Err(DealError::Source(anyhow::anyhow!("connection refused")))
        } else {
            Ok(vec![row(1, None)])
        }
    });
    source.expect_detail().returning(|_| Ok(detail("1")));
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().returning(|_| Ok(()));
    cache.expect_store().returning(|_| Ok(()));
    let refresher = Arc::new(refresher(source, cache, 1));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(refresher.run(async move {
        let _ = stopped.await;
    }));

    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2, "retried after 5 s");
    tokio::time::sleep(Duration::from_secs(200)).await;
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "waits the interval after a success"
    );
    tokio::time::sleep(Duration::from_secs(100)).await;
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    stop.send(()).unwrap();
    task.await.unwrap();
}

fn feed_over(deals: usize, fetched_at: DateTime<Utc>) -> DealFeed {
    let all: Vec<Deal> = (0..deals)
        .map(|i| deal(u32::try_from(i).unwrap()))
        .collect();
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(move |offset, limit| {
        let offset = if offset >= all.len() { 0 } else { offset };
        Ok(Some(DealWindow {
            deals: all.iter().skip(offset).take(limit).cloned().collect(),
            offset,
            total: all.len(),
            fetched_at,
        }))
    });
    DealFeed::new(Arc::new(cache), clock())
}

#[tokio::test]
async fn the_feed_pages_five_deals_at_a_time_with_the_snapshot_age() {
    let feed = feed_over(12, now() - chrono::Duration::seconds(90));

    let first = feed.page(None).await.unwrap().unwrap();
    assert_eq!(first.deals.len(), DEALS_PER_PAGE);
    assert_eq!(first.next, Some(DealCursor::at(5)));
    assert_eq!(first.age, Duration::from_secs(90));
    assert_eq!(first.total, 12);

    let last = feed.page(Some(DealCursor::at(10))).await.unwrap().unwrap();
    assert_eq!(last.deals.len(), 2);
    assert_eq!(last.offset, 10);
    assert_eq!(last.next, None, "no 더보기 after the last deal");
}

#[tokio::test]
async fn a_cursor_past_the_end_starts_over() {
    let feed = feed_over(3, now());
    let page = feed.page(Some(DealCursor::at(40))).await.unwrap().unwrap();
    assert_eq!(page.offset, 0);
    assert_eq!(page.deals.len(), 3);
}

#[tokio::test]
async fn a_snapshot_from_the_future_has_age_zero() {
    let feed = feed_over(1, now() + chrono::Duration::seconds(5));
    let page = feed.page(None).await.unwrap().unwrap();
    assert_eq!(page.age, Duration::ZERO);
}

#[tokio::test]
async fn an_empty_cache_gives_no_page() {
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| Ok(None));
    let feed = DealFeed::new(Arc::new(cache), clock());
    assert_eq!(feed.page(None).await.unwrap(), None);
}

#[tokio::test]
async fn a_cache_failure_is_reported() {
    let mut cache = MockDealCache::new();
    cache
        .expect_window()
        .returning(|_, _| Err(DealError::Cache(anyhow::anyhow!("redis down"))));
    let feed = DealFeed::new(Arc::new(cache), clock());
    assert!(matches!(feed.page(None).await, Err(DealError::Cache(_))));
}

fn source_of(ids: &'static [u32]) -> MockDealSource {
    let mut source = MockDealSource::new();
    source
        .expect_list_page()
        .returning(move |_| Ok(ids.iter().map(|id| row(*id, None)).collect()));
    source
        .expect_detail()
        .returning(|url| Ok(detail(url.rsplit('/').next().unwrap_or_default())));
    source
}

#[tokio::test]
async fn deals_missing_from_the_previous_snapshot_are_told_to_the_observer() {
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| {
        Ok(Some(DealWindow {
            deals: vec![deal(1), deal(2)],
            offset: 0,
            total: 2,
            fetched_at: now() - chrono::Duration::minutes(10),
        }))
    });
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().returning(|_| Ok(()));
    cache.expect_store().returning(|_| Ok(()));
    let mut observer = MockDealObserver::new();
    observer
        .expect_appeared()
        .withf(|deals| deals.iter().map(|d| d.title.as_str()).collect::<Vec<_>>() == ["딜 3"])
        .times(1)
        .return_const(());
    refresher(source_of(&[3, 2, 1]), cache, 1)
        .with_observer(Arc::new(observer))
        .refresh_once()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_first_snapshot_is_a_baseline_and_alerts_nobody() {
    let stored = Arc::new(Mutex::new(Vec::new()));
    let mut observer = MockDealObserver::new();
    observer.expect_appeared().never();
    refresher(source_of(&[1, 2]), empty_cache(stored), 1)
        .with_observer(Arc::new(observer))
        .refresh_once()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_snapshot_that_was_not_stored_alerts_nobody() {
    let mut cache = MockDealCache::new();
    cache.expect_window().returning(|_, _| {
        Ok(Some(DealWindow {
            deals: vec![deal(1)],
            offset: 0,
            total: 1,
            fetched_at: now() - chrono::Duration::minutes(10),
        }))
    });
    cache.expect_try_lock_refresh().returning(|_, _| Ok(true));
    cache.expect_unlock_refresh().returning(|_| Ok(()));
    cache
        .expect_store()
        .returning(|_| Err(DealError::Cache(anyhow::anyhow!("down"))));
    let mut observer = MockDealObserver::new();
    observer.expect_appeared().never();
    let result = refresher(source_of(&[2, 1]), cache, 1)
        .with_observer(Arc::new(observer))
        .refresh_once()
        .await;
    assert!(result.is_err());
}
