//! commerceCard (docs/kakao-protocol.md, limits): the product card with a price.

use serde::Serialize;

use super::buttons::{Button, check_buttons};
use super::common::{ButtonLayout, Profile, Thumbnail};
use super::limits::{
    At, COMMERCE_CARD_DESCRIPTION_MAX, COMMERCE_CARD_TITLE_MAX, LimitError, Violation,
};

/// Kakao accepts only won; emitting it always keeps the price display unambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Currency {
    Won,
}

/// A product card: one thumbnail, a price in won, optional discount and seller profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct CommerceCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    price: i64,
    currency: Currency,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount_rate: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discounted_price: Option<i64>,
    thumbnails: Vec<Thumbnail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<Profile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Option::is_none")]
    button_layout: Option<ButtonLayout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forwardable: Option<bool>,
}

impl CommerceCard {
    /// A card listing `price` won, showing `thumbnail` (Kakao allows exactly one).
    pub fn new(price: i64, thumbnail: Thumbnail) -> Self {
        Self {
            title: None,
            description: None,
            price,
            currency: Currency::Won,
            discount: None,
            discount_rate: None,
            discounted_price: None,
            thumbnails: vec![thumbnail],
            profile: None,
            buttons: Vec::new(),
            button_layout: None,
            forwardable: None,
        }
    }

    /// Product name, at most 30 chars.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Description, at most 40 chars.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Amount off; without a discounted price Kakao shows `price - discount`.
    pub fn discount(mut self, amount: i64) -> Self {
        self.discount = Some(amount);
        self
    }

    /// Percent off; shown only together with [`CommerceCard::discounted_price`].
    pub fn discount_rate(mut self, percent: i64) -> Self {
        self.discount_rate = Some(percent);
        self
    }

    /// The price shown, whatever `price`, `discount` or `discountRate` say.
    pub fn discounted_price(mut self, price: i64) -> Self {
        self.discounted_price = Some(price);
        self
    }

    /// Seller profile.
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

    pub(crate) fn thumbnail_ref(&self) -> Option<&Thumbnail> {
        self.thumbnails.first()
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.max_len("title", self.title.as_deref(), COMMERCE_CARD_TITLE_MAX)?;
        at.max_len(
            "description",
            self.description.as_deref(),
            COMMERCE_CARD_DESCRIPTION_MAX,
        )?;
        at.range("price", Some(self.price), 0, i64::MAX)?;
        at.range("discount", self.discount, 0, i64::MAX)?;
        at.range("discountRate", self.discount_rate, 0, 100)?;
        at.range("discountedPrice", self.discounted_price, 0, i64::MAX)?;
        if self.discount_rate.is_some() && self.discounted_price.is_none() {
            return Err(at
                .key("discountRate")
                .fail(Violation::Rule("requires discountedPrice")));
        }
        at.count("thumbnails", self.thumbnails.len(), 1, 1)?;
        let thumbnails = at.key("thumbnails");
        for (i, thumbnail) in self.thumbnails.iter().enumerate() {
            thumbnail.check(&thumbnails.index(i))?;
        }
        if let Some(profile) = &self.profile {
            profile.check(&at.key("profile"))?;
        }
        let fixed = self.thumbnail_ref().is_some_and(Thumbnail::is_fixed_ratio);
        check_buttons(at, &self.buttons, self.button_layout, fixed)
    }
}
