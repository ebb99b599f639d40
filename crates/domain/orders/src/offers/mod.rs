//! Price offers: a buyer proposes a price below the list price; the seller accepts, which
//! reserves the listing for that buyer at that price until the offer expires or is paid, or
//! rejects. They live with orders because an accepted offer is the first step of a purchase:
//! the payment reads its price, and paying closes it (docs/offers.md).

mod error;
mod model;
mod notices;
mod ports;
mod rules;
mod service;

pub use error::OfferError;
pub use model::{
    ListingEffect, NewOffer, Offer, OfferConfig, OfferDecision, OfferMove, OfferRole, OfferState,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockOfferRepository;
pub use ports::OfferRepository;
pub use rules::price_range;
pub use service::OfferService;

#[cfg(test)]
mod tests;
