//! The notifications an offer causes (contract §7): written with the offer's change.

use junggye_notifications::{ListingRef, NewNotification, Payload};

use super::model::{NewOffer, Offer};

fn listing(offer: &Offer) -> ListingRef {
    ListingRef {
        product: offer.product_id,
        name: offer.product_name.clone(),
    }
}

/// `offer_received`, to the seller.
pub(super) fn received(offer: &NewOffer, name: &str) -> Vec<NewNotification> {
    vec![NewNotification {
        member: offer.seller_id,
        payload: Payload::OfferReceived {
            listing: ListingRef {
                product: offer.product_id,
                name: name.to_owned(),
            },
            price: offer.price.0,
        },
    }]
}

/// `offer_answered`, to the buyer.
pub(super) fn answered(offer: &Offer, accepted: bool) -> Vec<NewNotification> {
    vec![NewNotification {
        member: offer.buyer_id,
        payload: Payload::OfferAnswered {
            listing: listing(offer),
            price: offer.price.0,
            accepted,
        },
    }]
}
