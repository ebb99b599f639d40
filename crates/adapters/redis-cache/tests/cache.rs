//! One contract, two caches: every check runs on the in-process cache and on a real Redis
//! (`TEST_REDIS_URL`, e.g. redis://127.0.0.1:6379; scripts/test.sh starts one).

#![expect(clippy::unwrap_used, reason = "test helpers panic to report failures")]

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use deadpool_redis::redis;
use junggye_deals::{Currency, Deal, DealCache, DealError, DealSnapshot, Price};
use junggye_redis_cache::{InProcessDealCache, RedisDealCache, RedisDealCacheConfig, connect};

fn redis_url() -> Option<String> {
    match std::env::var("TEST_REDIS_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "TEST_REDIS_URL is not set but JUNGGYE_REQUIRE_SERVICES=1: start Redis \
                 (scripts/test.sh does) and set TEST_REDIS_URL=redis://127.0.0.1:6379"
            );
            println!("skipping Redis test: TEST_REDIS_URL not set");
            None
        }
    }
}

/// A Redis cache under a key prefix no other test uses, and its prefix.
fn redis_cache(ttl: Duration) -> Option<(RedisDealCache, deadpool_redis::Pool, String)> {
    let url = redis_url()?;
    let pool = connect(&url).unwrap();
    let prefix = format!("junggye-test:{}:", uuid::Uuid::new_v4());
    let config = RedisDealCacheConfig {
        key_prefix: prefix.clone(),
        snapshot_ttl: ttl,
        local_ttl: Duration::from_millis(200),
    };
    Some((RedisDealCache::new(pool.clone(), &config), pool, prefix))
}

async fn cleanup(pool: &deadpool_redis::Pool, prefix: &str) {
    let mut conn = pool.get().await.unwrap();
    for key in ["deals:snapshot", "deals:refresh-lock"] {
        let _: i64 = redis::cmd("DEL")
            .arg(format!("{prefix}{key}"))
            .query_async(&mut conn)
            .await
            .unwrap();
    }
}

fn deal(i: usize) -> Deal {
    Deal {
        title: format!("[쿠팡] 딜 {i}"),
        price: if i.is_multiple_of(3) {
            Price::unknown(Currency::krw())
        } else {
            Price::new(1000 * i as u64, Currency::parse("USD").unwrap())
        },
        price_text: format!("${i}.99 (USD)"),
        category: "해외핫딜".into(),
        shop: i.is_multiple_of(2).then(|| "Amazon".into()),
        brand_icon_url: None,
        image_url: Some(format!("https://img.example/{i}.jpg")),
        post_url: format!("https://board.example/views/{i}"),
        purchase_url: (i % 2 == 1).then(|| format!("https://shop.example/{i}")),
        popular: i.is_multiple_of(4),
    }
}

fn snapshot(n: usize) -> DealSnapshot {
    DealSnapshot {
        deals: (0..n).map(deal).collect(),
        fetched_at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
            + chrono::Duration::nanoseconds(123_456_789),
    }
}

/// The [`DealCache`] contract.
async fn check_contract(cache: &dyn DealCache) {
    assert_eq!(cache.window(0, 5).await.unwrap(), None, "empty at first");

    cache.store(&snapshot(12)).await.unwrap();
    let first = cache.window(0, 5).await.unwrap().unwrap();
    assert_eq!(
        first.deals,
        snapshot(12).deals[..5],
        "deals round-trip exactly"
    );
    assert_eq!((first.offset, first.total), (0, 12));
    assert_eq!(first.fetched_at, snapshot(12).fetched_at);

    let last = cache.window(10, 5).await.unwrap().unwrap();
    assert_eq!(last.deals, snapshot(12).deals[10..]);
    assert_eq!(last.offset, 10);

    let past = cache.window(12, 5).await.unwrap().unwrap();
    assert_eq!(past.offset, 0, "an offset past the end starts over");
    assert_eq!(past.deals.len(), 5);

    let meta = cache.window(0, 0).await.unwrap().unwrap();
    assert!(meta.deals.is_empty());
    assert_eq!(meta.total, 12);

    cache.store(&snapshot(3)).await.unwrap();
    assert_eq!(
        cache.window(0, 5).await.unwrap().unwrap().total,
        3,
        "store replaces"
    );

    let ttl = Duration::from_secs(30);
    assert!(cache.try_lock_refresh("a", ttl).await.unwrap());
    assert!(
        !cache.try_lock_refresh("b", ttl).await.unwrap(),
        "held by a"
    );
    cache.unlock_refresh("b").await.unwrap();
    assert!(
        !cache.try_lock_refresh("b", ttl).await.unwrap(),
        "b cannot free a's lock"
    );
    cache.unlock_refresh("a").await.unwrap();
    assert!(
        cache.try_lock_refresh("b", ttl).await.unwrap(),
        "free after a released it"
    );
    cache.unlock_refresh("b").await.unwrap();

    assert!(
        cache
            .try_lock_refresh("c", Duration::from_millis(150))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        cache
            .try_lock_refresh("d", Duration::from_secs(30))
            .await
            .unwrap(),
        "an expired lock is free"
    );
    cache.unlock_refresh("d").await.unwrap();
}

#[tokio::test]
async fn in_process_cache_keeps_the_contract() {
    check_contract(&InProcessDealCache::new()).await;
}

