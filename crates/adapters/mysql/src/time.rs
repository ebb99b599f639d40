//! The one rule for instants in the database: UTC, as a naive `datetime`, to the microsecond.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// `t` as stored: naive UTC cut to whole microseconds. MySQL `datetime(6)` keeps no more (and
/// MySQL 8 would round where MariaDB truncates), while SQLite would keep nanoseconds; writing
/// only truncated instants makes both backends give back exactly what was written.
#[must_use]
pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    t.trunc_subsecs(6).naive_utc()
}

/// A stored instant back as UTC.
#[must_use]
pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The current instant, as stored.
pub(crate) fn now_db() -> NaiveDateTime {
    to_db(Utc::now())
}
