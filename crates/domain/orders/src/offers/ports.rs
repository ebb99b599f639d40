//! What offers need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_notifications::NewNotification;

use super::error::OfferError;
use super::model::{NewOffer, Offer, OfferMove, OfferRole};
use crate::model::{MemberId, OfferId, ProductId};

/// Offer storage. Every move is a compare-and-set on the offer's state (and, with
/// [`super::ListingEffect::Requires`], on the listing's status in the same transaction), so two
/// racing answers, an answer and the expiry job, or an accept and a payment at list price each
/// settle to one outcome. `outbox`: notifications stored in the same transaction, only when the
/// change is made.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait OfferRepository: Send + Sync {
    /// Stores an open offer.
    ///
    /// # Errors
    /// MUST return [`OfferError::AlreadyOffered`] when the buyer has an open offer on the
    /// listing (a unique key decides concurrent calls); [`OfferError::Unexpected`] on storage
    /// failure.
    async fn create(
        &self,
        offer: &NewOffer,
        outbox: &[NewNotification],
    ) -> Result<Offer, OfferError>;

    /// The offer with this id.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    async fn find(&self, id: OfferId) -> Result<Option<Offer>, OfferError>;

    /// A member's received or sent offers, newest first.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    async fn list(
        &self,
        member: MemberId,
        role: OfferRole,
        page: Page,
    ) -> Result<Paged<Offer>, OfferError>;

    /// Every offer on a listing, newest first (the admin view), at most `limit`.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    async fn of_listing(&self, product: ProductId, limit: u32) -> Result<Vec<Offer>, OfferError>;

    /// Applies `change` to the offer in one transaction: its state from one of `change.from`
    /// to `change.to` (`answered_at` set once, `expires_at` when given, the open key cleared),
    /// then the listing effect; false when the offer was in none of `change.from`.
    ///
    /// # Errors
    /// MUST return [`OfferError::NotOnSale`] when a required listing change could not be made
    /// (nothing changes then); [`OfferError::Unexpected`] on storage failure.
    async fn apply(
        &self,
        offer: OfferId,
        change: OfferMove,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
        outbox: &[NewNotification],
    ) -> Result<bool, OfferError>;

    /// Accepted offers whose reservation ended at or before `now` (of one listing when
    /// `product` is given), oldest first, at most `limit`.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    async fn due_to_expire(
        &self,
        now: DateTime<Utc>,
        product: Option<ProductId>,
        limit: u32,
    ) -> Result<Vec<OfferId>, OfferError>;
}
