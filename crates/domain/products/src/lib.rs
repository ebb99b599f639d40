//! Products domain: listings, photos, search, status state machine.
