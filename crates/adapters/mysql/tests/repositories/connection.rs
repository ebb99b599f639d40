use std::time::{Duration, Instant};

use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{connect, migrate, ping};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

#[tokio::test]
async fn sqlite_file_gets_its_directory_wal_and_foreign_keys() {
    let dir = std::env::temp_dir().join(format!("junggye_t_{}", uuid::Uuid::new_v4().simple()));
    let url = format!("sqlite://{}/nested/app.db?mode=rwc", dir.display());
    let db = connect(&url).await.unwrap();
    migrate(&db).await.unwrap();
    // Migrating twice is a no-op (the app migrates at every start).
    migrate(&db).await.unwrap();
    ping(&db).await.unwrap();
    assert!(dir.join("nested/app.db").exists());

    let pragma = |name: &'static str| {
        let db = db.clone();
        async move {
            db.query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await
            .unwrap()
            .unwrap()
        }
    };
    let mode: String = pragma("journal_mode").await.try_get_by_index(0).unwrap();
    assert_eq!(mode, "wal");
    let fk: i32 = pragma("foreign_keys").await.try_get_by_index(0).unwrap();
    assert_eq!(fk, 1);
    let busy: i32 = pragma("busy_timeout").await.try_get_by_index(0).unwrap();
    assert_eq!(busy, 5_000);

    db.close().await.unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn in_memory_sqlite_keeps_one_database() {
    let db = connect("sqlite::memory:").await.unwrap();
    migrate(&db).await.unwrap();
    // Every query sees the migrated schema: the pool has exactly one connection.
    for _ in 0..3 {
        db.execute_unprepared("SELECT COUNT(*) FROM members")
            .await
            .unwrap();
    }
    db.close().await.unwrap();
}

#[tokio::test]
async fn a_dead_mysql_server_fails_fast() {
    let started = Instant::now();
    let err = connect("mysql://root:secret@127.0.0.1:1/junggye")
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    let message = format!("{err:#}");
    assert!(!message.contains("secret"), "{message}");
    assert!(message.contains("root:***@127.0.0.1:1"), "{message}");
}

#[tokio::test]
async fn ping_answers_on_every_backend_and_fails_once_closed() {
    for db in backends().await {
        ping(&db.db).await.unwrap();
        db.db.close_by_ref().await.unwrap();
        assert!(ping(&db.db).await.is_err(), "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn test_databases_are_removed_by_cleanup() {
    let sqlite = TestDb::sqlite().await;
    let path = sqlite
        .url
        .trim_start_matches("sqlite://")
        .trim_end_matches("?mode=rwc")
        .to_owned();
    assert!(std::path::Path::new(&path).exists());
    sqlite.cleanup().await;
    assert!(!std::path::Path::new(&path).exists());

    if let Some(mysql) = TestDb::mysql().await {
        let name = mysql.url.rsplit('/').next().unwrap().to_owned();
        assert!(name.starts_with("junggye_t_"));
        let probe = sea_orm::Database::connect(mysql.url.as_str())
            .await
            .unwrap();
        mysql.cleanup().await;
        let left = probe
            .query_all_raw(Statement::from_string(
                DbBackend::MySql,
                format!("SHOW DATABASES LIKE '{name}'"),
            ))
            .await
            .unwrap();
        assert!(left.is_empty());
        probe.close().await.unwrap();
    }
}
