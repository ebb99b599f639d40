//! Kakao's documented response limits (docs/kakao-protocol.md) and the error that reports them.
//!
//! All lengths are `char` counts. The constants are public so callers can [`crate::fit`] text to
//! the same numbers the builder enforces.

use crate::text::char_len;

/// Outputs per template.
pub const MAX_OUTPUTS: usize = 3;
/// Quick replies per template.
pub const MAX_QUICK_REPLIES: usize = 10;
/// `simpleText.text`.
pub const SIMPLE_TEXT_MAX: usize = 1000;
/// `altText` of a simpleImage or thumbnail.
pub const ALT_TEXT_MAX: usize = 50;
/// `textCard.title`.
pub const TEXT_CARD_TITLE_MAX: usize = 50;
/// `textCard.description` as a single card.
pub const TEXT_CARD_DESCRIPTION_MAX: usize = 400;
/// `textCard.description` inside a carousel.
pub const TEXT_CARD_DESCRIPTION_MAX_IN_CAROUSEL: usize = 128;
/// `basicCard.title`.
pub const BASIC_CARD_TITLE_MAX: usize = 50;
/// `basicCard.description`.
pub const BASIC_CARD_DESCRIPTION_MAX: usize = 230;
/// `commerceCard.title`.
pub const COMMERCE_CARD_TITLE_MAX: usize = 30;
/// `commerceCard.description`.
pub const COMMERCE_CARD_DESCRIPTION_MAX: usize = 40;
/// Buttons stacked vertically.
pub const MAX_BUTTONS_VERTICAL: usize = 3;
/// Buttons side by side.
pub const MAX_BUTTONS_HORIZONTAL: usize = 2;
pub const BUTTON_LABEL_MAX: usize = 14;
/// Button label when two buttons sit side by side.
pub const BUTTON_LABEL_MAX_SIDE_BY_SIDE: usize = 8;
/// Quick-reply label: not in the current doc, but the common third-party figure, which we
/// choose to enforce.
pub const QUICK_REPLY_LABEL_MAX: usize = 14;
/// `listCard.items` as a single card.
pub const LIST_CARD_ITEMS_MAX: usize = 5;
/// `listCard.items` inside a carousel.
pub const LIST_CARD_ITEMS_MAX_IN_CAROUSEL: usize = 4;
pub const CAROUSEL_ITEMS_MAX: usize = 10;
/// Carousel items when they are listCards.
pub const CAROUSEL_LIST_CARDS_MAX: usize = 5;
/// `itemCard.itemList` as a single card.
pub const ITEM_LIST_MAX: usize = 10;
/// `itemCard.itemList` inside a carousel.
pub const ITEM_LIST_MAX_IN_CAROUSEL: usize = 5;
/// `itemCard.itemList[].title`.
pub const ITEM_TITLE_MAX: usize = 6;
/// `itemCard.itemListSummary.title`.
pub const ITEM_SUMMARY_TITLE_MAX: usize = 6;
/// `itemCard.itemListSummary.description`.
pub const ITEM_SUMMARY_DESCRIPTION_MAX: usize = 14;
/// `itemCard` title and description counted together, single card.
pub const ITEM_CARD_TEXT_MAX: usize = 200;
/// `itemCard` title and description counted together, inside a carousel.
pub const ITEM_CARD_TEXT_MAX_IN_CAROUSEL: usize = 100;
/// `itemCard.profile.title`.
pub const ITEM_PROFILE_TITLE_MAX: usize = 15;
/// Serialized size above which one unconfirmed guide says a response "may not be delivered".
/// Only reported by [`crate::SkillResponse::exceeds_soft_size`], never enforced.
pub const SOFT_RESPONSE_BYTES: usize = 30_720;

/// A response that breaks one of Kakao's limits, located by its JSON path.
///
/// Displays as e.g. `template.outputs[1].carousel.items[3].title: 31 chars > 30`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {violation}")]
pub struct LimitError {
    /// Dotted JSON path of the offending field, with `[i]` for array elements.
    pub path: String,
    /// Which limit was broken.
    pub violation: Violation,
}

