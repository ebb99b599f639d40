use std::fmt;

use chrono::{DateTime, Utc};
use junggye_domain_common::ValidationError;
use junggye_members::Rating;
use junggye_products::StatusChange;

use crate::model::{MemberId, OrderId, OrderNo, ProductId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReviewId(pub i64);

impl fmt::Display for ReviewId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A review's optional words: trimmed, at most [`ReviewText::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewText(String);

impl ReviewText {
    pub const MAX_CHARS: usize = 200;

    /// `None` for blank input.
    ///
    /// # Errors
    /// [`ValidationError`] past [`Self::MAX_CHARS`] characters.
    pub fn parse(raw: &str) -> Result<Option<Self>, ValidationError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::new(
                "text",
                format!("후기는 {}자까지 쓸 수 있어요.", Self::MAX_CHARS),
            ));
        }
        Ok(Some(Self(text.to_owned())))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A trade as reviews see it: its parties and whether it is completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trade {
    pub order: OrderId,
    pub product: ProductId,
    pub item_name: String,
    pub buyer: MemberId,
    pub seller: MemberId,
    pub completed: bool,
}

/// A review to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub order: OrderId,
    pub reviewer: MemberId,
    pub reviewee: MemberId,
    pub rating: Rating,
    pub text: Option<ReviewText>,
    pub at: DateTime<Utc>,
}

/// A stored review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: ReviewId,
    pub order: OrderId,
    pub reviewer: MemberId,
    /// Empty when the reviewer has left.
    pub reviewer_nickname: String,
    pub reviewee: MemberId,
    pub rating: Rating,
    pub text: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What a profile shows of the reviews a member received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceivedReviews {
    pub total: u32,
    /// Newest first.
    pub latest: Vec<Review>,
}

/// The admin list's filters; both empty lists every review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewFilter {
    /// Reviews written or received by this member.
    pub member: Option<MemberId>,
    pub order: Option<OrderId>,
}

/// A member who liked a listing: a candidate buyer of an open-chat sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Liker {
    pub id: MemberId,
    pub nickname: String,
}

/// An open-chat sale with its buyer named, to record as a completed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChatSale {
    pub product: ProductId,
    pub seller: MemberId,
    pub buyer: MemberId,
    pub order_no: OrderNo,
    /// The listing must already be where this change leads (sold), with no buyer recorded.
    pub listing: StatusChange,
    pub at: DateTime<Utc>,
}

/// Everything a review use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No such trade, or the member is not one of its parties (not told apart).
    #[error("trade not found")]
    NotFound,
    /// The trade is not completed yet (or was cancelled).
    #[error("trade not completed")]
    NotCompleted,
    #[error("already reviewed")]
    AlreadyReviewed,
    /// The named buyer cannot be recorded: not a liker of the listing, or the seller.
    #[error("not a candidate buyer")]
    NotCandidate,
    /// The listing is not sold by this seller, or its buyer is already recorded.
    #[error("buyer cannot be recorded")]
    BuyerNotRecordable,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
