//! Products domain: listings, photos, search, status state machine.

pub mod images;
pub mod notices;
