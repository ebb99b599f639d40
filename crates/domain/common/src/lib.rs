//! Vocabulary shared by every junggye domain: ids, validation errors, paging, time, and the
//! skill-log port.
//!
//! Nothing here knows about HTTP, SQL or Kakao; adapters translate into these types.

pub mod clock;
pub mod ids;
pub mod paging;
pub mod reports;
pub mod schedule;
pub mod skill_log;
mod validation;

pub use clock::{Clock, SystemClock};
pub use ids::{MemberId, OfferId, OrderId, PaymentId, ProductId};
pub use paging::{Page, Paged};
pub use schedule::JobTurns;
pub use validation::ValidationError;
