//! What a like is, and which changes of a liked listing its likers hear about.

use crate::status::ProductStatus;
use crate::values::Price;

/// The outcome of a 찜하기 / 찜 취소 tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toggled {
    /// Whether the member likes the listing now.
    pub liked: bool,
    /// Likes of the listing after the tap.
    pub count: u64,
}

/// A listing's likes as one viewer sees them on its detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LikeSummary {
    pub count: u64,
    /// Whether the viewer likes it (false for guests).
    pub liked: bool,
}

/// A change of a liked listing its likers are told about (`liked_changed`): a lower price, or
/// the listing becoming reserved, sold, or on sale again. Everything else (hidden, deleted,
/// held by a paid order, a higher price) is not news to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikedNews {
    PriceDropped {
        from: Price,
        to: Price,
    },
    Reserved,
    Sold,
    /// Back on sale: a reservation or an order fell through, or the seller showed it again.
    OnSaleAgain,
}

impl LikedNews {
    /// The news in a status change, if any.
    #[must_use]
    pub fn of_status_change(from: ProductStatus, to: ProductStatus) -> Option<Self> {
        if from == to {
            return None;
        }
        match to {
            ProductStatus::Reserved => Some(Self::Reserved),
            ProductStatus::Sold => Some(Self::Sold),
            ProductStatus::OnSale => Some(Self::OnSaleAgain),
            ProductStatus::Hidden | ProductStatus::Pending | ProductStatus::Deleted => None,
        }
    }

    /// The news in a price change: only a drop.
    #[must_use]
    pub fn of_price_change(from: Price, to: Price) -> Option<Self> {
        (to.won() < from.won()).then_some(Self::PriceDropped { from, to })
    }

    /// `news` as its likers may hear it: nothing while the listing is under review, which they
    /// could not open (docs/safety.md).
    #[must_use]
    pub fn heard(news: Option<Self>, under_review: bool) -> Option<Self> {
        news.filter(|_| !under_review)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};

    #[test]
    fn likers_hear_nothing_of_a_listing_under_review() {
        let news = LikedNews::of_status_change(OnSale, Reserved);
        assert_eq!(LikedNews::heard(news, true), None);
        assert_eq!(LikedNews::heard(news, false), Some(LikedNews::Reserved));
    }

    #[test]
    fn likers_hear_of_reserved_sold_and_back_on_sale_only() {
        assert_eq!(
            LikedNews::of_status_change(OnSale, Reserved),
            Some(LikedNews::Reserved)
        );
        assert_eq!(
            LikedNews::of_status_change(Reserved, Sold),
            Some(LikedNews::Sold)
        );
        assert_eq!(
            LikedNews::of_status_change(Pending, Sold),
            Some(LikedNews::Sold)
        );
        for from in [Reserved, Hidden, Pending] {
            assert_eq!(
                LikedNews::of_status_change(from, OnSale),
                Some(LikedNews::OnSaleAgain),
                "{from:?}"
            );
        }
        for (from, to) in [
            (OnSale, Hidden),
            (OnSale, Deleted),
            (OnSale, Pending),
            (OnSale, OnSale),
        ] {
            assert_eq!(
                LikedNews::of_status_change(from, to),
                None,
                "{from:?}->{to:?}"
            );
        }
    }

    #[test]
    fn only_a_lower_price_is_news() {
        let price = |won| Price::from_won(won).unwrap();
        assert_eq!(
            LikedNews::of_price_change(price(10_000), price(9_000)),
            Some(LikedNews::PriceDropped {
                from: price(10_000),
                to: price(9_000)
            })
        );
        assert_eq!(
            LikedNews::of_price_change(price(9_000), price(10_000)),
            None
        );
        assert_eq!(LikedNews::of_price_change(price(9_000), price(9_000)), None);
    }
}
