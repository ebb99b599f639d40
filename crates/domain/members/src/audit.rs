//! The admin audit log: who did which admin action, on what, when, and how it ended. Every
//! change made through the admin API is recorded, refused ones included (a viewer trying to
//! refund is worth knowing about).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};

/// One admin action to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// The acting admin's username.
    pub username: String,
    /// What was done, e.g. `POST /admin/orders/{id}/refund` (the route, not the raw path).
    pub action: String,
    /// What it was done to: the path with its ids, e.g. `/admin/orders/42/refund`.
    pub target: String,
    /// How it ended, e.g. `200` or `403`.
    pub outcome: String,
    pub at: DateTime<Utc>,
}

impl AuditRecord {
    /// The column widths (username 32, action 96, target 128, outcome 255): longer values are
    /// cut on a character boundary rather than failing the insert under strict SQL modes.
    #[must_use]
    pub fn fitted(mut self) -> Self {
        fn cut(text: &mut String, max_chars: usize) {
            if let Some((at, _)) = text.char_indices().nth(max_chars) {
                text.truncate(at);
            }
        }
        cut(&mut self.username, 32);
        cut(&mut self.action, 96);
        cut(&mut self.target, 128);
        cut(&mut self.outcome, 255);
        self
    }
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub record: AuditRecord,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Stores one record.
    ///
    /// # Errors
    /// When storage fails.
    async fn record(&self, record: &AuditRecord) -> anyhow::Result<()>;

    /// Newest first, optionally one admin's.
    ///
    /// # Errors
    /// When storage fails.
    async fn list(&self, username: Option<String>, page: Page)
    -> anyhow::Result<Paged<AuditEntry>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_values_are_cut_to_the_columns_on_character_boundaries() {
        let record = AuditRecord {
            username: "a".repeat(40),
            action: "액".repeat(100),
            target: "가".repeat(200),
            outcome: "200".into(),
            at: DateTime::<Utc>::UNIX_EPOCH,
        }
        .fitted();
        assert_eq!(record.username.chars().count(), 32);
        assert_eq!(record.action.chars().count(), 96);
        assert_eq!(record.target.chars().count(), 128);
        assert_eq!(record.outcome, "200");
    }
}
