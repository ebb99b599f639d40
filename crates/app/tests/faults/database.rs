//! MariaDB stopped (or cut off) mid-load, then back.

use std::sync::atomic::Ordering;
use std::time::Duration;

use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::SeaMemberRepository;
use junggye_mysql::testing::TestDb;

use crate::proxy::{Mode, Proxy};
use crate::support::{
    Op, assert_recovered, await_ready, between, board, count_panics, outage_under_load,
    seed_listings, service_url, settings, socket_of, start_app, tally, via_proxy,
};

/// The deadline fallback's words.
const TOO_SLOW: &str = "시간이 오래 걸리고";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn database_stopped_mid_load_then_restarted() {
    database_outage(Mode::Refused).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn database_cut_off_mid_load_then_reachable_again() {
    database_outage(Mode::Blackhole).await;
}

async fn database_outage(fault: Mode) {
    let panics = count_panics();
    let Some(redis) = service_url("TEST_REDIS_URL") else {
        return;
    };
    let Some(db) = TestDb::mysql().await else {
        return;
    };
    let proxy = Proxy::start(socket_of(&db.url)).await;
    let (_board, source) = board().await;
    let app = start_app(settings(&[
        (
            "APP__DATABASE__URL",
            &via_proxy(&db.url, proxy.port(), None),
        ),
        // Its own Redis database: the deal snapshot key is not shared with other tests.
        ("APP__CACHE__REDIS_URL", &via_redis_db(&redis, 10)),
        ("APP__DEALS__ENABLED", "true"),
        ("APP__DEALS__SOURCE_URL", &source),
    ]))
    .await;
    let products = seed_listings(&db.db, &app, 3).await;
    await_ready(&app, 200, Duration::from_secs(10)).await;
    warm_deals(&app).await;

    let outage = outage_under_load(&app, &products, &proxy, fault).await;
    let body = &outage.readyz_during;
    assert_eq!(body["checks"]["database"], "down", "{body}");
    assert_eq!(body["checks"]["cache"], "ok", "{body}");
    let calls = &outage.calls;
    let during = between(calls, outage.down_at + outage.noticed, outage.up_at);
    assert!(
        during.iter().any(|c| !c.ok()),
        "the outage was not felt: {}",
        tally(&during)
    );
    if fault == Mode::Refused {
        // A refused connection fails fast (the pool's acquire timeout is well inside the
        // deadline): the skill answers with its own error reply, the deadline never has to.
        let slow: Vec<_> = calls.iter().filter(|c| c.text.contains(TOO_SLOW)).collect();
        assert!(slow.is_empty(), "deadline fallbacks: {slow:?}");
    }
    // Deals come from the cache alone: a dead database does not take them down.
    assert!(
        during.iter().filter(|c| c.op == Op::Deals).all(|c| c.ok()),
        "deals during the outage: {}",
        tally(&during)
    );
    assert_recovered(&outage);

    // No accepted write is lost: every member told "joined" is in the database.
    let members = SeaMemberRepository::new(db.db.clone());
    let joined: Vec<_> = calls
        .iter()
        .filter(|c| c.op == Op::Join && c.ok())
        .collect();
    assert!(joined.len() > 10, "{}", tally(calls));
    for call in joined {
        let found = members
            .find_by_user_key(&UserKey::parse(&call.user).unwrap())
            .await
            .unwrap();
        assert!(
            found.is_some(),
            "{} was told it joined (at {:?}) but is not stored",
            call.user,
            call.sent
        );
    }
    assert_eq!(panics.load(Ordering::SeqCst), 0, "something panicked");
    db.cleanup().await;
}

/// `redis://host:port/<db>`: the same server, another logical database.
pub fn via_redis_db(url: &str, db: u8) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_path(&format!("/{db}"));
    parsed.to_string()
}

/// Waits until the refresher has filled the cache from the fake board.
pub async fn warm_deals(app: &str) {
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    loop {
        let (_, text, _) = crate::support::skill(
            &client,
            app,
            "/skill/deals",
            &crate::support::payload("fault-warmup", serde_json::json!({}), serde_json::json!({})),
        )
        .await;
        if Op::Deals.succeeded(&text) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "deals never warmed: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
