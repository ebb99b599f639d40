//! listCard (docs/kakao-protocol.md, limits): a header and up to five tappable rows.

use serde::Serialize;
use serde_json::{Map, Value};

use super::buttons::{Button, check_buttons};
use super::common::{ButtonLayout, Link};
use super::limits::{At, LIST_CARD_ITEMS_MAX, LIST_CARD_ITEMS_MAX_IN_CAROUSEL, LimitError};

/// Kakao reads only `title` from the header, so that is all we emit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ListHeader {
    title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum ListItemAction {
    Block,
    Message,
}

/// One row of a listCard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ListItem {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<ListItemAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_text: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    extra: Map<String, Value>,
}

impl ListItem {
    /// A row titled `title` (required).
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            image_url: None,
            link: None,
            action: None,
            block_id: None,
            message_text: None,
            extra: Map::new(),
        }
    }

    /// Second line of text.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Picture on the right.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    /// Tapping calls `block_id`, sending the row title as the utterance.
    pub fn block(mut self, block_id: impl Into<String>) -> Self {
        self.action = Some(ListItemAction::Block);
        self.block_id = Some(block_id.into());
        self
    }

    /// Tapping sends `text` as the user's utterance.
    pub fn message(mut self, text: impl Into<String>) -> Self {
        self.action = Some(ListItemAction::Message);
        self.message_text = Some(text.into());
        self
    }

    /// Tapping opens a link.
    pub fn link(mut self, link: Link) -> Self {
        self.link = Some(link);
        self
    }

    /// Shortcut for a `link` with only a `web` target.
    pub fn link_web(self, url: impl Into<String>) -> Self {
        self.link(Link::new().web(url))
    }

    /// Adds a key to `extra`, which reaches the next skill as `action.clientExtra`.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("title", &self.title, usize::MAX)?;
        match self.action {
            Some(ListItemAction::Block) => at.required(
                "blockId",
                self.block_id.as_deref().unwrap_or(""),
                usize::MAX,
            ),
            Some(ListItemAction::Message) => at.required(
                "messageText",
                self.message_text.as_deref().unwrap_or(""),
                usize::MAX,
            ),
            None => Ok(()),
        }
    }
}

/// A header with a list of rows and optional buttons.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ListCard {
    header: ListHeader,
    items: Vec<ListItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Option::is_none")]
    button_layout: Option<ButtonLayout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forwardable: Option<bool>,
}

impl ListCard {
    /// A list headed by `header_title` (required).
    pub fn new(header_title: impl Into<String>) -> Self {
        Self {
            header: ListHeader {
                title: header_title.into(),
            },
            items: Vec::new(),
            buttons: Vec::new(),
            button_layout: None,
            forwardable: None,
        }
    }

    /// Appends a row (1..=5 rows, 1..=4 inside a carousel).
    pub fn item(mut self, item: ListItem) -> Self {
        self.items.push(item);
        self
    }

    pub fn items(mut self, items: impl IntoIterator<Item = ListItem>) -> Self {
        self.items.extend(items);
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

    /// Shows the forward icon (not shown when rows carry a link or an action).
    pub fn forwardable(mut self, forwardable: bool) -> Self {
        self.forwardable = Some(forwardable);
        self
    }

    pub(crate) fn check(&self, at: &At, in_carousel: bool) -> Result<(), LimitError> {
        at.key("header")
            .required("title", &self.header.title, usize::MAX)?;
        let max = if in_carousel {
            LIST_CARD_ITEMS_MAX_IN_CAROUSEL
        } else {
            LIST_CARD_ITEMS_MAX
        };
        at.count("items", self.items.len(), 1, max)?;
        let items = at.key("items");
        for (i, item) in self.items.iter().enumerate() {
            item.check(&items.index(i))?;
        }
        check_buttons(at, &self.buttons, self.button_layout, false)
    }
}
