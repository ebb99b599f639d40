//! carousel (docs/kakao-protocol.md, limits): a horizontally scrolling row of cards of one type.

use serde::Serialize;

use super::commerce::CommerceCard;
use super::common::Thumbnail;
use super::components::{BasicCard, TextCard};
use super::item_card::ItemCard;
use super::limits::{At, CAROUSEL_ITEMS_MAX, CAROUSEL_LIST_CARDS_MAX, LimitError, Violation};
use super::list_card::ListCard;

/// The intro card shown before a basicCard, commerceCard or itemCard carousel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use]
pub struct CarouselHeader {
    title: String,
    description: String,
    thumbnail: Thumbnail,
}

impl CarouselHeader {
    /// A header; all three parts are required and Kakao uses only the thumbnail's image URL.
    pub fn new(
        title: impl Into<String>,
        description: impl Into<String>,
        thumbnail: Thumbnail,
    ) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            thumbnail,
        }
    }

    fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("title", &self.title, usize::MAX)?;
        at.required("description", &self.description, usize::MAX)?;
        self.thumbnail.check(&at.key("thumbnail"))
    }
}

/// Serialized as the bare array: `type` already names the card kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum CarouselItems {
    Text(Vec<TextCard>),
    Basic(Vec<BasicCard>),
    Commerce(Vec<CommerceCard>),
    List(Vec<ListCard>),
    Item(Vec<ItemCard>),
}

/// Cards of a single type, side by side. The constructors make mixed types unrepresentable.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct Carousel {
    #[serde(rename = "type")]
    kind: &'static str,
    items: CarouselItems,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<CarouselHeader>,
}

impl Carousel {
    fn of(kind: &'static str, items: CarouselItems) -> Self {
        Self {
            kind,
            items,
            header: None,
        }
    }

    /// Up to 10 textCards (descriptions then limited to 128 chars).
    pub fn text_cards(cards: impl IntoIterator<Item = TextCard>) -> Self {
        Self::of("textCard", CarouselItems::Text(cards.into_iter().collect()))
    }

    /// Up to 10 basicCards.
    pub fn basic_cards(cards: impl IntoIterator<Item = BasicCard>) -> Self {
        Self::of(
            "basicCard",
            CarouselItems::Basic(cards.into_iter().collect()),
        )
    }

    /// Up to 10 commerceCards.
    pub fn commerce_cards(cards: impl IntoIterator<Item = CommerceCard>) -> Self {
        Self::of(
            "commerceCard",
            CarouselItems::Commerce(cards.into_iter().collect()),
        )
    }

    /// Up to 5 listCards of at most 4 rows each.
    pub fn list_cards(cards: impl IntoIterator<Item = ListCard>) -> Self {
        Self::of("listCard", CarouselItems::List(cards.into_iter().collect()))
    }

    /// Up to 10 itemCards of at most 5 rows each.
    pub fn item_cards(cards: impl IntoIterator<Item = ItemCard>) -> Self {
        Self::of("itemCard", CarouselItems::Item(cards.into_iter().collect()))
    }

    /// Intro card; not supported for textCard or listCard carousels.
    pub fn header(mut self, header: CarouselHeader) -> Self {
        self.header = Some(header);
        self
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        let items = at.key("items");
        match &self.items {
            CarouselItems::Text(cards) => {
                at.count("items", cards.len(), 1, CAROUSEL_ITEMS_MAX)?;
                for (i, card) in cards.iter().enumerate() {
                    card.check(&items.index(i), true)?;
                }
            }
            CarouselItems::Basic(cards) => {
                at.count("items", cards.len(), 1, CAROUSEL_ITEMS_MAX)?;
                for (i, card) in cards.iter().enumerate() {
                    card.check(&items.index(i))?;
                }
                same_ratio(&items, cards.iter().map(|c| Some(c.thumbnail_ref())))?;
            }
            CarouselItems::Commerce(cards) => {
                at.count("items", cards.len(), 1, CAROUSEL_ITEMS_MAX)?;
                for (i, card) in cards.iter().enumerate() {
                    card.check(&items.index(i))?;
                }
                same_ratio(&items, cards.iter().map(CommerceCard::thumbnail_ref))?;
            }
            CarouselItems::List(cards) => {
                at.count("items", cards.len(), 1, CAROUSEL_LIST_CARDS_MAX)?;
                for (i, card) in cards.iter().enumerate() {
                    card.check(&items.index(i), true)?;
                }
            }
            CarouselItems::Item(cards) => {
                at.count("items", cards.len(), 1, CAROUSEL_ITEMS_MAX)?;
                for (i, card) in cards.iter().enumerate() {
                    card.check(&items.index(i), true)?;
                }
                same_item_sections(&items, cards)?;
            }
        }
        if let Some(header) = &self.header {
            if matches!(self.items, CarouselItems::Text(_) | CarouselItems::List(_)) {
                return Err(at.key("header").fail(Violation::Rule(
                    "not supported for textCard or listCard carousels",
                )));
            }
            header.check(&at.key("header"))?;
        }
        Ok(())
    }
}

/// All images in one carousel must share one ratio; `fixedRatio` is the ratio we control.
fn same_ratio<'a>(
    items: &At,
    thumbnails: impl Iterator<Item = Option<&'a Thumbnail>>,
) -> Result<(), LimitError> {
    let mut first = None;
    for (i, thumbnail) in thumbnails.enumerate() {
        let fixed = thumbnail.is_some_and(Thumbnail::is_fixed_ratio);
        match first {
            None => first = Some(fixed),
            Some(expected) if expected != fixed => {
                return Err(items.index(i).key("thumbnail").fail(Violation::Rule(
                    "fixedRatio must be the same on every card of a carousel",
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// In an itemCard carousel, each optional section is used on all cards or on none.
fn same_item_sections(items: &At, cards: &[ItemCard]) -> Result<(), LimitError> {
    const NAMES: [&str; 4] = ["thumbnail", "head", "profile", "imageTitle"];
    let Some(first) = cards.first().map(ItemCard::sections) else {
        return Ok(());
    };
    for (i, card) in cards.iter().enumerate().skip(1) {
        let sections = card.sections();
        for ((name, used), expected) in NAMES.iter().zip(sections).zip(first) {
            if used != expected {
                return Err(items.index(i).key(name).fail(Violation::Rule(
                    "must be used on every itemCard of a carousel or on none",
                )));
            }
        }
    }
    Ok(())
}
