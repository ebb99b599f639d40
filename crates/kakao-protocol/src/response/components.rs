//! The simple outputs and the text-centred cards: simpleText, simpleImage, textCard, basicCard.

use serde::Serialize;

use super::buttons::{Button, check_buttons};
use super::common::{ButtonLayout, Profile, Thumbnail};
use super::limits::{
    ALT_TEXT_MAX, At, BASIC_CARD_DESCRIPTION_MAX, BASIC_CARD_TITLE_MAX, LimitError,
    SIMPLE_TEXT_MAX, TEXT_CARD_DESCRIPTION_MAX, TEXT_CARD_DESCRIPTION_MAX_IN_CAROUSEL,
    TEXT_CARD_TITLE_MAX, Violation, present,
};

/// A plain text bubble (1..=1000 chars; past 500 Kakao folds it behind "전체 보기").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use]
pub struct SimpleText {
    text: String,
}

impl SimpleText {
    /// A bubble saying `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("text", &self.text, SIMPLE_TEXT_MAX)
    }
}

/// An image bubble.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct SimpleImage {
    image_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    alt_text: String,
}

impl SimpleImage {
    /// Shows `image_url`; `alt_text` (≤50 chars, may be empty) is read by screen readers.
    pub fn new(image_url: impl Into<String>, alt_text: impl Into<String>) -> Self {
        Self {
            image_url: image_url.into(),
            alt_text: alt_text.into(),
        }
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("imageUrl", &self.image_url, usize::MAX)?;
        at.max_len("altText", Some(&self.alt_text), ALT_TEXT_MAX)
    }
}

/// A card of text and buttons, without an image.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct TextCard {
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

impl TextCard {
    /// An empty card; give it a title or a description before building.
    pub fn new() -> Self {
        Self::default()
    }

    /// Title, at most 50 chars.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Description, at most 400 chars alone or 128 inside a carousel.
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

    pub(crate) fn check(&self, at: &At, in_carousel: bool) -> Result<(), LimitError> {
        if !present(self.title.as_deref()) && !present(self.description.as_deref()) {
            return Err(at.fail(Violation::Rule("needs a title or a description")));
        }
        at.max_len("title", self.title.as_deref(), TEXT_CARD_TITLE_MAX)?;
        let description_max = if in_carousel {
            TEXT_CARD_DESCRIPTION_MAX_IN_CAROUSEL
        } else {
            TEXT_CARD_DESCRIPTION_MAX
        };
        at.max_len("description", self.description.as_deref(), description_max)?;
        check_buttons(at, &self.buttons, self.button_layout, false)
    }
}

/// A card with a thumbnail, text and buttons.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct BasicCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    thumbnail: Thumbnail,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<Profile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Option::is_none")]
    button_layout: Option<ButtonLayout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forwardable: Option<bool>,
}

impl BasicCard {
    /// A card around its (required) thumbnail.
    pub fn new(thumbnail: Thumbnail) -> Self {
        Self {
            title: None,
            description: None,
            thumbnail,
            profile: None,
            buttons: Vec::new(),
            button_layout: None,
            forwardable: None,
        }
    }

    /// Title, at most 50 chars.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Description, at most 230 chars.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Profile line; absent from the current field table but used by the official
    /// forwardable example.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = Some(profile);
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

    /// Button arrangement; overrides the one implied by a fixed-ratio thumbnail.
    pub fn layout(mut self, layout: ButtonLayout) -> Self {
        self.button_layout = Some(layout);
        self
    }

    /// Shows the forward icon (Kakao hides it on carousels and cards with buttons).
    pub fn forwardable(mut self, forwardable: bool) -> Self {
        self.forwardable = Some(forwardable);
        self
    }

    pub(crate) fn thumbnail_ref(&self) -> &Thumbnail {
        &self.thumbnail
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.max_len("title", self.title.as_deref(), BASIC_CARD_TITLE_MAX)?;
        at.max_len(
            "description",
            self.description.as_deref(),
            BASIC_CARD_DESCRIPTION_MAX,
        )?;
        self.thumbnail.check(&at.key("thumbnail"))?;
        if let Some(profile) = &self.profile {
            profile.check(&at.key("profile"))?;
        }
        check_buttons(
            at,
            &self.buttons,
            self.button_layout,
            self.thumbnail.is_fixed_ratio(),
        )
    }
}
