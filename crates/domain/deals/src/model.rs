//! Deals as the board lists them, as we store them, and the windows the feed reads.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::price::Price;

/// The label the board puts on a finished deal.
const ENDED_LABEL: &str = "종료";
/// The label the board puts on a deal its readers voted up.
const POPULAR_LABEL: &str = "인기";
/// The subject text the board shows instead of a post that moderators hid.
const BLINDED_SUBJECT: &str = "블라인드 처리된 글입니다.";

/// One row of a list page, as the board shows it: raw texts and absolute URLs, nothing judged yet.
///
/// The crawler fills it; the rules about which rows become deals ([`ListedDeal::is_ended`],
/// [`ListedDeal::is_blinded`]) live here so that they do not depend on the HTML library.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedDeal {
    /// The whole text of the subject link (label and title included).
    pub subject: String,
    pub title: String,
    /// The price exactly as shown, e.g. `￦ 25,900 (KRW)`.
    pub price_text: String,
    /// The board's category, e.g. `PC/하드웨어`.
    pub category: String,
    /// The label before the title (`종료`, `인기`, ...), when there is one.
    pub label: Option<String>,
    pub image_url: Option<String>,
    pub brand_icon_url: Option<String>,
    /// The post on the board (absolute).
    pub post_url: String,
}

impl ListedDeal {
    /// The deal is over; the board keeps it listed with a `종료` label.
    #[must_use]
    pub fn is_ended(&self) -> bool {
        self.label.as_deref().map(str::trim) == Some(ENDED_LABEL)
    }

    /// Moderators hid the post; only a placeholder subject is left.
    #[must_use]
    pub fn is_blinded(&self) -> bool {
        self.subject.contains(BLINDED_SUBJECT) || self.title.contains(BLINDED_SUBJECT)
    }

    /// Readers voted the deal up.
    #[must_use]
    pub fn is_popular(&self) -> bool {
        self.label
            .as_deref()
            .is_some_and(|label| label.contains(POPULAR_LABEL))
    }

    /// Worth showing: neither ended nor blinded.
    #[must_use]
    pub fn is_live(&self) -> bool {
        !self.is_ended() && !self.is_blinded()
    }
}

/// What a deal's own page adds to its list row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealDetail {
    /// Where the deal can be bought (an http(s) URL), when the post names one.
    pub purchase_url: Option<String>,
    pub shop: Option<String>,
}

/// A deal worth showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deal {
    /// Title as listed.
    pub title: String,
    /// Parsed price.
    pub price: Price,
    /// The price exactly as listed, kept because parsing loses cents and odd wordings.
    pub price_text: String,
    /// The board's category.
    pub category: String,
    /// The shop, from the detail page.
    pub shop: Option<String>,
    pub brand_icon_url: Option<String>,
    pub image_url: Option<String>,
    pub post_url: String,
    /// Where to buy, from the detail page.
    pub purchase_url: Option<String>,
    /// Voted up by the board's readers.
    pub popular: bool,
}

impl Deal {
    /// Joins a list row with what its detail page said.
    #[must_use]
    pub fn from_listing(listed: ListedDeal, detail: DealDetail) -> Self {
        let popular = listed.is_popular();
        let title = if listed.title.trim().is_empty() {
            listed.subject.trim().to_owned()
        } else {
            listed.title.trim().to_owned()
        };
        Self {
            title,
            price: Price::parse(&listed.price_text),
            price_text: listed.price_text.trim().to_owned(),
            category: listed.category.trim().to_owned(),
            shop: detail.shop.filter(|shop| !shop.trim().is_empty()),
            brand_icon_url: listed.brand_icon_url,
            image_url: listed.image_url,
            post_url: listed.post_url,
            purchase_url: detail.purchase_url,
            popular,
        }
    }
}

/// Everything one refresh found, in board order, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealSnapshot {
    /// Live deals of the first pages, deduplicated by post URL.
    pub deals: Vec<Deal>,
    /// When the crawl finished.
    pub fetched_at: DateTime<Utc>,
}

/// A slice of the stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealWindow {
    /// At most the requested number of deals, starting at `offset`.
    pub deals: Vec<Deal>,
    /// Position of the first deal in the snapshot (clamped: 0 when the requested offset was past the end).
    pub offset: usize,
    /// How many deals the whole snapshot holds.
    pub total: usize,
    /// When the snapshot was crawled.
    pub fetched_at: DateTime<Utc>,
}

/// Where the next feed page starts.
///
/// Serialized as a bare offset: the snapshot it points into is replaced every few minutes,
/// and a stale offset then simply lands on other deals, which is what a feed reader expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DealCursor(usize);

impl DealCursor {
    #[must_use]
    pub fn at(offset: usize) -> Self {
        Self(offset)
    }

    /// Reads a cursor sent back by a client; anything unreadable is `None`.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim().parse().ok().map(Self)
    }

    /// Position in the snapshot.
    #[must_use]
    pub fn offset(self) -> usize {
        self.0
    }
}

impl fmt::Display for DealCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: Option<&str>, subject: &str) -> ListedDeal {
        ListedDeal {
            subject: subject.into(),
            title: subject.into(),
            label: label.map(Into::into),
            ..ListedDeal::default()
        }
    }

    #[test]
    fn ended_label_marks_a_row_ended() {
        assert!(row(Some(" 종료 "), "x").is_ended());
        assert!(!row(Some("인기"), "x").is_ended());
        assert!(!row(None, "x").is_ended());
    }

    #[test]
    fn blinded_placeholder_marks_a_row_blinded() {
        assert!(row(None, "  블라인드 처리된 글입니다. ").is_blinded());
        assert!(!row(None, "[11번가] SSD").is_blinded());
    }

    #[test]
    fn popular_label_marks_a_row_popular() {
        assert!(row(Some("인기"), "x").is_popular());
        assert!(!row(Some("종료"), "x").is_popular());
    }

    #[test]
    fn from_listing_parses_price_and_falls_back_to_subject_for_title() {
        let listed = ListedDeal {
            subject: " 인기 [G마켓] 키보드 ".into(),
            title: " ".into(),
            price_text: "￦ 25,900 (KRW)".into(),
            category: " PC/하드웨어 ".into(),
            label: Some("인기".into()),
            post_url: "https://example.com/1".into(),
            ..ListedDeal::default()
        };
        let deal = Deal::from_listing(
            listed,
            DealDetail {
                purchase_url: Some("https://shop.example/1".into()),
                shop: Some("  ".into()),
            },
        );
        assert_eq!(deal.title, "인기 [G마켓] 키보드");
        assert_eq!(deal.price.amount(), Some(25_900));
        assert_eq!(deal.category, "PC/하드웨어");
        assert!(deal.popular);
        assert_eq!(deal.shop, None, "a blank shop is no shop");
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        assert_eq!(DealCursor::parse(" 10 "), Some(DealCursor::at(10)));
        assert_eq!(DealCursor::at(15).to_string(), "15");
        assert_eq!(DealCursor::parse("abc"), None);
        assert_eq!(DealCursor::parse("-5"), None);
    }
}
