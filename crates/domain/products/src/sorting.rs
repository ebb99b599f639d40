//! How a list page is ordered and narrowed (`extra.sort`, `extra.min_price`, `extra.max_price`)
//! and the keyset cursor that continues it.
//!
//! Every order is a keyset on `(key, id)`, both descending or both ascending, so a page
//! boundary never moves: a listing added, bumped or re-priced after a page was shown lands
//! before the cursor (it is not repeated) or stays after it (it is still shown), and nothing
//! that did not move is skipped.

use crate::error::ValidationError;
use crate::model::{ListFilter, Product, ProductId};
use crate::values::Price;

/// The order of a list (`extra.sort`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Newest registration or bump first.
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const ALL: [Self; 3] = [Self::Newest, Self::PriceAsc, Self::PriceDesc];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
        }
    }

    /// `None` for anything but the three codes (callers fall back to [`Sort::Newest`]).
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The quick reply that selects it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "최신순",
            Self::PriceAsc => "낮은 가격순",
            Self::PriceDesc => "높은 가격순",
        }
    }
}

/// Inclusive price bounds in won; either may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PriceRange {
    min: Option<i64>,
    max: Option<i64>,
}

impl PriceRange {
    /// Any price.
    pub const ANY: Self = Self {
        min: None,
        max: None,
    };

    /// Bounds from `extra.min_price` / `extra.max_price`, in won.
    ///
    /// # Errors
    /// [`ValidationError`] (field `price_range`) for a negative or over-the-limit bound, or a
    /// minimum above the maximum.
    pub fn new(min: Option<i64>, max: Option<i64>) -> Result<Self, ValidationError> {
        for bound in [min, max].into_iter().flatten() {
            if !(0..=Price::MAX).contains(&bound) {
                return Err(ValidationError::new(
                    "price_range",
                    "가격 범위는 0원 이상 1억원 이하로 지정해주세요.",
                ));
            }
        }
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            return Err(ValidationError::new(
                "price_range",
                "최소 가격이 최대 가격보다 클 수 없습니다.",
            ));
        }
        Ok(Self { min, max })
    }

    #[must_use]
    pub fn min(self) -> Option<i64> {
        self.min
    }

    #[must_use]
    pub fn max(self) -> Option<i64> {
        self.max
    }

    #[must_use]
    pub fn is_any(self) -> bool {
        self == Self::ANY
    }

    /// `1만~5만원`, `10만원 이하`, `50만원 이상`: how a reply names the range.
    #[must_use]
    pub fn label(self) -> Option<String> {
        let won = |w: i64| {
            if w >= 10_000 && w % 10_000 == 0 {
                format!("{}만", w / 10_000)
            } else {
                crate::values::format_won(w)
            }
        };
        match (self.min, self.max) {
            (None, None) => None,
            (Some(min), None) => Some(format!("{}원 이상", won(min))),
            (None, Some(max)) => Some(format!("{}원 이하", won(max))),
            (Some(min), Some(max)) => Some(format!("{}~{}원", won(min), won(max))),
        }
    }
}

/// Sort and price bounds of a browse list (latest, category, search). Seller lists ignore it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ListOrder {
    pub sort: Sort,
    pub price: PriceRange,
}

/// What a page is ordered by: which column the cursor's key holds. Decided here so adapters
/// only translate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// `listed_at` descending (registration or last bump), then id descending.
    ListedDesc,
    /// Id descending: seller lists, and search's newest order (its name index walks ids).
    IdDesc,
    /// Price ascending, then id ascending.
    PriceAsc,
    /// Price descending, then id descending.
    PriceDesc,
}

