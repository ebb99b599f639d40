//! What keyword alerts need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::error::AlertError;
use super::keyword::AlertKeyword;
use crate::model::MemberId;

/// A member who keeps a keyword.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subscription {
    pub member: MemberId,
    pub keyword: String,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait KeywordRepository: Send + Sync {
    /// The member's keywords, oldest first.
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] on storage failure.
    async fn keywords(&self, member: MemberId) -> Result<Vec<AlertKeyword>, AlertError>;

    /// Stores the keyword unless the member already keeps `max` keywords (checked in the same
    /// statement, so racing adds cannot pass the limit together); returns whether it was stored.
    ///
    /// # Errors
    /// MUST return [`AlertError::Duplicate`] when the member already keeps it,
    /// [`AlertError::Unexpected`] on storage failure.
    async fn insert(
        &self,
        member: MemberId,
        keyword: &AlertKeyword,
        max: u32,
        at: DateTime<Utc>,
    ) -> Result<bool, AlertError>;

    /// Removes the keyword; returns whether the member kept it.
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] on storage failure.
    async fn delete(&self, member: MemberId, keyword: &AlertKeyword) -> Result<bool, AlertError>;

    /// Every subscription whose keyword is exactly one of `keywords` (there may be hundreds:
    /// the adapter splits them into statements of a size the database takes), by the keyword
    /// index, never by scanning keywords.
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] on storage failure.
    async fn subscribers(&self, keywords: &[String]) -> Result<Vec<Subscription>, AlertError>;

    /// Those of `others` who blocked `member` or whom `member` blocked.
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] on storage failure.
    async fn blocked_either_way(
        &self,
        member: MemberId,
        others: &[MemberId],
    ) -> Result<Vec<MemberId>, AlertError>;
}
