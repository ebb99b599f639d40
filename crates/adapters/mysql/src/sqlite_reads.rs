//! The SQLite read model: the hot reads (listing pages, a listing, the member behind a skill
//! call) on rusqlite, beside sea-orm, which keeps every write and every other read.
//!
//! Why: sqlx runs each SQLite statement on a worker thread of its own and hands the rows back,
//! so a listing page (three statements) cost six thread switches; under load a third of the CPU
//! went to the scheduler (docs/benchmarks.md). Here a statement runs on the calling thread, on
//! that thread's own read-only connection, and a page is one statement (the listing rows, their
//! sellers and their photos joined). A local SQLite read of a page takes well under a
//! millisecond, so running it inline on an actix worker costs less than the switch it saves.
//!
//! Consistency: the file is in WAL mode and every statement here is its own read transaction,
//! so a read sees every write committed before it started, on whichever connection; a write
//! that has returned is visible to the next read. In-memory databases are private to their
//! connection and so are never served from here (see [`SqliteReads::for_url`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use junggye_products::SortKey;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags, Row};
use sea_orm::DbBackend;
use sea_orm::sea_query::{SelectStatement, SqliteQueryBuilder, Value};

use crate::entities::{members, products};
use crate::listing_query::{cards_sql, split_photos};

/// Statements kept prepared per connection: the page shapes (latest, category, search walk,
/// seller, one listing) and the member lookups, with room to spare.
const STATEMENT_CACHE: usize = 64;
const PAGE_CACHE_KIB: i64 = 512;
/// Readers never wait for writers under WAL; this only covers a checkpoint's brief lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// One read connection per (database, thread): actix workers are threads, and a
    /// connection is never shared, so no lock is ever taken on it.
    static CONNECTIONS: RefCell<HashMap<u64, Connection>> = RefCell::new(HashMap::new());
}

/// A handle on one SQLite file's read connections (one per thread that reads).
#[derive(Debug, Clone)]
pub struct SqliteReads {
    id: u64,
    path: PathBuf,
}

