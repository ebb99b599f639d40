//! Card buttons and quick replies (docs/kakao-protocol.md, limits).

use serde::Serialize;
use serde_json::{Map, Value};

use super::common::ButtonLayout;
use super::limits::{
    At, BUTTON_LABEL_MAX, BUTTON_LABEL_MAX_SIDE_BY_SIDE, LimitError, MAX_BUTTONS_HORIZONTAL,
    MAX_BUTTONS_VERTICAL, QUICK_REPLY_LABEL_MAX, Violation,
};

/// What a button does when tapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ButtonAction {
    /// Opens `webLinkUrl` in the browser.
    WebLink,
    /// Sends `messageText` as the user's utterance.
    Message,
    /// Dials `phoneNumber` (hidden on PC clients).
    Phone,
    /// Calls `blockId` directly.
    Block,
    /// Forwards the bubble to another user.
    Share,
    /// Hands the chat to a human agent.
    Operator,
}

/// A card button. Construct with the action-specific constructors.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct Button {
    label: String,
    action: ButtonAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    web_link_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_id: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    extra: Map<String, Value>,
}

impl Button {
    fn new(label: impl Into<String>, action: ButtonAction) -> Self {
        Self {
            label: label.into(),
            action,
            web_link_url: None,
            message_text: None,
            phone_number: None,
            block_id: None,
            extra: Map::new(),
        }
    }

    /// Calls the block `block_id`; the label is sent as the utterance unless
    /// [`Button::message_text`] says otherwise.
    pub fn block(label: impl Into<String>, block_id: impl Into<String>) -> Self {
        let mut button = Self::new(label, ButtonAction::Block);
        button.block_id = Some(block_id.into());
        button
    }

    /// Sends `text` as the user's utterance.
    pub fn message(label: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(label, ButtonAction::Message).message_text(text)
    }

    /// Opens `url`, which must start with `http://` or `https://`.
    pub fn web_link(label: impl Into<String>, url: impl Into<String>) -> Self {
        let mut button = Self::new(label, ButtonAction::WebLink);
        button.web_link_url = Some(url.into());
        button
    }

    pub fn phone(label: impl Into<String>, number: impl Into<String>) -> Self {
        let mut button = Self::new(label, ButtonAction::Phone);
        button.phone_number = Some(number.into());
        button
    }

    /// Forwards the bubble.
    pub fn share(label: impl Into<String>) -> Self {
        Self::new(label, ButtonAction::Share)
    }

    /// Connects a human agent.
    pub fn operator(label: impl Into<String>) -> Self {
        Self::new(label, ButtonAction::Operator)
    }

    /// Adds a key to `extra`, which reaches the next skill as `action.clientExtra`.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// The utterance shown for a block or message action.
    pub fn message_text(mut self, text: impl Into<String>) -> Self {
        self.message_text = Some(text.into());
        self
    }

    pub fn action(&self) -> ButtonAction {
        self.action
    }

    fn check(&self, at: &At, label_max: usize) -> Result<(), LimitError> {
        at.required("label", &self.label, label_max)?;
        let required = |key, value: &Option<String>| {
            at.required(key, value.as_deref().unwrap_or(""), usize::MAX)
        };
        match self.action {
            ButtonAction::Block => required("blockId", &self.block_id),
            ButtonAction::Message => required("messageText", &self.message_text),
            ButtonAction::Phone => required("phoneNumber", &self.phone_number),
            ButtonAction::WebLink => {
                let url = self.web_link_url.as_deref().unwrap_or("").trim();
                if url.starts_with("http://") || url.starts_with("https://") {
                    Ok(())
                } else {
                    Err(at
                        .key("webLinkUrl")
                        .fail(Violation::Rule("must start with http:// or https://")))
                }
            }
            ButtonAction::Share | ButtonAction::Operator => Ok(()),
        }
    }
}

