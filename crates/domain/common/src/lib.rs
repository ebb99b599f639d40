//! Vocabulary shared by every junggye domain: paging, time, and the skill-log port.
//!
//! Nothing here knows about HTTP, SQL or Kakao; adapters translate into these types.

pub mod clock;
pub mod paging;
pub mod reports;
pub mod skill_log;

pub use clock::{Clock, SystemClock};
pub use paging::{Page, Paged};
