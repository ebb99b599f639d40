//! Redis stopped (or cut off) mid-load, then back: deals are served from what is left or with
//! a friendly reply, every other skill is untouched, `/readyz` reports the cache.

use std::sync::atomic::Ordering;
use std::time::Duration;

use junggye_mysql::testing::TestDb;

use crate::database::{via_redis_db, warm_deals};
use crate::proxy::{Mode, Proxy};
use crate::support::{
    Op, assert_recovered, await_ready, between, board, count_panics, outage_under_load,
    seed_listings, service_url, settings, socket_of, start_app, tally, via_proxy,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_stopped_mid_load_then_restarted() {
    redis_outage(Mode::Refused).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_cut_off_mid_load_then_reachable_again() {
    redis_outage(Mode::Blackhole).await;
}

async fn redis_outage(fault: Mode) {
    let panics = count_panics();
    let Some(redis) = service_url("TEST_REDIS_URL") else {
        return;
    };
    let Some(db) = TestDb::mysql().await else {
        return;
    };
    let proxy = Proxy::start(socket_of(&redis)).await;
    let (_board, source) = board().await;
    let redis_db = if fault == Mode::Refused { 11 } else { 12 };
    let app = start_app(settings(&[
        ("APP__DATABASE__URL", &db.url),
        (
            "APP__CACHE__REDIS_URL",
            &via_proxy(&via_redis_db(&redis, redis_db), proxy.port(), None),
        ),
        ("APP__DEALS__ENABLED", "true"),
        ("APP__DEALS__SOURCE_URL", &source),
    ]))
    .await;
    let products = seed_listings(&db.db, &app, 3).await;
    await_ready(&app, 200, Duration::from_secs(10)).await;
    warm_deals(&app).await;

    let outage = outage_under_load(&app, &products, &proxy, fault).await;
    let body = &outage.readyz_during;
    assert_eq!(body["checks"]["database"], "ok", "{body}");
    assert_eq!(body["checks"]["cache"], "down", "{body}");
    let calls = &outage.calls;
    // Only deals read Redis: every other skill goes on as if nothing happened.
    let during = between(calls, outage.down_at, outage.up_at);
    assert!(
        during.iter().filter(|c| c.op != Op::Deals).all(|c| c.ok()),
        "skills that do not read the cache, during the outage: {}",
        tally(&during)
    );
    // Deals: the snapshot remembered in memory for a moment, then a friendly "try again".
    let late = between(
        calls,
        outage.down_at + outage.noticed + Duration::from_secs(2),
        outage.up_at,
    );
    assert!(
        late.iter().any(|c| c.op == Op::Deals && !c.ok()),
        "the outage was not felt: {}",
        tally(&late)
    );
    assert_recovered(&outage);
    assert_eq!(panics.load(Ordering::SeqCst), 0, "something panicked");
    db.cleanup().await;
}
