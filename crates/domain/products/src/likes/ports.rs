//! What likes need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};

use crate::error::ProductError;
use crate::model::{MemberId, Product, ProductId};
use crate::status::ProductStatus;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LikeRepository: Send + Sync {
    /// Likes the listing if the member does not yet, unlikes it otherwise, and returns whether
    /// the member likes it now. Two racing taps of one member leave one like at most.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure (nothing changes then).
    async fn toggle(
        &self,
        member: MemberId,
        product: ProductId,
        at: DateTime<Utc>,
    ) -> Result<bool, ProductError>;

    /// Whether the member likes the listing.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn is_liked(&self, member: MemberId, product: ProductId) -> Result<bool, ProductError>;

    /// The listings the member likes whose status is one of `statuses`, newest like first;
    /// never one under review, nor one of a seller the member blocked (docs/safety.md).
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn liked(
        &self,
        member: MemberId,
        statuses: &[ProductStatus],
        page: Page,
    ) -> Result<Paged<Product>, ProductError>;

    /// How many members like the listing.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn count(&self, product: ProductId) -> Result<u64, ProductError>;

    /// Every member who likes the listing.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn likers(&self, product: ProductId) -> Result<Vec<MemberId>, ProductError>;
}
