#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_mysql::SeaKeywordRepository;
use junggye_mysql::testing::backends;
use junggye_notifications::MemberId;
use junggye_notifications::alerts::{
    AlertError, AlertKeyword, KeywordRepository, Subscription, candidates,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::t0;

const SELLER: MemberId = MemberId(1);
const FAN: MemberId = MemberId(2);
const SHORT: MemberId = MemberId(3);
const BLOCKER: MemberId = MemberId(4);
const BLOCKED: MemberId = MemberId(5);

fn kw(raw: &str) -> AlertKeyword {
    AlertKeyword::parse(raw).unwrap()
}

async fn block(db: &DatabaseConnection, blocker: MemberId, blocked: MemberId) {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)",
        vec![
            blocker.0.into(),
            blocked.0.into(),
            junggye_mysql::to_db(t0()).into(),
        ],
    ))
    .await
    .unwrap();
}

/// What the matcher finds for a name: the subscribers of its candidates, sorted.
async fn matches(repo: &SeaKeywordRepository, name: &str) -> Vec<(i64, String)> {
    let mut found: Vec<(i64, String)> = repo
        .subscribers(&candidates(name))
        .await
        .unwrap()
        .into_iter()
        .map(|Subscription { member, keyword }| (member.0, keyword))
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn keywords_are_kept_in_order_without_duplicates_and_removed() {
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        let b = db.backend();
        assert!(
            repo.insert(FAN, &kw("맥북"), 10, t0()).await.unwrap(),
            "{b}"
        );
        assert!(repo.insert(FAN, &kw("M1"), 10, t0()).await.unwrap(), "{b}");
        assert!(
            repo.insert(SELLER, &kw("맥북"), 10, t0()).await.unwrap(),
            "{b}"
        );
        let err = repo.insert(FAN, &kw("맥북"), 10, t0()).await.unwrap_err();
        assert!(matches!(err, AlertError::Duplicate), "{b}: {err:?}");
        assert_eq!(
            repo.keywords(FAN).await.unwrap(),
            [kw("맥북"), kw("m1")],
            "{b}"
        );

        assert!(repo.delete(FAN, &kw("맥북")).await.unwrap(), "{b}");
        assert!(!repo.delete(FAN, &kw("맥북")).await.unwrap(), "{b}");
        assert_eq!(repo.keywords(FAN).await.unwrap(), [kw("m1")], "{b}");
        assert_eq!(repo.keywords(SELLER).await.unwrap(), [kw("맥북")], "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_limit_is_checked_in_the_insert_itself() {
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        let b = db.backend();
        for i in 0..3 {
            assert!(
                repo.insert(FAN, &kw(&format!("키워드{i}")), 3, t0())
                    .await
                    .unwrap(),
                "{b}"
            );
        }
        assert!(
            !repo.insert(FAN, &kw("하나더"), 3, t0()).await.unwrap(),
            "{b}"
        );
        assert_eq!(repo.keywords(FAN).await.unwrap().len(), 3, "{b}");
        // Racing adds of one member never pass the limit together.
        let adds = (0..8).map(|i| {
            let repo = repo.clone();
            tokio::spawn(
                async move { repo.insert(SELLER, &kw(&format!("경쟁{i}")), 5, t0()).await },
            )
        });
        for add in adds {
            // A deadlock victim on MariaDB is an error, never an extra row.
            let _ = add.await.unwrap();
        }
        assert!(repo.keywords(SELLER).await.unwrap().len() <= 5, "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_name_finds_the_keywords_it_contains_ignoring_ascii_case() {
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        let b = db.backend();
        repo.insert(FAN, &kw("맥북"), 10, t0()).await.unwrap();
        repo.insert(FAN, &kw("M1"), 10, t0()).await.unwrap();
        repo.insert(SHORT, &kw("맥북 프로"), 10, t0())
            .await
            .unwrap();
        repo.insert(SHORT, &kw("에어"), 10, t0()).await.unwrap();
        repo.insert(SELLER, &kw("아이폰"), 10, t0()).await.unwrap();

        assert_eq!(
            matches(&repo, "맥북 에어 M1").await,
            [
                (FAN.0, "m1".to_owned()),
                (FAN.0, "맥북".to_owned()),
                (SHORT.0, "에어".to_owned())
            ],
            "{b}"
        );
        assert_eq!(
            matches(&repo, "MACBOOK 맥북프로").await,
            [(FAN.0, "맥북".to_owned())],
            "{b}: 맥북 프로 needs its space"
        );
        assert!(matches(&repo, "맥 미니").await.is_empty(), "{b}");
        assert!(matches(&repo, "").await.is_empty(), "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_one_character_keyword_cannot_be_stored_so_never_matches() {
    assert!(AlertKeyword::parse("맥").is_err());
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        repo.insert(FAN, &kw("맥북"), 10, t0()).await.unwrap();
        assert!(
            !candidates("맥북 에어").contains(&"맥".to_owned()),
            "single characters are never looked up"
        );
        assert_eq!(
            matches(&repo, "맥북 에어").await.len(),
            1,
            "{}",
            db.backend()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn many_candidates_are_looked_up_in_chunks() {
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        repo.insert(FAN, &kw("끝말"), 10, t0()).await.unwrap();
        // A long deal title: well over one chunk of candidates, the keyword in the last.
        let title: String = ('가'..).take(120).collect::<String>() + " 끝말";
        let keywords = candidates(&title);
        assert!(keywords.len() > 1_000);
        let found = repo.subscribers(&keywords).await.unwrap();
        assert_eq!(found.len(), 1, "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn blocks_count_in_either_direction() {
    for db in backends().await {
        let repo = SeaKeywordRepository::new(db.db.clone());
        block(&db.db, BLOCKER, SELLER).await;
        block(&db.db, SELLER, BLOCKED).await;
        // Unrelated blocks do not leak in.
        block(&db.db, BLOCKER, FAN).await;
        let mut found = repo
            .blocked_either_way(SELLER, &[FAN, BLOCKER, BLOCKED, SHORT])
            .await
            .unwrap();
        found.sort();
        assert_eq!(found, [BLOCKER, BLOCKED], "{}", db.backend());
        assert!(
            repo.blocked_either_way(FAN, &[SHORT])
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

/// The lookup walks the keyword index, so its cost follows the candidates, not the table.
#[tokio::test]
async fn the_subscriber_lookup_uses_the_keyword_index() {
    for db in backends().await {
        let backend = db.db.get_database_backend();
        // Enough rows that a scan would be the optimizer's worse choice.
        for batch in 0..4 {
            let rows: Vec<String> = (0..250)
                .map(|i| {
                    format!(
                        "({}, '키워드{batch}-{i}', '2026-12-07 00:00:00')",
                        batch * 250 + i
                    )
                })
                .collect();
            db.db
                .execute_raw(Statement::from_string(
                    backend,
                    format!(
                        "INSERT INTO keyword_alerts (member_id, keyword, created_at) VALUES {}",
                        rows.join(", ")
                    ),
                ))
                .await
                .unwrap();
        }
        if db.is_mysql() {
            db.db
                .execute_raw(Statement::from_string(
                    backend,
                    "ANALYZE TABLE keyword_alerts",
                ))
                .await
                .unwrap();
        }
        let lookup = "SELECT member_id, keyword FROM keyword_alerts WHERE keyword IN ('맥북', '에어', '맥북 에어')";
        let plan_sql = if db.is_mysql() {
            format!("EXPLAIN {lookup}")
        } else {
            format!("EXPLAIN QUERY PLAN {lookup}")
        };
        let plan = db
            .db
            .query_all_raw(Statement::from_string(backend, plan_sql))
            .await
            .unwrap();
        let column = if db.is_mysql() { "key" } else { "detail" };
        let text = plan
            .iter()
            .filter_map(|row| row.try_get::<Option<String>>("", column).ok().flatten())
            .collect::<Vec<_>>()
            .join(" | ");
        eprintln!("[{}] keyword lookup plan: {text}", db.backend());
        assert!(
            text.contains("idx_keyword_alerts_keyword"),
            "{}: {text}",
            db.backend()
        );
        db.cleanup().await;
    }
}