#[tokio::test]
async fn redis_cache_keeps_the_contract() {
    let Some((cache, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    check_contract(&cache).await;
    cleanup(&pool, &prefix).await;
}

#[tokio::test]
async fn redis_snapshot_stored_by_another_instance_is_seen_within_the_local_ttl() {
    let Some((writer, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    let reader = RedisDealCache::new(
        pool.clone(),
        &RedisDealCacheConfig {
            key_prefix: prefix.clone(),
            snapshot_ttl: Duration::from_secs(600),
            local_ttl: Duration::from_millis(200),
        },
    );
    writer.store(&snapshot(3)).await.unwrap();
    assert_eq!(reader.window(0, 5).await.unwrap().unwrap().total, 3);

    writer.store(&snapshot(7)).await.unwrap();
    assert_eq!(
        reader.window(0, 5).await.unwrap().unwrap().total,
        3,
        "reused from memory within the local TTL"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(reader.window(0, 5).await.unwrap().unwrap().total, 7);
    cleanup(&pool, &prefix).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_readers_of_a_stale_local_copy_fetch_the_snapshot_once_between_them() {
    let Some((writer, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    writer.store(&snapshot(5)).await.unwrap();
    // The readers' own pool: how many connections they needed tells how many read at once.
    let readers_pool = connect(&redis_url().unwrap()).unwrap();
    let reader = Arc::new(RedisDealCache::new(
        readers_pool.clone(),
        &RedisDealCacheConfig {
            key_prefix: prefix.clone(),
            snapshot_ttl: Duration::from_secs(600),
            local_ttl: Duration::from_millis(100),
        },
    ));
    for _ in 0..3 {
        let reads: Vec<_> = (0..50)
            .map(|_| {
                let reader = Arc::clone(&reader);
                tokio::spawn(async move { reader.window(0, 5).await })
            })
            .collect();
        for read in reads {
            assert_eq!(read.await.unwrap().unwrap().unwrap().total, 5);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert_eq!(
        readers_pool.status().size,
        1,
        "150 reads of a stale copy, in three herds of 50, took one connection"
    );
    cleanup(&pool, &prefix).await;
}

#[tokio::test]
async fn redis_snapshot_is_one_json_key_with_a_ttl() {
    let Some((cache, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    cache.store(&snapshot(2)).await.unwrap();

    let mut conn = pool.get().await.unwrap();
    let key = format!("{prefix}deals:snapshot");
    let pttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!((590_000..=600_000).contains(&pttl), "PTTL {pttl}");
    let json: String = redis::cmd("GET")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["deals"][1]["currency"], "USD");
    cleanup(&pool, &prefix).await;
}

#[tokio::test]
async fn redis_lock_key_expires_by_itself() {
    let Some((cache, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    assert!(
        cache
            .try_lock_refresh("x", Duration::from_secs(20))
            .await
            .unwrap()
    );
    let mut conn = pool.get().await.unwrap();
    let pttl: i64 = redis::cmd("PTTL")
        .arg(format!("{prefix}deals:refresh-lock"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!((1..=20_000).contains(&pttl), "PTTL {pttl}");
    cleanup(&pool, &prefix).await;
}

#[tokio::test]
async fn redis_corrupt_snapshot_is_a_cache_error_and_another_version_is_none() {
    let Some((cache, pool, prefix)) = redis_cache(Duration::from_secs(600)) else {
        return;
    };
    let mut conn = pool.get().await.unwrap();
    let key = format!("{prefix}deals:snapshot");
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg("{not json")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(matches!(cache.window(0, 5).await, Err(DealError::Cache(_))));

    let other = r#"{"version":99,"fetched_at":"2026-11-24T09:00:00Z","deals":[]}"#;
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg(other)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(cache.window(0, 5).await.unwrap(), None);
    cleanup(&pool, &prefix).await;
}

#[tokio::test]
async fn unreachable_redis_fails_fast_with_a_cache_error() {
    // Nothing listens on port 1; the pool's 1 s timeouts bound the wait.
    let pool = connect("redis://127.0.0.1:1").unwrap();
    let cache = RedisDealCache::new(
        pool,
        &RedisDealCacheConfig::for_interval(Duration::from_secs(300)),
    );
    let started = std::time::Instant::now();
    assert!(matches!(cache.window(0, 5).await, Err(DealError::Cache(_))));
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// The call budget, as two instances with pools of their own see it: one budget between them.
#[tokio::test]
async fn call_budget_is_shared_by_instances() {
    let Some(url) = redis_url() else { return };
    // Not across a minute's turn, where the last minute's calls are carried by weight.
    let into_minute = Utc::now().timestamp() % 60;
    if into_minute > 55 {
        tokio::time::sleep(Duration::from_secs(
            61 - u64::try_from(into_minute).unwrap(),
        ))
        .await;
    }
    let prefix = format!("junggye-test:{}:", uuid::Uuid::new_v4());
    let instances = [
        junggye_redis_cache::RedisCallBudget::new(connect(&url).unwrap(), &prefix),
        junggye_redis_cache::RedisCallBudget::new(connect(&url).unwrap(), &prefix),
    ];
    let mut allowed = 0;
    for round in 0..8 {
        for budget in &instances {
            allowed += usize::from(budget.allow("user-a", 10).await.unwrap());
        }
        assert!(allowed <= 10, "round {round}: {allowed} allowed");
    }
    assert_eq!(
        allowed, 10,
        "16 calls, a budget of 10 between both instances"
    );
    assert!(instances[1].allow("user-b", 10).await.unwrap(), "per user");
}
