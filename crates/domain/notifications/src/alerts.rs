//! Keyword alerts (contract §8): a member keeps up to `alerts.max_keywords` keywords, and a new
//! listing or hot deal whose name contains one queues a `keyword_match` for them.
//!
//! Matching looks keywords up instead of scanning them: every substring of the name that could
//! be a keyword ([`candidates`], at most a few hundred for a listing name) is looked up by the
//! keyword index, so its cost follows the name's length, not the number of keywords stored.

mod error;
mod keyword;
mod ports;
mod service;

pub use error::AlertError;
pub use keyword::{AlertKeyword, candidates, normalized};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockKeywordRepository;
pub use ports::{KeywordRepository, Subscription};
pub use service::{AlertConfig, AlertService, DEFAULT_MAX_KEYWORDS};
