use chrono::Duration;
use junggye_domain_common::skill_log::{SkillLogEntry, SkillLogRepository};
use junggye_mysql::entities::skill_logs;
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaSkillLogRepository, from_db};
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::t0;

/// 64 KiB of UTF-8 with 3- and 4-byte characters: more than a MySQL `text` column holds.
fn big_body(seed: &str) -> String {
    let mut body = format!("{{\"seed\":\"{seed}\",\"text\":\"");
    while body.len() < 64 * 1024 - 16 {
        body.push_str("가나다😀abc");
    }
    body.push_str("\"}");
    body
}

#[tokio::test]
async fn a_batch_is_stored_whole() {
    for db in backends().await {
        let repo = SeaSkillLogRepository::new(db.db.clone());
        repo.insert_batch(&[]).await.unwrap();

        let entries: Vec<SkillLogEntry> = (0..3)
            .map(|i| SkillLogEntry {
                user_key: (i != 1).then(|| format!("user-{i}")),
                route: format!("/skill/route-{i}"),
                status: 200 + u16::try_from(i).unwrap(),
                latency_ms: 10 * u32::try_from(i).unwrap(),
                request_body: big_body(&format!("req-{i}")),
                response_body: big_body(&format!("res-{i}")),
                created_at: t0() + Duration::milliseconds(i * 1_500),
            })
            .collect();
        assert!(entries[0].request_body.len() >= 65_000);
        repo.insert_batch(&entries).await.unwrap();

        let rows = skill_logs::Entity::find()
            .order_by_asc(skill_logs::Column::Id)
            .all(&db.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 3, "{}", db.backend());
        for (row, entry) in rows.iter().zip(&entries) {
            assert_eq!(row.user_key, entry.user_key);
            assert_eq!(row.route, entry.route);
            assert_eq!(row.status, i16::try_from(entry.status).unwrap());
            assert_eq!(row.latency_ms, i32::try_from(entry.latency_ms).unwrap());
            assert!(
                row.request_body == entry.request_body,
                "request body differs on {}",
                db.backend()
            );
            assert!(row.response_body == entry.response_body);
            assert_eq!(from_db(row.created_at), entry.created_at);
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_batch_larger_than_one_statement_is_split() {
    for db in backends().await {
        let repo = SeaSkillLogRepository::new(db.db.clone());
        let entries: Vec<SkillLogEntry> = (0..1_201)
            .map(|i| SkillLogEntry {
                user_key: None,
                route: "/skill/home".into(),
                status: 200,
                latency_ms: i,
                request_body: "{}".into(),
                response_body: "{}".into(),
                created_at: t0(),
            })
            .collect();
        repo.insert_batch(&entries).await.unwrap();
        let rows = skill_logs::Entity::find().all(&db.db).await.unwrap();
        assert_eq!(rows.len(), 1_201, "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn expired_logs_are_deleted_oldest_first_in_bounded_steps() {
    for db in backends().await {
        let repo = SeaSkillLogRepository::new(db.db.clone());
        let entries: Vec<SkillLogEntry> = (0..5)
            .map(|i| SkillLogEntry {
                user_key: None,
                route: "/skill/home".into(),
                status: 200,
                latency_ms: 1,
                request_body: "{}".into(),
                response_body: "{}".into(),
                // Three from before the cutoff, two after.
                created_at: t0() + Duration::days(i - 3),
            })
            .collect();
        repo.insert_batch(&entries).await.unwrap();
        assert_eq!(
            repo.delete_before(t0(), 2).await.unwrap(),
            2,
            "{}",
            db.backend()
        );
        assert_eq!(
            repo.delete_before(t0(), 2).await.unwrap(),
            1,
            "{}",
            db.backend()
        );
        assert_eq!(
            repo.delete_before(t0(), 2).await.unwrap(),
            0,
            "{}",
            db.backend()
        );
        let left = skill_logs::Entity::find().all(&db.db).await.unwrap();
        assert_eq!(left.len(), 2, "{}", db.backend());
        assert!(left.iter().all(|row| from_db(row.created_at) >= t0()));
        db.cleanup().await;
    }
}
