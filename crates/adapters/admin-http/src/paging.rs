//! `page` / `size` query parameters, checked rather than silently clamped.

use crate::error::ApiError;
use junggye_domain_common::Page;

pub(crate) const DEFAULT_SIZE: u32 = 20;

/// Turns the query's `page` (0-based) and `size` (1..=100) into a [`Page`].
///
/// Negative or non-numeric values already failed deserialization (400); here the numbers are
/// well-formed but out of range, hence 422.
pub(crate) fn page(page: Option<u32>, size: Option<u32>) -> Result<Page, ApiError> {
    let size = size.unwrap_or(DEFAULT_SIZE);
    if !(1..=Page::MAX_SIZE).contains(&size) {
        return Err(ApiError::invalid(
            "size",
            format!("size must be between 1 and {}", Page::MAX_SIZE),
        ));
    }
    let number = page.unwrap_or(0);
    // Keeps OFFSET within what both databases take as a plain integer.
    if number > 1_000_000 {
        return Err(ApiError::invalid("page", "page is too large"));
    }
    Ok(Page::new(number, size))
}
