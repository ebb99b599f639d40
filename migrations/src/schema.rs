//! Column and table helpers shared by every migration.
//!
//! The schema builder writes portable SQL, but a few choices must differ per backend; they are
//! made here once so that every migration (including later ones) makes them the same way:
//! - MySQL/MariaDB tables are InnoDB, `utf8mb4` with `utf8mb4_unicode_ci` (Korean and emoji need
//!   4-byte UTF-8; the collation exists on MySQL 8 and MariaDB alike, unlike `utf8mb4_0900_ai_ci`).
//! - Times are UTC, written by the application (never a database default: SQLite's
//!   `CURRENT_TIMESTAMP` text would not compare with the RFC 3339 text sqlx writes). MySQL gets
//!   `datetime(6)`: `timestamp` ends in 2038 and converts by session time zone, and a
//!   `datetime` without fraction is rounded by MySQL 8 but truncated by MariaDB.
//! - Keys compared byte for byte (user keys, order numbers, bigrams) get `utf8mb4_bin` on MySQL,
//!   so `abc` and `ABC` stay distinct as they already are on SQLite.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Whether the migration runs against MySQL or MariaDB.
pub(crate) fn is_mysql(manager: &SchemaManager<'_>) -> bool {
    manager.get_database_backend() == DbBackend::MySql
}

/// `CREATE TABLE` with the backend's table options.
pub(crate) fn table<T: IntoIden>(manager: &SchemaManager<'_>, name: T) -> TableCreateStatement {
    let mut stmt = Table::create();
    stmt.table(name);
    if is_mysql(manager) {
        stmt.engine("InnoDB")
            .character_set("utf8mb4")
            .collate("utf8mb4_unicode_ci");
    }
    stmt
}

/// `DROP TABLE` for `down`.
pub(crate) fn drop<T: IntoIden + 'static>(name: T) -> TableDropStatement {
    Table::drop().table(name).to_owned()
}

/// `DROP INDEX name ON table`: the `down` of an index-only migration.
pub(crate) fn drop_index<T: IntoIden + 'static>(name: &str, table: T) -> IndexDropStatement {
    Index::drop().name(name).table(table).to_owned()
}

/// A 64-bit auto-increment primary key.
pub(crate) fn id<C: IntoIden>(col: C) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

/// A non-null 64-bit integer (ids of other rows, money in won).
pub(crate) fn bigint<C: IntoIden>(col: C) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().take()
}

/// A nullable 64-bit integer.
pub(crate) fn bigint_null<C: IntoIden>(col: C) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().take()
}

/// A non-null `varchar(len)`.
pub(crate) fn string<C: IntoIden>(col: C, len: u32) -> ColumnDef {
    ColumnDef::new(col).string_len(len).not_null().take()
}

/// A nullable `varchar(len)`.
pub(crate) fn string_null<C: IntoIden>(col: C, len: u32) -> ColumnDef {
    ColumnDef::new(col).string_len(len).null().take()
}

/// A `varchar(len)` holding an opaque key that must compare byte for byte (see module doc).
pub(crate) fn key_string<C: IntoIden>(manager: &SchemaManager<'_>, col: C, len: u32) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    if is_mysql(manager) {
        def.custom(Alias::new(format!(
            "varchar({len}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        )));
    } else {
        def.string_len(len);
    }
    def
}

/// A short lower-snake code column (`on_sale`, `paid`, ...) with an optional default.
pub(crate) fn code<C: IntoIden>(col: C, len: u32, default: Option<&'static str>) -> ColumnDef {
    let mut def = string(col, len);
    if let Some(value) = default {
        def.default(value);
    }
    def
}

/// Text up to 16 MiB on MySQL (`mediumtext`: a plain `text` stops at 65,535 bytes, less than a
/// 64 KiB skill body); SQLite's `text` has no such limit.
pub(crate) fn long_text<C: IntoIden>(manager: &SchemaManager<'_>, col: C) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    if is_mysql(manager) {
        def.custom(Alias::new("mediumtext"));
    } else {
        def.text();
    }
    def.not_null().take()
}

/// A non-null UTC instant (see module doc).
pub(crate) fn utc<C: IntoIden>(manager: &SchemaManager<'_>, col: C) -> ColumnDef {
    utc_type(manager, col).not_null().take()
}

/// A nullable UTC instant.
pub(crate) fn utc_null<C: IntoIden>(manager: &SchemaManager<'_>, col: C) -> ColumnDef {
    utc_type(manager, col).null().take()
}

fn utc_type<C: IntoIden>(manager: &SchemaManager<'_>, col: C) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    if is_mysql(manager) {
        def.custom(Alias::new("datetime(6)"));
    } else {
        def.date_time();
    }
    def
}

/// A non-unique index; names are global on SQLite, so they carry the table name.
pub(crate) fn index<T, C, I>(name: &str, table: T, cols: I) -> IndexCreateStatement
where
    T: IntoIden,
    C: IntoIden,
    I: IntoIterator<Item = C>,
{
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    stmt
}

pub(crate) fn unique<T, C, I>(name: &str, table: T, cols: I) -> IndexCreateStatement
where
    T: IntoIden,
    C: IntoIden,
    I: IntoIterator<Item = C>,
{
    let mut stmt = index(name, table, cols);
    stmt.unique();
    stmt
}

/// A foreign key declared inside `CREATE TABLE` (SQLite cannot add one later).
pub(crate) fn foreign_key<F, FC, T, TC>(
    name: &str,
    from: F,
    from_col: FC,
    to: T,
    to_col: TC,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    F: IntoIden,
    FC: IntoIden,
    T: IntoIden,
    TC: IntoIden,
{
    ForeignKey::create()
        .name(name)
        .from(from, from_col)
        .to(to, to_col)
        .on_delete(on_delete)
        .take()
}
