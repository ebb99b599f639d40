use async_trait::async_trait;
use junggye_domain_common::{Page, Paged};
use junggye_notifications::NewNotification;

use super::model::{
    Liker, NewReview, OpenChatSale, ReceivedReviews, Review, ReviewError, ReviewFilter, ReviewId,
    Trade,
};
use crate::model::{MemberId, OrderId, ProductId};

/// Storage of reviews and of what they are about. Every change to a member's trade history
/// (a review stored or deleted, an open-chat sale recorded) recomputes the 매너온도 of the
/// members it concerns with `junggye_members::manner_score`, in the same transaction.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ReviewRepository: Send + Sync {
    /// The order with this id as a trade (escrow or open chat).
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn trade(&self, order: OrderId) -> Result<Option<Trade>, ReviewError>;

    /// In one transaction: stores the review, recomputes the reviewee's score, stores `outbox`.
    ///
    /// # Errors
    /// [`ReviewError::AlreadyReviewed`] when the reviewer already reviewed this order (then
    /// nothing is stored); [`ReviewError::Unexpected`] on storage failure.
    async fn insert(
        &self,
        review: &NewReview,
        outbox: &[NewNotification],
    ) -> Result<ReviewId, ReviewError>;

    /// How many reviews `member` received, with the newest `limit`.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn received(&self, member: MemberId, limit: u32) -> Result<ReceivedReviews, ReviewError>;

    /// Newest first.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn list(&self, filter: ReviewFilter, page: Page) -> Result<Paged<Review>, ReviewError>;

    /// Deletes the review and recomputes its reviewee's score; `false` when there was none.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn delete(&self, id: ReviewId) -> Result<bool, ReviewError>;

    /// Members who liked the listing, oldest like first.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn likers(&self, product: ProductId) -> Result<Vec<Liker>, ReviewError>;

    /// In one transaction: records the buyer on the listing (only when the listing belongs to
    /// the seller, has the sale's target status and no buyer yet), inserts the completed order,
    /// counts the trade for both members and recomputes both scores. `None` when the listing
    /// did not qualify (nothing written).
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    async fn record_open_chat_sale(
        &self,
        sale: &OpenChatSale,
    ) -> Result<Option<OrderId>, ReviewError>;
}
