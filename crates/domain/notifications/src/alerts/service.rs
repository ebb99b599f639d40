//! Keyword alert use cases: a member's keywords (the skills), and the matching of new listings
//! and deals (the app, told by the products and deals domains).

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use junggye_domain_common::Clock;

use super::error::AlertError;
use super::keyword::{AlertKeyword, candidates};
use super::ports::{KeywordRepository, Subscription};
use crate::model::{DealRef, ListingRef, MemberId, Payload};
use crate::service::NotificationService;

/// `alerts.max_keywords`.
pub const DEFAULT_MAX_KEYWORDS: u32 = 10;

/// Knobs of keyword alerts (`alerts.*`; the fold window `alerts.min_interval_mins` is the
/// notification service's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertConfig {
    /// Keywords one member may keep.
    pub max_keywords: u32,
}

impl Default for AlertConfig {
    fn default() -> Self {
        Self {
            max_keywords: DEFAULT_MAX_KEYWORDS,
        }
    }
}

pub struct AlertService {
    repo: Arc<dyn KeywordRepository>,
    notifications: Arc<NotificationService>,
    clock: Arc<dyn Clock>,
    config: AlertConfig,
}

impl AlertService {
    pub fn new(
        repo: Arc<dyn KeywordRepository>,
        notifications: Arc<NotificationService>,
        clock: Arc<dyn Clock>,
        config: AlertConfig,
    ) -> Self {
        Self {
            repo,
            notifications,
            clock,
            config,
        }
    }

    #[must_use]
    pub fn config(&self) -> AlertConfig {
        self.config
    }

    /// Adds a keyword (trimmed and lower-cased) and returns it as stored.
    ///
    /// # Errors
    /// [`AlertError::Invalid`] outside 2–20 characters, [`AlertError::Duplicate`] for one the
    /// member keeps, [`AlertError::TooMany`] past `alerts.max_keywords`.
    pub async fn add(&self, member: MemberId, raw: &str) -> Result<AlertKeyword, AlertError> {
        let keyword = AlertKeyword::parse(raw)?;
        let max = self.config.max_keywords;
        // Read first so a member at the limit who repeats a keyword hears "already there".
        let kept = self.repo.keywords(member).await?;
        if kept.contains(&keyword) {
            return Err(AlertError::Duplicate);
        }
        if kept.len() >= max as usize {
            return Err(AlertError::TooMany { max });
        }
        if self
            .repo
            .insert(member, &keyword, max, self.clock.now())
            .await?
        {
            Ok(keyword)
        } else {
            Err(AlertError::TooMany { max })
        }
    }

    /// # Errors
    /// [`AlertError::NotFound`] when the member keeps no such keyword (a blank or malformed one
    /// included: it cannot have been stored).
    pub async fn remove(&self, member: MemberId, raw: &str) -> Result<(), AlertError> {
        let keyword = AlertKeyword::parse(raw).map_err(|_| AlertError::NotFound)?;
        if self.repo.delete(member, &keyword).await? {
            Ok(())
        } else {
            Err(AlertError::NotFound)
        }
    }

    /// The member's keywords, oldest first.
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] on storage failure.
    pub async fn list(&self, member: MemberId) -> Result<Vec<AlertKeyword>, AlertError> {
        self.repo.keywords(member).await
    }

    /// A listing was registered: queues a `keyword_match` for each (member, keyword) its name
    /// contains, except the seller's own and those of members who blocked the seller or whom
    /// the seller blocked. Returns how many were queued (folded ones included).
    ///
    /// # Errors
    /// [`AlertError::Unexpected`] when the lookup fails, or the first notification that could
    /// not be stored (the others are still tried).
    pub async fn listing_added(
        &self,
        seller: MemberId,
        listing: ListingRef,
        price: i64,
    ) -> Result<usize, AlertError> {
        let mut subscriptions: Vec<Subscription> = self
            .subscribers(&listing.name)
            .await?
            .into_iter()
            .filter(|s| s.member != seller)
            .collect();
        if subscriptions.is_empty() {
            return Ok(0);
        }
        let members: Vec<MemberId> = subscriptions
            .iter()
            .map(|s| s.member)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let blocked: HashSet<MemberId> = self
            .repo
            .blocked_either_way(seller, &members)
            .await?
            .into_iter()
            .collect();
        subscriptions.retain(|s| !blocked.contains(&s.member));
        self.notify_each(subscriptions, |keyword| Payload::KeywordMatch {
            keyword,
            listing: listing.clone(),
            price,
            count: 1,
        })
        .await
    }

    /// A hot deal appeared: queues a `keyword_match` (a deal) for each (member, keyword) its
    /// title contains. Returns how many were queued.
    ///
    /// # Errors
    /// As [`Self::listing_added`].
    pub async fn deal_added(&self, title: &str, url: &str) -> Result<usize, AlertError> {
        let subscriptions = self.subscribers(title).await?;
        let deal = DealRef {
            title: title.to_owned(),
            url: url.to_owned(),
        };
        self.notify_each(subscriptions, |keyword| Payload::KeywordDeal {
            keyword,
            deal: deal.clone(),
            count: 1,
        })
        .await
    }

    async fn subscribers(&self, name: &str) -> Result<Vec<Subscription>, AlertError> {
        let keywords = candidates(name);
        if keywords.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = self.repo.subscribers(&keywords).await?;
        // One notification per (member, keyword) whatever the adapter's chunks returned.
        found.sort();
        found.dedup();
        Ok(found)
    }

    async fn notify_each(
        &self,
        subscriptions: Vec<Subscription>,
        payload: impl Fn(String) -> Payload,
    ) -> Result<usize, AlertError> {
        let mut queued = 0;
        let mut first_error = None;
        for Subscription { member, keyword } in subscriptions {
            match self
                .notifications
                .notify_keyword(member, payload(keyword))
                .await
            {
                Ok(_) => queued += 1,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e.into()),
            None => Ok(queued),
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
