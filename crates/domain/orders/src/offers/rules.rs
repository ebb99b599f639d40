//! Who may offer, and what.

use junggye_products::{PurchaseRefusal, may_buy};

use super::error::OfferError;
use crate::model::{ListingSnapshot, MemberId, Won};

/// The prices a buyer may offer for a listing at `list`: at least `min_ratio` of it (rounded
/// up to the won) and below it (an offer at the list price is simply a purchase).
#[must_use]
pub fn price_range(list: Won, min_ratio: f64) -> (Won, Won) {
    let ratio = min_ratio.clamp(0.0, 1.0);
    // Prices stop at 1억, well inside f64's exact integers.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "prices are at most 1억 won, exact in f64"
    )]
    let min = (list.0 as f64 * ratio).ceil() as i64;
    (Won(min.max(1)), Won(list.0 - 1))
}

/// Whether `buyer` may offer on the listing now: what `may_buy` says for a purchase at list
/// price (a reserved listing takes no offers, whoever it is reserved for).
///
/// # Errors
/// [`OfferError::ListingNotFound`], [`OfferError::OwnListing`], [`OfferError::NotOnSale`].
pub fn may_offer(listing: &ListingSnapshot, buyer: MemberId) -> Result<(), OfferError> {
    if listing.under_review {
        return Err(OfferError::ListingNotFound);
    }
    may_buy(listing.status, listing.seller_id, buyer, None).map_err(|r| match r {
        PurchaseRefusal::Missing => OfferError::ListingNotFound,
        PurchaseRefusal::OwnListing => OfferError::OwnListing,
        PurchaseRefusal::NotOnSale => OfferError::NotOnSale,
    })
}

/// Checks an offered price against the listing's.
///
/// # Errors
/// [`OfferError::PriceOutOfRange`] with the allowed range.
pub fn check_price(list: Won, offered: Won, min_ratio: f64) -> Result<(), OfferError> {
    let (min, max) = price_range(list, min_ratio);
    if offered < min || offered > max {
        return Err(OfferError::PriceOutOfRange { min, max });
    }
    Ok(())
}
