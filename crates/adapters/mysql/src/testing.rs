//! Fresh, migrated databases for tests (feature `testing`).
//!
//! ```ignore
//! for db in junggye_mysql::testing::backends().await {
//!     let repo = SeaMemberRepository::new(db.db.clone());
//!     // ... assertions, with db.backend() in messages ...
//!     db.cleanup().await;
//! }
//! ```
//!
//! SQLite databases are temp files; MySQL/MariaDB ones are databases created on the server named
//! by `TEST_DATABASE_URL` (e.g. `mysql://root@127.0.0.1:3306`; a database path in it is ignored).
//! Every name starts with `junggye_t_`, so leftovers of crashed runs are easy to find and drop.
//!
//! House rule: without `TEST_DATABASE_URL`, MySQL tests are skipped with a notice on stderr,
//! unless `JUNGGYE_REQUIRE_SERVICES=1` (set by `scripts/test.sh`), which makes that a failure.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait as _, Database, DatabaseConnection, DbBackend};

use crate::{connect, migrate};

/// Prefix of every test database and file.
pub const NAME_PREFIX: &str = "junggye_t_";

/// A migrated database of its own, to be removed with [`TestDb::cleanup`].
#[derive(Debug)]
pub struct TestDb {
    /// A pool opened with [`crate::connect`].
    pub db: DatabaseConnection,
    /// The URL `db` was opened with (for code under test that connects by itself).
    pub url: String,
    /// Taken by `cleanup`; still there in `Drop` when a test panicked before cleaning up.
    teardown: Option<Teardown>,
}

#[derive(Debug)]
enum Teardown {
    SqliteFile(PathBuf),
    MySql { server_url: String, name: String },
}

impl TestDb {
    /// A new SQLite file in the temp directory, migrated.
    ///
    /// # Panics
    /// When the file cannot be created or migrated: the test cannot run.
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = open(&url).await;
        Self {
            db,
            url,
            teardown: Some(Teardown::SqliteFile(path)),
        }
    }

    /// A new database on the `TEST_DATABASE_URL` server, migrated; `None` (after a notice on
    /// stderr) when the variable is unset.
    ///
    /// # Panics
    /// When `TEST_DATABASE_URL` is unset but `JUNGGYE_REQUIRE_SERVICES=1`, or when the server
    /// cannot be reached or the database cannot be created or migrated.
    pub async fn mysql() -> Option<Self> {
        let Some(raw) = std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
        else {
            assert!(
                std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "TEST_DATABASE_URL is required under scripts/test.sh \
                 (JUNGGYE_REQUIRE_SERVICES=1), e.g. mysql://root@127.0.0.1:3306"
            );
            eprintln!("skipping MySQL test: TEST_DATABASE_URL not set");
            return None;
        };
        let server_url = server_url(raw.trim());
        let name = unique_name();
        let admin = admin_connection(&server_url).await;
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            ))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = admin.close().await;
        let url = with_database(&server_url, &name);
        let db = open(&url).await;
        Some(Self {
            db,
            url,
            teardown: Some(Teardown::MySql { server_url, name }),
        })
    }

    /// `"sqlite"` or `"mysql"`, for assertion messages.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::MySql => "mysql",
            DbBackend::Sqlite => "sqlite",
            _ => "other",
        }
    }

    /// Whether this is the MySQL/MariaDB database.
    #[must_use]
    pub fn is_mysql(&self) -> bool {
        self.db.get_database_backend() == DbBackend::MySql
    }

    /// Closes the pool and removes the database (file, or `DROP DATABASE`). Call it at the end
    /// of every test. A test that panics first still gets a best-effort removal from `Drop`.
    ///
    /// # Panics
    /// When the MySQL database cannot be dropped.
    pub async fn cleanup(mut self) {
        // The pool may already be closed by the test (readiness tests do that).
        let _ = self.db.close_by_ref().await;
        match self.teardown.take() {
            Some(Teardown::SqliteFile(path)) => remove_sqlite_files(&path),
            Some(Teardown::MySql { server_url, name }) => {
                drop_mysql_database(&server_url, &name)
                    .await
                    .unwrap_or_else(|e| panic!("cannot drop test database {name}: {e}"));
            }
            None => {}
        }
    }
}

impl Drop for TestDb {
    /// Removal for tests that panicked before `cleanup`: `Drop` cannot await, so a MySQL drop
    /// runs on a thread with its own small runtime (the test's runtime may be unwinding).
    fn drop(&mut self) {
        match self.teardown.take() {
            Some(Teardown::SqliteFile(path)) => remove_sqlite_files(&path),
            Some(Teardown::MySql { server_url, name }) => {
                let worker = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    if let Err(e) = runtime.block_on(drop_mysql_database(&server_url, &name)) {
                        eprintln!("could not drop test database {name}: {e}");
                    }
                });
                let _ = worker.join();
            }
            None => {}
        }
    }
}

fn remove_sqlite_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

async fn drop_mysql_database(server_url: &str, name: &str) -> Result<(), sea_orm::DbErr> {
    let admin = Database::connect(server_url).await?;
    let res = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`"))
        .await;
    let _ = admin.close().await;
    res.map(|_| ())
}

/// SQLite, plus MySQL when `TEST_DATABASE_URL` is set (same rules as [`TestDb::mysql`]); run
/// each test body against every one of them.
///
/// # Panics
/// As [`TestDb::sqlite`] and [`TestDb::mysql`].
pub async fn backends() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite().await];
    if let Some(db) = TestDb::mysql().await {
        dbs.push(db);
    }
    dbs
}

fn unique_name() -> String {
    format!("{NAME_PREFIX}{}", uuid::Uuid::new_v4().simple())
}

async fn open(url: &str) -> DatabaseConnection {
    let db = connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot open test database: {e:#}"));
    migrate(&db)
        .await
        .unwrap_or_else(|e| panic!("cannot migrate test database: {e:#}"));
    db
}

async fn admin_connection(server_url: &str) -> DatabaseConnection {
    Database::connect(server_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the MySQL server of TEST_DATABASE_URL: {e}"))
}

/// `mysql://u@h:p/db?x` -> `mysql://u@h:p?x`: the test server, without a database.
fn server_url(raw: &str) -> String {
    let (scheme, rest) = raw.split_once("://").unwrap_or(("mysql", raw));
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or_default();
    match query {
        Some(q) if !q.is_empty() => format!("{scheme}://{authority}?{q}"),
        _ => format!("{scheme}://{authority}"),
    }
}

fn with_database(server_url: &str, name: &str) -> String {
    match server_url.split_once('?') {
        Some((base, q)) => format!("{base}/{name}?{q}"),
        None => format!("{server_url}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_url_drops_any_database_path() {
        for (raw, want) in [
            ("mysql://root@127.0.0.1:3306", "mysql://root@127.0.0.1:3306"),
            (
                "mysql://root@127.0.0.1:3306/",
                "mysql://root@127.0.0.1:3306",
            ),
            (
                "mysql://root@127.0.0.1:3306/test",
                "mysql://root@127.0.0.1:3306",
            ),
            (
                "mysql://u:p@db:1/x?ssl-mode=disabled",
                "mysql://u:p@db:1?ssl-mode=disabled",
            ),
        ] {
            assert_eq!(server_url(raw), want, "{raw}");
        }
        assert_eq!(
            with_database("mysql://u@h:1?ssl-mode=disabled", "junggye_t_x"),
            "mysql://u@h:1/junggye_t_x?ssl-mode=disabled"
        );
    }
}
