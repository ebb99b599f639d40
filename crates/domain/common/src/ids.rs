//! Database ids, one type per entity, shared by every domain so a member id handed from the
//! members domain to orders or listings is the same value, never re-wrapped.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A member: a seller, a buyer or a viewer, whichever side of a use case they are on.
    MemberId
);
id_type!(
    /// A listing. Ids only grow, so newer listings have larger ids (keyset paging relies on it).
    ProductId
);
id_type!(OrderId);
id_type!(PaymentId);
id_type!(
    /// A price offer on a listing.
    OfferId
);
