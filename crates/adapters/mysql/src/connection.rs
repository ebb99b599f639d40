//! Opening, migrating and checking the database.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use junggye_migrations::{Migrator, MigratorTrait as _};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

/// A dead database must fail `/readyz` and skill calls quickly, not hang Kakao's 5 s window.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
/// Enough for a 2-core server: requests are short and MySQL does the waiting.
const MYSQL_MAX_CONNECTIONS: u32 = 10;
/// SQLite has one writer; a few connections let readers run beside it under WAL.
const SQLITE_MAX_CONNECTIONS: u32 = 4;
/// How long SQLite waits for the write lock before answering "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Statements slower than this are logged at WARN.
const SLOW_STATEMENT: Duration = Duration::from_secs(1);

/// Opens a connection pool for a `mysql://…` or `sqlite:…` URL.
///
/// MySQL: up to 10 connections, 3 s connect and acquire timeouts. SQLite: creates the file and
/// its parent directory if missing, WAL journal, 5 s busy timeout, foreign keys on, up to 4
/// connections (1 for an in-memory database, which each connection would otherwise get anew).
/// Statements are logged at DEBUG, slow ones (over 1 s) at WARN.
///
/// # Errors
/// When the directory cannot be created or the database cannot be reached; the message names
/// the URL without its password.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, SLOW_STATEMENT)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_timeout(ACQUIRE_TIMEOUT);

    if let Some(target) = sqlite_target(url) {
        configure_sqlite(&mut options, &target)?;
    } else {
        options
            .max_connections(MYSQL_MAX_CONNECTIONS)
            .min_connections(1)
            .idle_timeout(Duration::from_secs(600))
            // Recycle before a server-side wait_timeout or a proxy silently drops the socket.
            .max_lifetime(Duration::from_secs(1800));
    }

    Database::connect(options)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

/// Where an SQLite URL points.
#[derive(Debug, PartialEq, Eq)]
enum SqliteTarget {
    Memory,
    File(String),
}

/// `None` for non-SQLite URLs. Mirrors sqlx's parsing: `sqlite:` then optional `//`, path up to `?`.
fn sqlite_target(url: &str) -> Option<SqliteTarget> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let memory =
        path.is_empty() || path == ":memory:" || query.split('&').any(|kv| kv == "mode=memory");
    Some(if memory {
        SqliteTarget::Memory
    } else {
        SqliteTarget::File(path.to_owned())
    })
}

fn configure_sqlite(options: &mut ConnectOptions, target: &SqliteTarget) -> anyhow::Result<()> {
    match target {
        SqliteTarget::Memory => {
            // One connection that never closes: the database lives and dies with it.
            options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
            options
                .map_sqlx_sqlite_opts(|o| o.foreign_keys(true).busy_timeout(SQLITE_BUSY_TIMEOUT));
        }
        SqliteTarget::File(path) => {
            if let Some(dir) = Path::new(path).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create the directory {}", dir.display()))?;
            }
            options.max_connections(SQLITE_MAX_CONNECTIONS);
            // WAL lets readers proceed during a write; synchronous stays FULL (the default)
            // because this file may hold payments.
            options.map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
            });
        }
    }
    Ok(())
}

/// The URL with any password replaced, for error messages and logs.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails; the database may then be partly migrated (MySQL DDL is not
/// transactional), which the error says.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed (the schema may be partly migrated)")
}

/// A round trip to the database, for `/readyz`.
///
/// # Errors
/// When the database does not answer (the pool's acquire timeout bounds the wait).
pub async fn ping(db: &DatabaseConnection) -> anyhow::Result<()> {
    db.ping().await.context("database ping failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_are_told_apart() {
        assert_eq!(sqlite_target("sqlite::memory:"), Some(SqliteTarget::Memory));
        assert_eq!(
            sqlite_target("sqlite://data/junggye.db?mode=rwc"),
            Some(SqliteTarget::File("data/junggye.db".into()))
        );
        assert_eq!(
            sqlite_target("sqlite:///tmp/x.db"),
            Some(SqliteTarget::File("/tmp/x.db".into()))
        );
        assert_eq!(
            sqlite_target("sqlite://file.db?mode=memory&cache=shared"),
            Some(SqliteTarget::Memory)
        );
        assert_eq!(sqlite_target("mysql://root@127.0.0.1:3306/db"), None);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("mysql://app:s3cret@db:3306/junggye"),
            "mysql://app:***@db:3306/junggye"
        );
        assert_eq!(
            redact("mysql://root@127.0.0.1:3306/x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(redact("sqlite://data/j.db"), "sqlite://data/j.db");
    }
}
