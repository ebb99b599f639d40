//! Offset paging for small admin lists and bot menus.

/// A requested page: 0-based number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Page {
    number: u32,
    size: u32,
}

impl Page {
    /// The largest page anyone may ask for; keeps a hostile `size=1000000` from loading a table.
    pub const MAX_SIZE: u32 = 100;

    /// A page, with `size` clamped to `1..=MAX_SIZE`.
    #[must_use]
    pub fn new(number: u32, size: u32) -> Self {
        Self {
            number,
            size: size.clamp(1, Self::MAX_SIZE),
        }
    }

    /// 0-based page number.
    #[must_use]
    pub fn number(self) -> u32 {
        self.number
    }

    #[must_use]
    pub fn size(self) -> u32 {
        self.size
    }

    #[must_use]
    pub fn offset(self) -> u64 {
        u64::from(self.number) * u64::from(self.size)
    }

    #[must_use]
    pub fn next(self) -> Self {
        Self {
            number: self.number.saturating_add(1),
            size: self.size,
        }
    }
}

/// One page of results; `has_more` drives the 더보기 quick reply without a COUNT(*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    /// The items of this page, in order.
    pub items: Vec<T>,
    pub has_more: bool,
}

impl<T> Paged<T> {
    /// Builds a page from up to `size + 1` fetched rows: the extra row only proves there is more.
    #[must_use]
    pub fn from_overfetch(mut rows: Vec<T>, size: u32) -> Self {
        let size = size as usize;
        let has_more = rows.len() > size;
        rows.truncate(size);
        Self {
            items: rows,
            has_more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_is_clamped_to_sane_bounds() {
        assert_eq!(Page::new(0, 0).size(), 1);
        assert_eq!(Page::new(0, 10_000).size(), Page::MAX_SIZE);
        assert_eq!(Page::new(3, 10).offset(), 30);
    }

    #[test]
    fn overfetch_row_only_signals_more() {
        let page = Paged::from_overfetch(vec![1, 2, 3], 2);
        assert_eq!(page.items, vec![1, 2]);
        assert!(page.has_more);
        let last = Paged::from_overfetch(vec![1, 2], 2);
        assert!(!last.has_more);
    }
}