/// The limit a [`LimitError`] reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// Text longer than allowed.
    #[error("{len} chars > {max}")]
    TooLong {
        /// Actual length in chars.
        len: usize,
        max: usize,
    },
    /// A required text is missing or blank.
    #[error("required, must not be empty")]
    Empty,
    /// More elements than allowed.
    #[error("{count} items > {max}")]
    TooMany { count: usize, max: usize },
    /// Fewer elements than required.
    #[error("{count} items < {min}")]
    TooFew { count: usize, min: usize },
    /// A number outside its range.
    #[error("{value} not in {min}..={max}")]
    OutOfRange { value: i64, min: i64, max: i64 },
    /// A rule relating several fields.
    #[error("{0}")]
    Rule(&'static str),
}

/// A JSON path under construction, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct At(String);

impl At {
    pub(crate) fn root(name: &str) -> Self {
        Self(name.to_owned())
    }

    pub(crate) fn key(&self, key: &str) -> Self {
        Self(format!("{}.{key}", self.0))
    }

    pub(crate) fn index(&self, i: usize) -> Self {
        Self(format!("{}[{i}]", self.0))
    }

    pub(crate) fn fail(&self, violation: Violation) -> LimitError {
        LimitError {
            path: self.0.clone(),
            violation,
        }
    }

    /// Fails at `self.key` when `text` is blank or longer than `max`.
    pub(crate) fn required(&self, key: &str, text: &str, max: usize) -> Result<(), LimitError> {
        if text.trim().is_empty() {
            return Err(self.key(key).fail(Violation::Empty));
        }
        self.max_len(key, Some(text), max)
    }

    /// Fails at `self.key` when `text` is present and longer than `max`.
    pub(crate) fn max_len(
        &self,
        key: &str,
        text: Option<&str>,
        max: usize,
    ) -> Result<(), LimitError> {
        let len = text.map_or(0, char_len);
        if len > max {
            return Err(self.key(key).fail(Violation::TooLong { len, max }));
        }
        Ok(())
    }

    /// Fails at `self.key` when `count` is outside `min..=max`.
    pub(crate) fn count(
        &self,
        key: &str,
        count: usize,
        min: usize,
        max: usize,
    ) -> Result<(), LimitError> {
        if count < min {
            return Err(self.key(key).fail(Violation::TooFew { count, min }));
        }
        if count > max {
            return Err(self.key(key).fail(Violation::TooMany { count, max }));
        }
        Ok(())
    }

    /// Fails at `self.key` when a present `value` is outside `min..=max`.
    pub(crate) fn range(
        &self,
        key: &str,
        value: Option<i64>,
        min: i64,
        max: i64,
    ) -> Result<(), LimitError> {
        match value {
            Some(value) if !(min..=max).contains(&value) => Err(self
                .key(key)
                .fail(Violation::OutOfRange { value, min, max })),
            _ => Ok(()),
        }
    }
}

/// Whether an optional text has visible content.
pub(crate) fn present(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_path_and_limit() {
        let at = At::root("template").key("outputs").index(1).key("carousel");
        let err = at
            .key("items")
            .index(3)
            .max_len("title", Some(&"가".repeat(31)), 30);
        assert_eq!(
            err.unwrap_err().to_string(),
            "template.outputs[1].carousel.items[3].title: 31 chars > 30"
        );
    }

    #[test]
    fn required_refuses_blank_text() {
        let err = At::root("x").required("label", "  ", 14).unwrap_err();
        assert_eq!(err.path, "x.label");
        assert_eq!(err.violation, Violation::Empty);
    }

    #[test]
    fn counts_and_ranges_report_both_bounds() {
        let at = At::root("t");
        assert_eq!(
            at.count("outputs", 0, 1, 3).unwrap_err().to_string(),
            "t.outputs: 0 items < 1"
        );
        assert_eq!(
            at.count("outputs", 4, 1, 3).unwrap_err().to_string(),
            "t.outputs: 4 items > 3"
        );
        assert!(at.range("price", Some(-1), 0, i64::MAX).is_err());
        assert!(at.range("price", None, 0, 1).is_ok());
    }
}
