//! Benchmark (not a test) of keyword-alert matching, for docs/benchmarks.md: does matching a
//! new listing cost more when more keywords are stored? Run by scripts/bench-alerts.sh.
//!
//! On a fresh SQLite file (and on MariaDB when `TEST_DATABASE_URL` is set) it stores 0, then
//! 1,000, then 100,000 keywords and times, for a set of listing names:
//! - `lookup`: the subscribers of a name's candidate substrings (the matching alone);
//! - `listing_added`: the whole alert of a new listing (lookup, block check, and the 20
//!   notifications of the fixed subscribers, which fold after the first round);
//! - `scan`, for comparison only: what matching by scanning the keywords would cost
//!   (`WHERE INSTR(name, keyword) > 0`, every stored keyword read), the design this avoids.
//!
//! The stored keywords are random 2–6 syllable words that the names almost never contain, plus
//! the same 20 subscriptions (10 × 맥북, 10 × 아이폰) at every size, so the matches, and the
//! notifications written, stay the same while only the number of stored keywords grows.
//!
//! Usage: `alert_matching [ROUNDS]` (default 50 rounds over the names per size).

#![expect(
    clippy::expect_used,
    reason = "a benchmark: a panic is its failure report"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use junggye_domain_common::SystemClock;
use junggye_mysql::testing::TestDb;
use junggye_mysql::{SeaKeywordRepository, SeaNotificationRepository, to_db};
use junggye_notifications::alerts::{
    AlertConfig, AlertService, KeywordRepository as _, candidates,
};
use junggye_notifications::{
    ListingRef, MemberId, NotificationConfig, NotificationService, ProductId, PushError,
    PushGateway, PushRecipient, RecipientResult, TaskId,
};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement, TransactionTrait as _};

const NAMES: [&str; 10] = [
    "맥북 에어 M1 13인치 실버",
    "아이폰 15 프로 256GB 블루 티타늄",
    "소니 WH-1000XM5 헤드폰 블랙",
    "닌텐도 스위치 OLED 화이트",
    "LG 그램 16 2023 i7",
    "다이슨 에어랩 컴플리트 롱",
    "캠핑 의자 2개 일괄",
    "아이패드 에어 5세대 64GB",
    "삼성 오디세이 G7 32인치 모니터",
    "나이키 에어포스 1 270",
];

struct NoPush;

#[async_trait::async_trait]
impl PushGateway for NoPush {
    async fn send(&self, _: &str, _: &[PushRecipient]) -> Result<TaskId, PushError> {
        Err(PushError::NotSent(anyhow::anyhow!(
            "no push in the benchmark"
        )))
    }
    async fn task(
        &self,
        _: &TaskId,
        _: &[String],
    ) -> Result<Vec<(String, RecipientResult)>, PushError> {
        Err(PushError::NotSent(anyhow::anyhow!(
            "no push in the benchmark"
        )))
    }
}

/// xorshift64*: a reproducible keyword set without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn word(&mut self) -> String {
        let len = 2 + (self.next() % 5) as u32;
        (0..len)
            .filter_map(|_| char::from_u32(0xAC00 + (self.next() % 11_172) as u32))
            .collect()
    }
}

/// Stores `count` more keywords, 10 per member, in multi-row inserts.
async fn store_keywords(db: &DatabaseConnection, rng: &mut Rng, first_member: i64, count: usize) {
    let at = to_db(chrono::Utc::now());
    let txn = db.begin().await.expect("begin");
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        rows.push((first_member + (i / 10) as i64, rng.word()));
    }
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO keyword_alerts (member_id, keyword, created_at) VALUES {}",
            vec!["(?, ?, ?)"; chunk.len()].join(", ")
        );
        let values = chunk
            .iter()
            .flat_map(|(member, keyword)| {
                [
                    sea_orm::Value::from(*member),
                    keyword.clone().into(),
                    at.into(),
                ]
            })
            .collect::<Vec<_>>();
        // A random word may repeat for one member: skip those (the unique key refuses them).
        let sql = if txn.get_database_backend() == sea_orm::DbBackend::Sqlite {
            sql.replacen("INSERT", "INSERT OR IGNORE", 1)
        } else {
            sql.replacen("INSERT", "INSERT IGNORE", 1)
        };
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            &sql,
            values,
        ))
        .await
        .expect("insert keywords");
    }
    txn.commit().await.expect("commit");
}

/// Matching by scanning every stored keyword: the comparison, not what the app does.
async fn scan(db: &DatabaseConnection, name: &str) -> usize {
    db.query_all_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT member_id, keyword FROM keyword_alerts WHERE INSTR(?, keyword) > 0",
        vec![junggye_notifications::alerts::normalized(name).into()],
    ))
    .await
    .expect("scan")
    .len()
}

