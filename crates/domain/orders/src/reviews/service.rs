use std::sync::Arc;

use junggye_domain_common::{Clock, Page, Paged};
use junggye_members::{ActiveMember, Rating};
use junggye_notifications::{NewNotification, Payload, Role, TradeRef};
use junggye_products::ProductStatus;

use super::model::{
    Liker, NewReview, OpenChatSale, ReceivedReviews, Review, ReviewError, ReviewFilter, ReviewId,
    ReviewText, Trade,
};
use super::ports::ReviewRepository;
use crate::model::{MemberId, OrderId, ProductId};
use crate::ports::OrderNumbers;

/// Reviews, open-chat buyers and what profiles show of them.
pub struct ReviewService {
    repo: Arc<dyn ReviewRepository>,
    numbers: Arc<dyn OrderNumbers>,
    clock: Arc<dyn Clock>,
}

/// A stored review with the trade it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub id: ReviewId,
    pub trade: Trade,
    pub reviewee: MemberId,
}

impl ReviewService {
    pub fn new(
        repo: Arc<dyn ReviewRepository>,
        numbers: Arc<dyn OrderNumbers>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            numbers,
            clock,
        }
    }

    /// The trade `member` may review: `order` exists, `member` is a party of it, and it is
    /// completed.
    ///
    /// # Errors
    /// [`ReviewError::NotFound`] for a stranger or a missing order (not told apart, so ids
    /// cannot be probed), [`ReviewError::NotCompleted`] before completion.
    pub async fn reviewable(
        &self,
        member: &ActiveMember,
        order: OrderId,
    ) -> Result<Trade, ReviewError> {
        let trade = self.repo.trade(order).await?.ok_or(ReviewError::NotFound)?;
        if trade.buyer != member.id() && trade.seller != member.id() {
            return Err(ReviewError::NotFound);
        }
        if !trade.completed {
            return Err(ReviewError::NotCompleted);
        }
        Ok(trade)
    }

    /// `member` reviews the other party of `order`, once; the reviewed member is told
    /// (`review_received`, stored with the review).
    ///
    /// # Errors
    /// Those of [`Self::reviewable`]; [`ReviewError::Invalid`] for a text too long;
    /// [`ReviewError::AlreadyReviewed`] for a second review of the same order.
    pub async fn write(
        &self,
        member: &ActiveMember,
        order: OrderId,
        rating: Rating,
        text: Option<&str>,
    ) -> Result<Written, ReviewError> {
        let trade = self.reviewable(member, order).await?;
        let text = match text {
            Some(raw) => ReviewText::parse(raw)?,
            None => None,
        };
        let (reviewee, reviewee_role) = if trade.buyer == member.id() {
            (trade.seller, Role::Seller)
        } else {
            (trade.buyer, Role::Buyer)
        };
        let review = NewReview {
            order,
            reviewer: member.id(),
            reviewee,
            rating,
            text,
            at: self.clock.now(),
        };
        let notice = NewNotification {
            member: reviewee,
            payload: Payload::ReviewReceived {
                trade: TradeRef {
                    order,
                    product: trade.product,
                    item_name: trade.item_name.clone(),
                },
                role: reviewee_role,
                rating: notice_rating(rating),
            },
        };
        let id = self.repo.insert(&review, &[notice]).await?;
        Ok(Written {
            id,
            trade,
            reviewee,
        })
    }

    /// The review count and the newest `limit` reviews `member` received.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    pub async fn received(
        &self,
        member: MemberId,
        limit: u32,
    ) -> Result<ReceivedReviews, ReviewError> {
        self.repo.received(member, limit).await
    }

    /// Admin list, newest first.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    pub async fn list(
        &self,
        filter: ReviewFilter,
        page: Page,
    ) -> Result<Paged<Review>, ReviewError> {
        self.repo.list(filter, page).await
    }

    /// Admin removal; the reviewee's score is recomputed without it.
    ///
    /// # Errors
    /// [`ReviewError::NotFound`] when there is no such review.
    pub async fn delete(&self, id: ReviewId) -> Result<(), ReviewError> {
        if self.repo.delete(id).await? {
            Ok(())
        } else {
            Err(ReviewError::NotFound)
        }
    }

    /// Who may be named the buyer of `product` once it is sold over open chat: its likers,
    /// the seller left out.
    ///
    /// # Errors
    /// [`ReviewError::Unexpected`] on storage failure.
    pub async fn candidate_buyers(
        &self,
        seller: &ActiveMember,
        product: ProductId,
    ) -> Result<Vec<Liker>, ReviewError> {
        let mut likers = self.repo.likers(product).await?;
        likers.retain(|liker| liker.id != seller.id());
        Ok(likers)
    }

    /// The seller names the buyer of a listing they marked sold: the trade becomes a
    /// completed order both may review. Returns its id.
    ///
    /// # Errors
    /// [`ReviewError::NotCandidate`] for a buyer who did not like the listing (or the seller);
    /// [`ReviewError::BuyerNotRecordable`] when the listing is not the seller's, not sold, or
    /// already has its buyer.
    pub async fn record_buyer(
        &self,
        seller: &ActiveMember,
        product: ProductId,
        buyer: MemberId,
    ) -> Result<OrderId, ReviewError> {
        let candidates = self.candidate_buyers(seller, product).await?;
        if !candidates.iter().any(|liker| liker.id == buyer) {
            return Err(ReviewError::NotCandidate);
        }
        let sale = OpenChatSale {
            product,
            seller: seller.id(),
            buyer,
            order_no: self.numbers.next(),
            listing: ProductStatus::BUYER_NAMED,
            at: self.clock.now(),
        };
        self.repo
            .record_open_chat_sale(&sale)
            .await?
            .ok_or(ReviewError::BuyerNotRecordable)
    }
}

/// The notification keeps its own copy of the rating (its stored form is pinned there).
fn notice_rating(rating: Rating) -> junggye_notifications::Rating {
    match rating {
        Rating::Great => junggye_notifications::Rating::Great,
        Rating::Good => junggye_notifications::Rating::Good,
        Rating::Bad => junggye_notifications::Rating::Bad,
    }
}
