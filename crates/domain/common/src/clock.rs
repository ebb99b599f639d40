//! Time as a port, so use cases with deadlines (escrow timers, payment reconciliation) are
//! testable.

use chrono::{DateTime, FixedOffset, Utc};

/// Korean Standard Time, UTC+9: what members read dates in, and what Kakao Pay writes its
/// offset-less times in. Korea does not observe daylight saving time, so a fixed offset is exact.
pub const KST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// Where use cases read the current time from.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
