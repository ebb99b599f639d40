//! Likes (찜): a member keeps listings they may see, and hears when one of them changes
//! (contract §8).
//!
//! What a liker is told about is [`LikedNews`]; the app delivers it as a `liked_changed`
//! notification through the [`crate::ListingObserver`] of [`crate::ProductService`].

mod model;
mod ports;
mod service;

pub use model::{LikeSummary, LikedNews, Toggled};
pub use ports::LikeRepository;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockLikeRepository;
pub use service::{LIKES_PAGE_SIZE, LikeService};
