//! itemCard (docs/kakao-protocol.md, limits): a receipt-like card of short label/value rows.

use serde::Serialize;

use super::buttons::{Button, check_buttons};
use super::common::{ButtonLayout, Thumbnail};
use super::limits::{
    At, ITEM_CARD_TEXT_MAX, ITEM_CARD_TEXT_MAX_IN_CAROUSEL, ITEM_LIST_MAX,
    ITEM_LIST_MAX_IN_CAROUSEL, ITEM_PROFILE_TITLE_MAX, ITEM_SUMMARY_DESCRIPTION_MAX,
    ITEM_SUMMARY_TITLE_MAX, ITEM_TITLE_MAX, LimitError, Violation, present,
};
use crate::text::char_len;

/// The itemCard's one-line heading, an alternative to [`ItemProfile`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ItemHead {
    title: String,
}

/// The itemCard's profile line: a small 1:1 image and a title of at most 15 chars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ItemProfile {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

impl ItemProfile {
    /// A profile titled `title` (required, at most 15 chars).
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            image_url: None,
            width: None,
            height: None,
        }
    }

    /// Profile picture, shown 1:1.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    /// Picture size in pixels.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = Some(width);
        self.height = Some(height);
        self
    }
}

/// A title block with a picture fixed on the right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ImageTitle {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
}

impl ImageTitle {
    /// An image title reading `title` (required, two lines at most on screen).
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            image_url: None,
        }
    }

    /// One line under the title.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Picture on the right; about 108×108 px, centre-cropped.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }
}

/// One label/value row of an itemCard (also the shape of the summary row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ItemRow {
    title: String,
    description: String,
}

/// Which side the itemCard rows are aligned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemListAlignment {
    /// Kakao's default.
    Left,
    /// Recommended together with a summary row.
    Right,
}

/// A card of short rows (e.g. an order summary), with optional image, head or profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ItemCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail: Option<Thumbnail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<ItemHead>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<ItemProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_title: Option<ImageTitle>,
    item_list: Vec<ItemRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_list_alignment: Option<ItemListAlignment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_list_summary: Option<ItemRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Option::is_none")]
    button_layout: Option<ButtonLayout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forwardable: Option<bool>,
}

impl ItemCard {
    /// An empty card; it needs at least one [`ItemCard::item`] before building.
    pub fn new() -> Self {
        Self::default()
    }

    /// Top image: 2:1 or 1:1 alone, 2:1 only inside a carousel.
    pub fn thumbnail(mut self, thumbnail: Thumbnail) -> Self {
        self.thumbnail = Some(thumbnail);
        self
    }

    /// One-line heading; cannot be combined with a profile.
    pub fn head(mut self, title: impl Into<String>) -> Self {
        self.head = Some(ItemHead {
            title: title.into(),
        });
        self
    }

    /// Profile line; cannot be combined with a head.
    pub fn profile(mut self, profile: ItemProfile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Title block with a picture on the right.
    pub fn image_title(mut self, image_title: ImageTitle) -> Self {
        self.image_title = Some(image_title);
        self
    }

    /// Appends a row: `title` at most 6 chars, `description` required.
    pub fn item(mut self, title: impl Into<String>, description: impl Into<String>) -> Self {
        self.item_list.push(ItemRow {
            title: title.into(),
            description: description.into(),
        });
        self
    }

    /// Summary row: `title` at most 6 chars, `description` at most 14 (e.g. a total price).
    pub fn summary(mut self, title: impl Into<String>, description: impl Into<String>) -> Self {
        self.item_list_summary = Some(ItemRow {
            title: title.into(),
            description: description.into(),
        });
        self
    }

    pub fn alignment(mut self, alignment: ItemListAlignment) -> Self {
        self.item_list_alignment = Some(alignment);
        self
    }

    /// Title; with the description at most 200 chars together (100 inside a carousel).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Description; requires a title.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    pub fn button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }

    pub fn buttons(mut self, buttons: impl IntoIterator<Item = Button>) -> Self {
        self.buttons.extend(buttons);
        self
    }

    pub fn layout(mut self, layout: ButtonLayout) -> Self {
        self.button_layout = Some(layout);
        self
    }

    /// Shows the forward icon (Kakao hides it on carousels and cards with buttons).
    pub fn forwardable(mut self, forwardable: bool) -> Self {
        self.forwardable = Some(forwardable);
        self
    }

    /// Which optional sections are used, in the order thumbnail, head, profile, imageTitle;
    /// a carousel needs every card to use the same ones.
    pub(crate) fn sections(&self) -> [bool; 4] {
        [
            self.thumbnail.is_some(),
            self.head.is_some(),
            self.profile.is_some(),
            self.image_title.is_some(),
        ]
    }

    pub(crate) fn check(&self, at: &At, in_carousel: bool) -> Result<(), LimitError> {
        if let Some(thumbnail) = &self.thumbnail {
            thumbnail.check(&at.key("thumbnail"))?;
        }
        if self.head.is_some() && self.profile.is_some() {
            return Err(at.fail(Violation::Rule("head and profile cannot be used together")));
        }
        if let Some(head) = &self.head {
            at.key("head").required("title", &head.title, usize::MAX)?;
        }
        if let Some(profile) = &self.profile {
            at.key("profile")
                .required("title", &profile.title, ITEM_PROFILE_TITLE_MAX)?;
        }
        if let Some(image_title) = &self.image_title {
            at.key("imageTitle")
                .required("title", &image_title.title, usize::MAX)?;
        }
        let max = if in_carousel {
            ITEM_LIST_MAX_IN_CAROUSEL
        } else {
            ITEM_LIST_MAX
        };
        at.count("itemList", self.item_list.len(), 1, max)?;
        let rows = at.key("itemList");
        for (i, row) in self.item_list.iter().enumerate() {
            let row_at = rows.index(i);
            row_at.required("title", &row.title, ITEM_TITLE_MAX)?;
            row_at.required("description", &row.description, usize::MAX)?;
        }
        if let Some(summary) = &self.item_list_summary {
            let summary_at = at.key("itemListSummary");
            summary_at.required("title", &summary.title, ITEM_SUMMARY_TITLE_MAX)?;
            summary_at.required(
                "description",
                &summary.description,
                ITEM_SUMMARY_DESCRIPTION_MAX,
            )?;
        }
        self.check_text(at, in_carousel)?;
        let fixed = self
            .thumbnail
            .as_ref()
            .is_some_and(Thumbnail::is_fixed_ratio);
        check_buttons(at, &self.buttons, self.button_layout, fixed)
    }

    fn check_text(&self, at: &At, in_carousel: bool) -> Result<(), LimitError> {
        if present(self.description.as_deref()) && !present(self.title.as_deref()) {
            return Err(at
                .key("description")
                .fail(Violation::Rule("requires a title")));
        }
        let max = if in_carousel {
            ITEM_CARD_TEXT_MAX_IN_CAROUSEL
        } else {
            ITEM_CARD_TEXT_MAX
        };
        let len = self.title.as_deref().map_or(0, char_len)
            + self.description.as_deref().map_or(0, char_len);
        if len > max {
            return Err(at
                .key("title+description")
                .fail(Violation::TooLong { len, max }));
        }
        Ok(())
    }
}