async fn count_keywords(db: &DatabaseConnection) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM keyword_alerts",
        ))
        .await
        .expect("count")
        .expect("a row");
    row.try_get_by_index(0).expect("a count")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

struct Timing {
    mean: Duration,
    p50: Duration,
    p99: Duration,
}

fn summarize(mut samples: Vec<Duration>) -> Timing {
    samples.sort();
    let total: Duration = samples.iter().sum();
    Timing {
        mean: total / u32::try_from(samples.len().max(1)).unwrap_or(1),
        p50: percentile(&samples, 0.5),
        p99: percentile(&samples, 0.99),
    }
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

async fn run(db: &TestDb, rounds: usize) {
    let repo = Arc::new(SeaKeywordRepository::new(db.db.clone()));
    let notifications = Arc::new(NotificationService::new(
        Arc::new(SeaNotificationRepository::new(db.db.clone())),
        Arc::new(NoPush),
        Arc::new(SystemClock),
        NotificationConfig::default(),
    ));
    let alerts = AlertService::new(
        repo.clone(),
        notifications,
        Arc::new(SystemClock),
        AlertConfig::default(),
    );
    // The fixed subscribers, members 1..=20.
    for member in 1..=20 {
        let keyword = if member <= 10 { "맥북" } else { "아이폰" };
        alerts
            .add(MemberId(member), keyword)
            .await
            .expect("fixed subscription");
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut stored = 0usize;
    let mut baseline: Option<(Duration, Duration)> = None;
    println!(
        "| backend | stored keywords | lookup mean | lookup p50 | lookup p99 | listing_added mean | listing_added p50 | listing_added p99 | mean vs fewest (lookup / listing_added) | scan p50 (comparison) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for target in [0usize, 1_000, 100_000] {
        store_keywords(&db.db, &mut rng, 1_000, target - stored).await;
        stored = target;
        let total = count_keywords(&db.db).await;
        // Warm-up: the statement cache, the pages of the index, and the fixed subscribers'
        // first notifications (every measured call then folds, at every size alike).
        for name in NAMES {
            repo.subscribers(&candidates(name)).await.expect("lookup");
            alerts
                .listing_added(
                    MemberId(999_999),
                    ListingRef {
                        product: ProductId(1),
                        name: name.to_owned(),
                    },
                    10_000,
                )
                .await
                .expect("listing_added");
        }
        let mut lookups = Vec::new();
        let mut added = Vec::new();
        for round in 0..rounds {
            for (i, name) in NAMES.iter().enumerate() {
                let keywords = candidates(name);
                let start = Instant::now();
                let found = repo.subscribers(&keywords).await.expect("lookup");
                lookups.push(start.elapsed());
                std::hint::black_box(found);
                let start = Instant::now();
                alerts
                    .listing_added(
                        MemberId(999_999),
                        ListingRef {
                            product: ProductId((round * NAMES.len() + i) as i64 + 1),
                            name: (*name).to_owned(),
                        },
                        10_000,
                    )
                    .await
                    .expect("listing_added");
                added.push(start.elapsed());
            }
        }
        let mut scans = Vec::new();
        for _ in 0..rounds.min(5) {
            for name in NAMES {
                let start = Instant::now();
                std::hint::black_box(scan(&db.db, name).await);
                scans.push(start.elapsed());
            }
        }
        let scanned = summarize(scans);
        let lookup = summarize(lookups);
        let whole = summarize(added);
        let ratio = match baseline {
            None => {
                baseline = Some((lookup.mean, whole.mean));
                "1.00× / 1.00×".to_owned()
            }
            Some((l, w)) => format!(
                "{:.2}× / {:.2}×",
                lookup.mean.as_secs_f64() / l.as_secs_f64(),
                whole.mean.as_secs_f64() / w.as_secs_f64()
            ),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            db.backend(),
            total,
            us(lookup.mean),
            us(lookup.p50),
            us(lookup.p99),
            us(whole.mean),
            us(whole.p50),
            us(whole.p99),
            ratio,
            us(scanned.p50),
        );
    }
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    println!(
        "{} names, {rounds} rounds; candidates per name: {:?}\n",
        NAMES.len(),
        NAMES.map(|n| candidates(n).len())
    );
    let sqlite = TestDb::sqlite().await;
    run(&sqlite, rounds).await;
    sqlite.cleanup().await;
    if let Some(mysql) = TestDb::mysql().await {
        run(&mysql, rounds).await;
        mysql.cleanup().await;
    }
}