/// Checks a card's `buttons` against its effective layout.
///
/// Without an explicit layout, a `fixedRatio: true` thumbnail lays buttons out side by side;
/// an explicit `buttonLayout` wins, as documented.
pub(crate) fn check_buttons(
    card: &At,
    buttons: &[Button],
    layout: Option<ButtonLayout>,
    fixed_ratio_thumbnail: bool,
) -> Result<(), LimitError> {
    let horizontal = match layout {
        Some(layout) => layout == ButtonLayout::Horizontal,
        None => fixed_ratio_thumbnail,
    };
    let max = if horizontal {
        MAX_BUTTONS_HORIZONTAL
    } else {
        MAX_BUTTONS_VERTICAL
    };
    card.count("buttons", buttons.len(), 0, max)?;
    let label_max = if horizontal && buttons.len() == 2 {
        BUTTON_LABEL_MAX_SIDE_BY_SIDE
    } else {
        BUTTON_LABEL_MAX
    };
    let at = card.key("buttons");
    for (i, button) in buttons.iter().enumerate() {
        button.check(&at.index(i), label_max)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum QuickReplyAction {
    Message,
    Block,
}

/// A quick-reply chip under the bubble.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct QuickReply {
    label: String,
    action: QuickReplyAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_id: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    extra: Map<String, Value>,
}

impl QuickReply {
    /// Calls the block `block_id` whatever text is shown.
    pub fn block(label: impl Into<String>, block_id: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            action: QuickReplyAction::Block,
            message_text: None,
            block_id: Some(block_id.into()),
            extra: Map::new(),
        }
    }

    /// Sends `text` as the user's utterance.
    pub fn message(label: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            action: QuickReplyAction::Message,
            message_text: Some(text.into()),
            block_id: None,
            extra: Map::new(),
        }
    }

    /// Adds a key to `extra`, which reaches the next skill as `action.clientExtra`.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// The utterance sent when tapped.
    pub fn message_text(mut self, text: impl Into<String>) -> Self {
        self.message_text = Some(text.into());
        self
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("label", &self.label, QUICK_REPLY_LABEL_MAX)?;
        match self.action {
            QuickReplyAction::Block => at.required(
                "blockId",
                self.block_id.as_deref().unwrap_or(""),
                usize::MAX,
            ),
            QuickReplyAction::Message => at.required(
                "messageText",
                self.message_text.as_deref().unwrap_or(""),
                usize::MAX,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn root() -> At {
        At::root("card")
    }

    #[test]
    fn serializes_only_the_fields_of_its_action() {
        let v = serde_json::to_value(Button::block("구매", "blk1").extra("productId", 7)).unwrap();
        assert_eq!(
            v,
            json!({"label": "구매", "action": "block", "blockId": "blk1", "extra": {"productId": 7}})
        );
        let v = serde_json::to_value(Button::web_link("열기", "https://x")).unwrap();
        assert_eq!(
            v,
            json!({"label": "열기", "action": "webLink", "webLinkUrl": "https://x"})
        );
        let v = serde_json::to_value(Button::share("공유")).unwrap();
        assert_eq!(v, json!({"label": "공유", "action": "share"}));
    }

    #[test]
    fn fixed_ratio_makes_buttons_horizontal_unless_layout_is_explicit() {
        let three = vec![Button::share("a"), Button::share("b"), Button::share("c")];
        assert!(check_buttons(&root(), &three, None, false).is_ok());
        assert!(check_buttons(&root(), &three, None, true).is_err());
        assert!(check_buttons(&root(), &three, Some(ButtonLayout::Vertical), true).is_ok());
        assert!(check_buttons(&root(), &three, Some(ButtonLayout::Horizontal), false).is_err());
    }

    #[test]
    fn side_by_side_labels_are_limited_to_eight_chars() {
        let two = vec![Button::share("가나다라마바사아자"), Button::share("b")];
        let err = check_buttons(&root(), &two, Some(ButtonLayout::Horizontal), false).unwrap_err();
        assert_eq!(err.to_string(), "card.buttons[0].label: 9 chars > 8");
        assert!(check_buttons(&root(), &two, Some(ButtonLayout::Vertical), false).is_ok());
        let one = vec![Button::share("가나다라마바사아자")];
        assert!(check_buttons(&root(), &one, Some(ButtonLayout::Horizontal), false).is_ok());
    }

    #[test]
    fn action_fields_are_required() {
        let cases = [
            (Button::block("a", " "), "card.buttons[0].blockId"),
            (Button::message("a", ""), "card.buttons[0].messageText"),
            (Button::phone("a", ""), "card.buttons[0].phoneNumber"),
            (
                Button::web_link("a", "ftp://x"),
                "card.buttons[0].webLinkUrl",
            ),
            (
                Button::web_link("a", "javascript:alert(1)"),
                "card.buttons[0].webLinkUrl",
            ),
            (Button::share(""), "card.buttons[0].label"),
            (Button::share("가".repeat(15)), "card.buttons[0].label"),
        ];
        for (button, path) in cases {
            let err = check_buttons(&root(), &[button], None, false).unwrap_err();
            assert_eq!(err.path, path);
        }
    }

    #[test]
    fn quick_replies_need_label_and_target() {
        let at = At::root("q");
        assert!(
            QuickReply::message("사진", "사진 올리기")
                .check(&at)
                .is_ok()
        );
        assert_eq!(
            QuickReply::block("a", "").check(&at).unwrap_err().path,
            "q.blockId"
        );
        assert_eq!(
            QuickReply::message("a", " ").check(&at).unwrap_err().path,
            "q.messageText"
        );
        assert_eq!(
            QuickReply::message("", "x").check(&at).unwrap_err().path,
            "q.label"
        );
        let long = QuickReply::message("😀".repeat(15), "x");
        assert_eq!(
            long.check(&at).unwrap_err().violation,
            Violation::TooLong { len: 15, max: 14 }
        );
    }
}
