//! Reviews: after a completed trade each party rates the other once, and the rating feeds the
//! reviewed member's 매너온도 (`junggye_members::manner_score`, recomputed by storage in the
//! review's transaction). A trade sold over open chat becomes reviewable once its seller names
//! the buyer: the app records it as a completed order without a payment, so every review names
//! an order (docs/trust.md).

mod model;
mod ports;
mod service;

pub use model::{
    Liker, NewReview, OpenChatSale, ReceivedReviews, Review, ReviewError, ReviewFilter, ReviewId,
    ReviewText, Trade,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockReviewRepository;
pub use ports::ReviewRepository;
pub use service::{ReviewService, Written};

#[cfg(test)]
mod tests;
