//! The migration set goes up, down and up again on SQLite and MariaDB/MySQL, and the schema
//! enforces what the application relies on.
//!
//! MySQL runs only with `TEST_DATABASE_URL` (a server URL); under `scripts/test.sh`
//! (`JUNGGYE_REQUIRE_SERVICES=1`) its absence is an error, otherwise the MySQL half is skipped.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use chrono::{TimeZone, Utc};
use junggye_migrations::{Migrator, MigratorTrait};
use sea_orm_migration::SchemaManager;
use sea_orm_migration::sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm_migration::sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, SqlErr,
};

const TABLES: [&str; 21] = [
    "members",
    "image_deletions",
    "products",
    "product_images",
    "product_name_bigrams",
    "orders",
    "payments",
    "notices",
    "skill_logs",
    "admin_accounts",
    "catalog_version",
    "notifications",
    "notification_mutes",
    "likes",
    "keyword_alerts",
    "blocks",
    "offers",
    "reviews",
    "reports",
    "job_turns",
    "admin_audit",
];

/// A throwaway database, removed by `cleanup`.
struct Scratch {
    db: DatabaseConnection,
    drop: Option<(DatabaseConnection, String)>,
    file: Option<std::path::PathBuf>,
}

impl Scratch {
    async fn sqlite() -> Self {
        let path =
            std::env::temp_dir().join(format!("junggye_t_{}.db", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = Database::connect(url.as_str()).await.unwrap();
        Self {
            db,
            drop: None,
            file: Some(path),
        }
    }

    async fn mysql() -> Option<Self> {
        let Ok(raw) = std::env::var("TEST_DATABASE_URL") else {
            assert!(
                std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "TEST_DATABASE_URL is required under scripts/test.sh"
            );
            eprintln!("skipping MySQL test: TEST_DATABASE_URL not set");
            return None;
        };
        let server = server_url(&raw);
        let admin = Database::connect(server.as_str()).await.unwrap();
        let name = format!("junggye_t_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            ))
            .await
            .unwrap();
        let db = Database::connect(with_database(&server, &name).as_str())
            .await
            .unwrap();
        Some(Self {
            db,
            drop: Some((admin, name)),
            file: None,
        })
    }

    async fn cleanup(self) {
        self.db.close().await.unwrap();
        if let Some((admin, name)) = self.drop {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`"))
                .await
                .unwrap();
            admin.close().await.unwrap();
        }
        if let Some(path) = self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// `mysql://u@h:p/db?x` -> `mysql://u@h:p?x`.
fn server_url(raw: &str) -> String {
    let (scheme, rest) = raw.split_once("://").unwrap();
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap();
    match query {
        Some(q) => format!("{scheme}://{authority}?{q}"),
        None => format!("{scheme}://{authority}"),
    }
}

fn with_database(server: &str, name: &str) -> String {
    match server.split_once('?') {
        Some((base, q)) => format!("{base}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

async fn table_presence(db: &DatabaseConnection) -> Vec<(&'static str, bool)> {
    let manager = SchemaManager::new(db);
    let mut out = Vec::new();
    for table in TABLES {
        out.push((table, manager.has_table(table).await.unwrap()));
    }
    out
}

async fn up_down_up(db: &DatabaseConnection) {
    Migrator::up(db, None).await.unwrap();
    assert!(table_presence(db).await.iter().all(|(_, present)| *present));
    Migrator::down(db, None).await.unwrap();
    let left: Vec<_> = table_presence(db)
        .await
        .into_iter()
        .filter(|(_, present)| *present)
        .collect();
    assert!(left.is_empty(), "tables left after down: {left:?}");
    Migrator::up(db, None).await.unwrap();
    assert!(table_presence(db).await.iter().all(|(_, present)| *present));
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Times are bound as naive UTC, as the repositories do (see junggye-mysql's `to_db`).
fn at() -> SimpleExpr {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .unwrap()
        .naive_utc()
        .into()
}

async fn insert(
    db: &DatabaseConnection,
    table: &str,
    cols: &[&str],
    values: Vec<SimpleExpr>,
) -> Result<(), DbErr> {
    let stmt = Query::insert()
        .into_table(Alias::new(table))
        .columns(cols.iter().map(|c| Alias::new(*c)))
        .values_panic(values)
        .to_owned();
    db.execute(&stmt).await.map(|_| ())
}

async fn insert_member(db: &DatabaseConnection, id: i64) {
    insert(
        db,
        "members",
        &[
            "id",
            "user_key",
            "nickname",
            "phone",
            "joined_at",
            "created_at",
            "updated_at",
        ],
        vec![
            id.into(),
            format!("user-{id}").into(),
            "닉네임".into(),
            "01012345678".into(),
            at(),
            at(),
            at(),
        ],
    )
    .await
    .unwrap();
}

async fn insert_order(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    open_product: Option<i64>,
) -> Result<(), DbErr> {
    insert(
        db,
        "orders",
        &[
            "id",
            "order_no",
            "product_id",
            "buyer_id",
            "seller_id",
            "amount",
            "status",
            "open_product_id",
            "created_at",
            "updated_at",
        ],
        vec![
            id.into(),
            format!("order-{id}").into(),
            1_i64.into(),
            2_i64.into(),
            1_i64.into(),
            15_000_i64.into(),
            status.into(),
            open_product.into(),
            at(),
            at(),
        ],
    )
    .await
}

/// The unique index on `open_product_id` is what guarantees one open order per listing.
async fn one_open_order_per_product(db: &DatabaseConnection) {
    insert_member(db, 1).await;
    insert_member(db, 2).await;
    insert(
        db,
        "products",
        &[
            "id",
            "seller_id",
            "name",
            "price",
            "description",
            "location",
            "open_chat_url",
            "category",
            "status",
            "created_at",
            "updated_at",
        ],
        vec![
            1_i64.into(),
            1_i64.into(),
            "맥북 프로".into(),
            15_000_i64.into(),
            "설명".into(),
            "서울".into(),
            "https://open.kakao.com/o/abc".into(),
            "digital".into(),
            "on_sale".into(),
            at(),
            at(),
        ],
    )
    .await
    .unwrap();

    insert_order(db, 1, "paid", Some(1)).await.unwrap();
    let second = insert_order(db, 2, "paid", Some(1)).await.unwrap_err();
    assert!(
        matches!(second.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))),
        "{second:?}"
    );
    insert_order(db, 3, "cancelled", None).await.unwrap();
    insert_order(db, 4, "awaiting_payment", None).await.unwrap();

    // Foreign keys are enforced (on SQLite thanks to sqlx's default `foreign_keys = ON`).
    let orphan = insert(
        db,
        "product_images",
        &[
            "product_id",
            "position",
            "storage_key",
            "content_type",
            "size_bytes",
            "created_at",
        ],
        vec![
            99_i64.into(),
            0_i16.into(),
            "k".into(),
            "image/jpeg".into(),
            1_i32.into(),
            at(),
        ],
    )
    .await;
    assert!(
        matches!(
            orphan.map_err(|e| e.sql_err()),
            Err(Some(SqlErr::ForeignKeyConstraintViolation(_)))
        ),
        "a photo of a missing listing is refused"
    );
}

#[tokio::test]
async fn sqlite_up_down_up() {
    let db = Scratch::sqlite().await;
    up_down_up(&db.db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_allows_one_open_order_per_product() {
    let db = Scratch::sqlite().await;
    Migrator::up(&db.db, None).await.unwrap();
    one_open_order_per_product(&db.db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn mysql_up_down_up() {
    let Some(db) = Scratch::mysql().await else {
        return;
    };
    up_down_up(&db.db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn mysql_allows_one_open_order_per_product() {
    let Some(db) = Scratch::mysql().await else {
        return;
    };
    Migrator::up(&db.db, None).await.unwrap();
    one_open_order_per_product(&db.db).await;
    db.cleanup().await;
}

/// The per-backend column choices really reach MySQL.
#[tokio::test]
async fn mysql_columns_have_the_intended_types() {
    let Some(db) = Scratch::mysql().await else {
        return;
    };
    Migrator::up(&db.db, None).await.unwrap();
    let rows = db
        .db
        .query_all_raw(sea_orm_migration::sea_orm::Statement::from_string(
            DbBackend::MySql,
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, COALESCE(COLLATION_NAME, '') AS C \
             FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
        ))
        .await
        .unwrap();
    let column = |table: &str, col: &str| -> (String, String) {
        rows.iter()
            .find(|r| {
                r.try_get::<String>("", "TABLE_NAME").unwrap() == table
                    && r.try_get::<String>("", "COLUMN_NAME").unwrap() == col
            })
            .map(|r| {
                (
                    r.try_get::<String>("", "COLUMN_TYPE").unwrap(),
                    r.try_get::<String>("", "C").unwrap(),
                )
            })
            .unwrap_or_else(|| panic!("{table}.{col} missing"))
    };
    assert_eq!(column("skill_logs", "request_body").0, "mediumtext");
    assert_eq!(column("skill_logs", "response_body").0, "mediumtext");
    assert_eq!(column("members", "joined_at").0, "datetime(6)");
    assert_eq!(column("members", "user_key").1, "utf8mb4_bin");
    assert_eq!(column("product_name_bigrams", "gram").1, "utf8mb4_bin");
    assert_eq!(column("orders", "order_no").1, "utf8mb4_bin");
    assert_eq!(column("members", "nickname").1, "utf8mb4_unicode_ci");
    // Matched byte for byte against lower-cased substrings of a listing name.
    assert_eq!(column("keyword_alerts", "keyword").1, "utf8mb4_bin");
    assert_eq!(column("notifications", "payload").0, "mediumtext");

    let tables = db
        .db
        .query_all_raw(sea_orm_migration::sea_orm::Statement::from_string(
            DbBackend::MySql,
            "SELECT TABLE_NAME, TABLE_COLLATION, ENGINE FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'seaql_migrations'",
        ))
        .await
        .unwrap();
    assert_eq!(tables.len(), TABLES.len());
    for t in tables {
        assert_eq!(
            t.try_get::<String>("", "TABLE_COLLATION").unwrap(),
            "utf8mb4_unicode_ci"
        );
        assert_eq!(t.try_get::<String>("", "ENGINE").unwrap(), "InnoDB");
    }
    db.cleanup().await;
}

#[test]
fn server_url_drops_the_database_path() {
    assert_eq!(
        server_url("mysql://root@127.0.0.1:3306/test"),
        "mysql://root@127.0.0.1:3306"
    );
    assert_eq!(
        server_url("mysql://root@127.0.0.1:3306/"),
        "mysql://root@127.0.0.1:3306"
    );
    assert_eq!(
        server_url("mysql://u:p@h:1/db?ssl-mode=disabled"),
        "mysql://u:p@h:1?ssl-mode=disabled"
    );
}
