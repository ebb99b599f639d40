//! Pieces shared by several cards (docs/kakao-protocol.md): thumbnails, links, profiles, layouts.

use serde::Serialize;

use super::limits::{ALT_TEXT_MAX, At, LimitError};

/// `{web, mobile, pc}` targets; `web` wins over the other two on every client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[must_use]
pub struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    web: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pc: Option<String>,
}

impl Link {
    /// A link with no targets yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Target for every client.
    pub fn web(mut self, url: impl Into<String>) -> Self {
        self.web = Some(url.into());
        self
    }

    /// Target for mobile clients, when `web` is absent.
    pub fn mobile(mut self, url: impl Into<String>) -> Self {
        self.mobile = Some(url.into());
        self
    }

    /// Target for PC clients, when `web` is absent.
    pub fn pc(mut self, url: impl Into<String>) -> Self {
        self.pc = Some(url.into());
        self
    }
}

/// A card image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct Thumbnail {
    image_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed_ratio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

impl Thumbnail {
    /// A thumbnail showing `image_url`.
    pub fn new(image_url: impl Into<String>) -> Self {
        Self {
            image_url: image_url.into(),
            alt_text: None,
            link: None,
            fixed_ratio: None,
            width: None,
            height: None,
        }
    }

    /// Screen-reader text, at most 50 chars.
    pub fn alt_text(mut self, text: impl Into<String>) -> Self {
        self.alt_text = Some(text.into());
        self
    }

    /// `true` keeps the image's own ratio in a 1:1 area and lays buttons out side by side;
    /// `false` (Kakao's default) crops to 2:1.
    pub fn fixed_ratio(mut self, fixed: bool) -> Self {
        self.fixed_ratio = Some(fixed);
        self
    }

    /// Where tapping the image goes.
    pub fn link(mut self, link: Link) -> Self {
        self.link = Some(link);
        self
    }

    /// Shortcut for a `link` with only a `web` target.
    pub fn link_web(self, url: impl Into<String>) -> Self {
        self.link(Link::new().web(url))
    }

    /// Pixel size, used by itemCard to pick 2:1 or 1:1.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = Some(width);
        self.height = Some(height);
        self
    }

    pub(crate) fn is_fixed_ratio(&self) -> bool {
        self.fixed_ratio == Some(true)
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("imageUrl", &self.image_url, usize::MAX)?;
        at.max_len("altText", self.alt_text.as_deref(), ALT_TEXT_MAX)
    }
}

/// A seller profile on a commerceCard (or basicCard): `{nickname, imageUrl}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct Profile {
    nickname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
}

impl Profile {
    /// A profile showing `nickname`.
    pub fn new(nickname: impl Into<String>) -> Self {
        Self {
            nickname: nickname.into(),
            image_url: None,
        }
    }

    /// Profile picture; 180×180 px is recommended.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("nickname", &self.nickname, usize::MAX)
    }
}

/// How a card's buttons are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonLayout {
    /// Stacked; up to 3 buttons.
    Vertical,
    /// Side by side; up to 2 buttons, and labels of at most 8 chars when there are two.
    Horizontal,
}
