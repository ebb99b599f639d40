//! The stale-listing reminder (`listing_stale`): an on-sale listing neither bumped nor edited
//! for `products.stale_days` asks its seller "아직 판매 중인가요?" with 끌올 / 판매완료 / 숨김
//! buttons, at most once per stale period.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use junggye_domain_common::Clock;
use junggye_notifications::{ListingRef, NewNotification, Payload};
use tracing::warn;

use crate::error::ProductError;
use crate::model::{MemberId, ProductId};

/// An on-sale listing whose seller may be asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleListing {
    pub id: ProductId,
    pub seller: MemberId,
    pub name: String,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait StaleListingStore: Send + Sync {
    /// On-sale listings registered, bumped or edited last before `cutoff` whose seller was not
    /// asked since `cutoff`, oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn due(
        &self,
        cutoff: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<StaleListing>, ProductError>;

    /// Records that the seller was asked at `at` and stores `notice`, in one transaction, if
    /// the listing is still due against `cutoff` (a bump, edit or status change meanwhile
    /// stops it). `false` when it no longer was.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure (nothing is stored then).
    async fn remind(
        &self,
        id: ProductId,
        cutoff: DateTime<Utc>,
        at: DateTime<Utc>,
        notice: &NewNotification,
    ) -> Result<bool, ProductError>;
}

/// The notification a stale listing's seller gets.
#[must_use]
pub fn stale_notice(listing: &StaleListing, idle_days: u32) -> NewNotification {
    NewNotification {
        member: listing.seller,
        payload: Payload::ListingStale {
            listing: ListingRef {
                product: listing.id,
                name: listing.name.clone(),
            },
            idle_days,
        },
    }
}

/// The periodic job's use case.
pub struct StaleReminders {
    store: Arc<dyn StaleListingStore>,
    clock: Arc<dyn Clock>,
    /// `products.stale_days`.
    days: u32,
    batch: u32,
}

impl StaleReminders {
    /// Listings per run; the next run takes the rest.
    pub const BATCH: u32 = 200;

    #[must_use]
    pub fn new(store: Arc<dyn StaleListingStore>, clock: Arc<dyn Clock>, days: u32) -> Self {
        Self {
            store,
            clock,
            days,
            batch: Self::BATCH,
        }
    }

    /// Asks the sellers of the listings due now; how many were asked. One listing's failure
    /// is reported and skipped, not fatal to the others.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] when the due listings cannot be read.
    pub async fn run(&self) -> Result<u32, ProductError> {
        if self.days == 0 {
            return Ok(0);
        }
        let now = self.clock.now();
        let cutoff = now - Duration::days(i64::from(self.days));
        let mut asked = 0;
        for listing in self.store.due(cutoff, self.batch).await? {
            let notice = stale_notice(&listing, self.days);
            match self.store.remind(listing.id, cutoff, now, &notice).await {
                Ok(true) => asked += 1,
                Ok(false) => {}
                Err(e) => warn!(product = listing.id.0, error = ?e, "stale reminder failed"),
            }
        }
        Ok(asked)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use junggye_domain_common::clock::MockClock;
    use mockall::predicate::{always, eq};

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn clock() -> Arc<MockClock> {
        let mut clock = MockClock::new();
        clock.expect_now().returning(now);
        Arc::new(clock)
    }

    fn listing(id: i64) -> StaleListing {
        StaleListing {
            id: ProductId(id),
            seller: MemberId(7),
            name: format!("상품 {id}"),
        }
    }

    #[tokio::test]
    async fn asks_each_due_seller_once_with_the_three_buttons_and_skips_the_changed() {
        let cutoff = now() - Duration::days(30);
        let mut store = MockStaleListingStore::new();
        store
            .expect_due()
            .with(eq(cutoff), eq(StaleReminders::BATCH))
            .returning(|_, _| Ok(vec![listing(1), listing(2)]));
        store
            .expect_remind()
            .with(eq(ProductId(1)), eq(cutoff), eq(now()), always())
            .times(1)
            .returning(|_, _, _, notice| {
                let text = junggye_notifications::render(&notice.payload);
                assert_eq!(text.title, "아직 판매 중인가요?");
                let labels: Vec<&str> = text.actions.iter().map(|a| a.label()).collect();
                assert_eq!(labels, ["끌올", "판매완료", "숨김"]);
                assert_eq!(notice.member, MemberId(7));
                Ok(true)
            });
        // Bumped between the read and the write: not asked.
        store
            .expect_remind()
            .with(eq(ProductId(2)), always(), always(), always())
            .times(1)
            .returning(|_, _, _, _| Ok(false));
        let asked = StaleReminders::new(Arc::new(store), clock(), 30)
            .run()
            .await
            .unwrap();
        assert_eq!(asked, 1);
    }

    #[tokio::test]
    async fn zero_days_switches_the_reminder_off() {
        let store = MockStaleListingStore::new();
        let asked = StaleReminders::new(Arc::new(store), clock(), 0)
            .run()
            .await
            .unwrap();
        assert_eq!(asked, 0);
    }
}