impl SqliteReads {
    /// `Some` for a file-backed `sqlite:` URL, `None` for MySQL/MariaDB and in-memory SQLite.
    #[must_use]
    pub fn for_url(url: &str) -> Option<Self> {
        let rest = url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if path.is_empty() || path == ":memory:" || query.split('&').any(|kv| kv == "mode=memory") {
            return None;
        }
        Some(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            path: PathBuf::from(path),
        })
    }

    fn open(&self) -> anyhow::Result<Connection> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening {} for reading", self.path.display()))?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // The OS caches the file; SQLite's own page cache (2 MB per connection by default) is
        // kept small so each reading thread costs little resident memory.
        connection.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(connection)
    }

    /// Runs `read` on this thread's connection, opening it on first use. A connection that
    /// failed is dropped, so the next call opens a fresh one.
    fn with<T>(&self, read: impl FnOnce(&Connection) -> anyhow::Result<T>) -> anyhow::Result<T> {
        CONNECTIONS.with(|cell| {
            let mut connections = cell.borrow_mut();
            let connection = match connections.entry(self.id) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => entry.insert(self.open()?),
            };
            let result = read(connection);
            if result.is_err() {
                connections.remove(&self.id);
            }
            result
        })
    }

    /// The listing rows `inner` selects (a `products` query, any shape), each with its seller's
    /// nickname and picture and its live photo keys in display order ([`cards_sql`]).
    pub(crate) fn listings(
        &self,
        inner: &SelectStatement,
        key: SortKey,
    ) -> anyhow::Result<Vec<ListingRow>> {
        let (inner_sql, values) = inner.build(SqliteQueryBuilder);
        let sql = cards_sql(DbBackend::Sqlite, &inner_sql, key);
        let params = values
            .into_iter()
            .map(to_sql_value)
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.with(|connection| {
            let mut statement = connection.prepare_cached(&sql)?;
            let rows = statement.query_map(rusqlite::params_from_iter(params), listing_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The members `blocker` blocked: asked on every page a member browses.
    pub(crate) fn blocked_by(&self, blocker: i64) -> anyhow::Result<Vec<i64>> {
        self.with(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT blocked_id FROM blocks WHERE blocker_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([blocker], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<i64>, _>>()?)
        })
    }

    pub(crate) fn catalog_version(&self) -> anyhow::Result<i64> {
        self.with(|connection| {
            let mut statement = connection.prepare_cached(crate::catalog::CURRENT)?;
            Ok(statement.query_row([], |row| row.get(0))?)
        })
    }

    /// The member row with `column = value` (`user_key` or `id`), whatever its status.
    pub(crate) fn member(
        &self,
        column: MemberKey,
        value: SqlValue,
    ) -> anyhow::Result<Option<members::Model>> {
        let sql = match column {
            MemberKey::UserKey => MEMBER_BY_USER_KEY,
            MemberKey::Id => MEMBER_BY_ID,
        };
        self.with(|connection| {
            let mut statement = connection.prepare_cached(sql)?;
            let mut rows = statement.query([value])?;
            rows.next()?.map(member_row).transpose().map_err(Into::into)
        })
    }
}

/// What [`SqliteReads::member`] looks a member up by.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MemberKey {
    UserKey,
    Id,
}

macro_rules! member_by {
    ($column:literal) => {
        concat!(
            "SELECT id, user_key, plusfriend_user_key, nickname, phone, profile_image, grade, ",
            "status, completed_trades, joined_at, withdrawn_at, created_at, updated_at, manner_tenths ",
            "FROM members WHERE ",
            $column,
            " = ?1"
        )
    };
}
const MEMBER_BY_USER_KEY: &str = member_by!("user_key");
const MEMBER_BY_ID: &str = member_by!("id");

/// A listing row with what a card shows of its seller and its photos.
pub(crate) struct ListingRow {
    pub(crate) product: products::Model,
    /// `None` when the seller row is missing (reported as a bad row by the caller).
    /// Nickname, picture and 매너온도 in tenths.
    pub(crate) seller: Option<(String, Option<String>, i32)>,
    pub(crate) photos: Vec<String>,
}

fn listing_row(row: &Row<'_>) -> rusqlite::Result<ListingRow> {
    let nickname: Option<String> = row.get(18)?;
    let photos: Option<String> = row.get(20)?;
    Ok(ListingRow {
        product: products::Model {
            id: row.get(0)?,
            seller_id: row.get(1)?,
            name: row.get(2)?,
            price: row.get(3)?,
            description: row.get(4)?,
            location: row.get(5)?,
            open_chat_url: row.get(6)?,
            category: row.get(7)?,
            status: row.get(8)?,
            buyer_id: row.get(9)?,
            version: row.get(10)?,
            created_at: row.get(11)?,
            updated_at: row.get(12)?,
            deleted_at: row.get(13)?,
            under_review: row.get(22)?,
            listed_micros: row.get(14)?,
            bumped_at: row.get(15)?,
            touched_at: row.get(16)?,
            stale_reminded_at: row.get(17)?,
        },
        seller: match nickname {
            Some(nickname) => Some((nickname, row.get(19)?, row.get(21)?)),
            None => None,
        },
        photos: split_photos(photos),
    })
}

fn member_row(row: &Row<'_>) -> rusqlite::Result<members::Model> {
    Ok(members::Model {
        id: row.get(0)?,
        user_key: row.get(1)?,
        plusfriend_user_key: row.get(2)?,
        nickname: row.get(3)?,
        phone: row.get(4)?,
        profile_image: row.get(5)?,
        grade: row.get(6)?,
        status: row.get(7)?,
        completed_trades: row.get(8)?,
        joined_at: row.get(9)?,
        withdrawn_at: row.get(10)?,
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
        manner_tenths: row.get(13)?,
    })
}

/// The values sea-query binds in our listing queries (ids, limits, codes, grams, patterns).
fn to_sql_value(value: Value) -> anyhow::Result<SqlValue> {
    Ok(match value {
        Value::Int(v) => v.map_or(SqlValue::Null, |v| SqlValue::Integer(v.into())),
        Value::BigInt(v) => v.map_or(SqlValue::Null, SqlValue::Integer),
        Value::Unsigned(v) => v.map_or(SqlValue::Null, |v| SqlValue::Integer(v.into())),
        Value::BigUnsigned(v) => match v {
            Some(v) => SqlValue::Integer(i64::try_from(v).context("a value over i64")?),
            None => SqlValue::Null,
        },
        Value::String(v) => v.map_or(SqlValue::Null, SqlValue::Text),
        Value::Char(v) => v.map_or(SqlValue::Null, |c| SqlValue::Text(c.to_string())),
        Value::Bool(v) => v.map_or(SqlValue::Null, |b| SqlValue::Integer(b.into())),
        other => return Err(anyhow!("no SQLite binding for {other:?}")),
    })
}