impl SortKey {
    /// The order of `filter`'s pages under `sort`.
    #[must_use]
    pub fn of(filter: &ListFilter, sort: Sort) -> Self {
        match (filter, sort) {
            (ListFilter::Seller(..), _) => Self::IdDesc,
            (ListFilter::Search(_), Sort::Newest) => Self::IdDesc,
            (ListFilter::Latest | ListFilter::Category(_), Sort::Newest) => Self::ListedDesc,
            (_, Sort::PriceAsc) => Self::PriceAsc,
            (_, Sort::PriceDesc) => Self::PriceDesc,
        }
    }

    /// The key of `product` in this order.
    #[must_use]
    pub fn key_of(self, product: &Product) -> i64 {
        match self {
            Self::ListedDesc => product.listed_at.timestamp_micros(),
            Self::IdDesc => product.id.0,
            Self::PriceAsc | Self::PriceDesc => product.draft.price.won(),
        }
    }

    /// Whether the order runs from small keys up.
    #[must_use]
    pub fn ascending(self) -> bool {
        self == Self::PriceAsc
    }
}

/// Where a page starts: strictly after `(key, id)` in the page's [`SortKey`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    pub key: i64,
    pub id: ProductId,
}

impl Cursor {
    /// The cursor that continues after `product`.
    #[must_use]
    pub fn after(product: &Product, order: SortKey) -> Self {
        Self {
            key: order.key_of(product),
            id: product.id,
        }
    }

    /// `key_id`, what the 더보기 quick reply carries in `extra.cursor`.
    #[must_use]
    pub fn encode(self) -> String {
        format!("{}_{}", self.key, self.id.0)
    }

    /// Reads [`Cursor::encode`]'s form; a bare positive id (the form before sorting existed)
    /// is its own key. `None` for anything else, which callers treat as the first page.
    #[must_use]
    pub fn decode(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let (key, id) = match raw.split_once('_') {
            Some((key, id)) => (key.parse::<i64>().ok()?, id.parse::<i64>().ok()?),
            None => {
                let id = raw.parse::<i64>().ok()?;
                (id, id)
            }
        };
        (id > 0 && key >= 0).then_some(Self {
            key,
            id: ProductId(id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_codes_read_back_and_unknown_ones_do_not() {
        for sort in Sort::ALL {
            assert_eq!(Sort::from_code(sort.code()), Some(sort));
        }
        assert_eq!(Sort::from_code("cheapest"), None);
        assert_eq!(Sort::from_code(""), None);
    }

    #[test]
    fn price_range_refuses_reversed_negative_and_huge_bounds() {
        assert!(PriceRange::new(Some(50_000), Some(10_000)).is_err());
        assert!(PriceRange::new(Some(-1), None).is_err());
        assert!(PriceRange::new(None, Some(Price::MAX + 1)).is_err());
        let range = PriceRange::new(Some(10_000), Some(50_000)).unwrap();
        assert_eq!(range.label().as_deref(), Some("1만~5만원"));
        assert_eq!(
            PriceRange::new(None, Some(100_000))
                .unwrap()
                .label()
                .as_deref(),
            Some("10만원 이하")
        );
        assert!(PriceRange::new(Some(7), Some(7)).is_ok());
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_the_first_page() {
        let cursor = Cursor {
            key: 1_765_000_000_123_456,
            id: ProductId(42),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(
            Cursor::decode("17"),
            Some(Cursor {
                key: 17,
                id: ProductId(17)
            })
        );
        for bad in [
            "",
            "abc",
            "1_",
            "_1",
            "-5",
            "3_-1",
            "99999999999999999999_1",
            "1_2_3",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn newest_search_walks_ids_and_browse_lists_walk_the_listing_time() {
        assert_eq!(
            SortKey::of(&ListFilter::Latest, Sort::Newest),
            SortKey::ListedDesc
        );
        assert_eq!(
            SortKey::of(
                &ListFilter::Search(crate::values::Keyword::parse("맥북").unwrap()),
                Sort::Newest
            ),
            SortKey::IdDesc
        );
        assert_eq!(
            SortKey::of(&ListFilter::Latest, Sort::PriceAsc),
            SortKey::PriceAsc
        );
    }
}
