//! Like use cases: the 찜하기 / 찜 취소 button, the 찜 목록, and the likers a change concerns.

use std::sync::Arc;

use junggye_domain_common::{Clock, Page, Paged};
use junggye_members::ActiveMember;

use super::model::{LikeSummary, Toggled};
use super::ports::LikeRepository;
use crate::error::ProductError;
use crate::model::{MemberId, Product, ProductId};
use crate::ports::ProductRepository;
use crate::status::ProductStatus;

/// Liked listings per page: a carousel holds at most 10 cards.
pub const LIKES_PAGE_SIZE: u32 = 10;

pub struct LikeService {
    likes: Arc<dyn LikeRepository>,
    products: Arc<dyn ProductRepository>,
    clock: Arc<dyn Clock>,
}

impl LikeService {
    pub fn new(
        likes: Arc<dyn LikeRepository>,
        products: Arc<dyn ProductRepository>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            likes,
            products,
            clock,
        }
    }

    /// Likes a listing the member may see, or unlikes it when they already do.
    ///
    /// # Errors
    /// [`ProductError::NotFound`] for a listing the member may not see (missing, deleted,
    /// hidden), [`ProductError::OwnListing`] for their own.
    pub async fn toggle(
        &self,
        member: &ActiveMember,
        id: ProductId,
    ) -> Result<Toggled, ProductError> {
        let product = self
            .products
            .find(id)
            .await?
            .ok_or(ProductError::NotFound)?;
        // The owner check comes second: a stranger must not learn a hidden listing exists.
        if !product.status.visible_to_others() || product.under_review {
            return Err(ProductError::NotFound);
        }
        if product.is_owned_by(Some(member.id())) {
            return Err(ProductError::OwnListing);
        }
        let liked = self.likes.toggle(member.id(), id, self.clock.now()).await?;
        let count = self.likes.count(id).await?;
        Ok(Toggled { liked, count })
    }

    /// The member's liked listings still visible, newest like first, each as it is now.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn liked(
        &self,
        member: MemberId,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        let visible: Vec<ProductStatus> = ProductStatus::ALL
            .into_iter()
            .filter(|s| s.visible_to_others())
            .collect();
        self.likes.liked(member, &visible, page).await
    }

    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn count(&self, product: ProductId) -> Result<u64, ProductError> {
        self.likes.count(product).await
    }

    /// The count and whether `viewer` (a member, or `None` for a guest) likes the listing.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn summary(
        &self,
        viewer: Option<MemberId>,
        product: ProductId,
    ) -> Result<LikeSummary, ProductError> {
        let count = self.likes.count(product).await?;
        let liked = match viewer {
            Some(member) if count > 0 => self.likes.is_liked(member, product).await?,
            _ => false,
        };
        Ok(LikeSummary { count, liked })
    }

    /// Who to tell about a change of the listing.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn likers(&self, product: ProductId) -> Result<Vec<MemberId>, ProductError> {
        self.likes.likers(product).await
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
