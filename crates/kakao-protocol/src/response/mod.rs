//! Strict `SkillResponse` builders (version "2.0", docs/kakao-protocol.md, replies).
//!
//! Components never fail while being assembled; every limit is checked once, in
//! [`ResponseBuilder::build`], because several limits depend on where a component ends up
//! (a textCard description may be 400 chars alone but only 128 inside a carousel).

mod buttons;
mod carousel;
mod commerce;
mod common;
mod components;
mod context;
mod item_card;
pub mod limits;
mod list_card;

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

pub use buttons::{Button, ButtonAction, QuickReply};
pub use carousel::{Carousel, CarouselHeader};
pub use commerce::CommerceCard;
pub use common::{ButtonLayout, Link, Profile, Thumbnail};
pub use components::{BasicCard, SimpleImage, SimpleText, TextCard};
pub use context::ContextValue;
pub use item_card::{ImageTitle, ItemCard, ItemListAlignment, ItemProfile};
pub use limits::{LimitError, Violation};
pub use list_card::{ListCard, ListItem};

use limits::{At, MAX_OUTPUTS, MAX_QUICK_REPLIES, SOFT_RESPONSE_BYTES};

/// What [`SkillResponse::default`] says: a safe answer when the intended one cannot be built.
const FALLBACK_TEXT: &str = "잠시 후 다시 시도해 주세요.";

/// Sent if serialization ever failed, so Kakao still receives a well-formed answer.
const FALLBACK_JSON: &str = r#"{"version":"2.0","template":{"outputs":[{"simpleText":{"text":"잠시 후 다시 시도해 주세요."}}]}}"#;

/// One bubble of a response; serialized as a one-key object such as `{"simpleText": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Output {
    SimpleText(SimpleText),
    /// A lone image.
    SimpleImage(SimpleImage),
    /// Text and buttons.
    TextCard(TextCard),
    /// Thumbnail, text and buttons.
    BasicCard(BasicCard),
    /// Product with a price.
    CommerceCard(CommerceCard),
    /// Header and rows.
    ListCard(ListCard),
    /// Label/value rows.
    ItemCard(ItemCard),
    /// Several cards of one type.
    Carousel(Carousel),
}

impl Output {
    fn check(&self, at: &At) -> Result<(), LimitError> {
        match self {
            Self::SimpleText(c) => c.check(&at.key("simpleText")),
            Self::SimpleImage(c) => c.check(&at.key("simpleImage")),
            Self::TextCard(c) => c.check(&at.key("textCard"), false),
            Self::BasicCard(c) => c.check(&at.key("basicCard")),
            Self::CommerceCard(c) => c.check(&at.key("commerceCard")),
            Self::ListCard(c) => c.check(&at.key("listCard"), false),
            Self::ItemCard(c) => c.check(&at.key("itemCard"), false),
            Self::Carousel(c) => c.check(&at.key("carousel")),
        }
    }
}

macro_rules! output_from {
    ($($variant:ident),* $(,)?) => {
        $(impl From<$variant> for Output {
            fn from(component: $variant) -> Self {
                Self::$variant(component)
            }
        })*
    };
}

output_from!(
    SimpleText,
    SimpleImage,
    TextCard,
    BasicCard,
    CommerceCard,
    ListCard,
    ItemCard,
    Carousel,
);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct SkillTemplate {
    outputs: Vec<Output>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quick_replies: Vec<QuickReply>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ContextControl {
    values: Vec<ContextValue>,
}

/// A complete skill response that passed every limit check. Build with
/// [`SkillResponse::builder`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillResponse {
    /// Without `"2.0"` Kakao reads the body as the old format.
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<SkillTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<ContextControl>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    data: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_callback: Option<bool>,
    /// The body of a [`FrozenResponse`] this response was made from; it stands for every
    /// other field.
    #[serde(skip)]
    frozen: Option<Arc<str>>,
}

/// A checked response serialised once, for a reply many calls get unchanged (a hot-deal page):
/// [`SkillResponse::from_frozen`] then costs a copy of the body instead of building, checking
/// and serialising it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenResponse(Arc<str>);

impl SkillResponse {
    /// `{"version":"2.0","template":{"outputs":[]}}`: the answer of an event block's skill
    /// that sends that recipient nothing (Kakao drops a push whose outputs are empty).
    #[must_use]
    pub fn silent() -> Self {
        Self {
            version: "2.0",
            template: Some(SkillTemplate {
                outputs: Vec::new(),
                quick_replies: Vec::new(),
            }),
            ..Self::default()
        }
    }

    /// Serialises this response once, for [`SkillResponse::from_frozen`].
    #[must_use]
    pub fn freeze(&self) -> FrozenResponse {
        FrozenResponse(self.to_json().into())
    }

    /// A response whose body is `frozen`'s, already checked when it was built.
    #[must_use]
    pub fn from_frozen(frozen: &FrozenResponse) -> Self {
        Self {
            frozen: Some(Arc::clone(&frozen.0)),
            ..Self::default()
        }
    }

    pub fn builder() -> ResponseBuilder {
        ResponseBuilder::default()
    }

    /// A response of a single text bubble.
    ///
    /// # Errors
    /// [`LimitError`] when `text` is blank or longer than 1000 chars.
    pub fn simple_text(text: impl Into<String>) -> Result<Self, LimitError> {
        Self::builder().output(SimpleText::new(text)).build()
    }

    /// The JSON body to send.
    pub fn to_json(&self) -> String {
        if let Some(frozen) = &self.frozen {
            return frozen.to_string();
        }
        // Only a failing Serialize impl could err, and ours are all derived over strings,
        // numbers and maps; the fallback keeps the signature infallible regardless.
        serde_json::to_string(self).unwrap_or_else(|_| FALLBACK_JSON.to_owned())
    }

    /// Whether the body exceeds the unconfirmed 30,720-byte size that one guide says "may not
    /// be delivered". Log it; do not refuse on it. This serialises the response: a caller that
    /// serialises it anyway should compare that body's length with
    /// [`limits::SOFT_RESPONSE_BYTES`] instead.
    pub fn exceeds_soft_size(&self) -> bool {
        self.to_json().len() > SOFT_RESPONSE_BYTES
    }
}

/// A valid one-bubble "please try again shortly" answer, for when building the intended
/// response failed (e.g. `SkillResponse::simple_text(..).unwrap_or_default()`).
impl Default for SkillResponse {
    fn default() -> Self {
        Self {
            version: "2.0",
            template: Some(SkillTemplate {
                outputs: vec![Output::SimpleText(SimpleText::new(FALLBACK_TEXT))],
                quick_replies: Vec::new(),
            }),
            context: None,
            data: Map::new(),
            use_callback: None,
            frozen: None,
        }
    }
}

/// Collects outputs, quick replies, contexts and data, then checks them all in
/// [`ResponseBuilder::build`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ResponseBuilder {
    outputs: Vec<Output>,
    quick_replies: Vec<QuickReply>,
    contexts: Vec<ContextValue>,
    data: Map<String, Value>,
    use_callback: bool,
}

impl ResponseBuilder {
    /// Appends a bubble (1..=3 per response).
    pub fn output(mut self, output: impl Into<Output>) -> Self {
        self.outputs.push(output.into());
        self
    }

    /// Appends a quick reply (at most 10).
    pub fn quick_reply(mut self, quick_reply: QuickReply) -> Self {
        self.quick_replies.push(quick_reply);
        self
    }

    pub fn quick_replies(mut self, quick_replies: impl IntoIterator<Item = QuickReply>) -> Self {
        self.quick_replies.extend(quick_replies);
        self
    }

    /// Sets or deletes an output context.
    pub fn context(mut self, context: ContextValue) -> Self {
        self.contexts.push(context);
        self
    }

    /// Adds a `data` value, readable in the block as `{{#webhook.<key>}}`.
    pub fn data(mut self, key: impl Into<String>, value: Value) -> Self {
        self.data.insert(key.into(), value);
        self
    }

    /// Marks this as the immediate answer of a callback block (`useCallback: true`).
    ///
    /// Kakao ignores `template` then, so outputs become optional; the real answer is sent later
    /// by POST to `userRequest.callbackUrl`.
    pub fn use_callback(mut self) -> Self {
        self.use_callback = true;
        self
    }

    /// Checks every limit and produces the response.
    ///
    /// # Errors
    /// The first [`LimitError`] found, naming the JSON path and the limit it breaks.
    pub fn build(self) -> Result<SkillResponse, LimitError> {
        let template_at = At::root("template");
        let skip_template =
            self.use_callback && self.outputs.is_empty() && self.quick_replies.is_empty();
        if !skip_template {
            template_at.count("outputs", self.outputs.len(), 1, MAX_OUTPUTS)?;
            let outputs = template_at.key("outputs");
            for (i, output) in self.outputs.iter().enumerate() {
                output.check(&outputs.index(i))?;
            }
            template_at.count(
                "quickReplies",
                self.quick_replies.len(),
                0,
                MAX_QUICK_REPLIES,
            )?;
            let quick_replies = template_at.key("quickReplies");
            for (i, quick_reply) in self.quick_replies.iter().enumerate() {
                quick_reply.check(&quick_replies.index(i))?;
            }
        }
        let values = At::root("context").key("values");
        for (i, context) in self.contexts.iter().enumerate() {
            context.check(&values.index(i))?;
        }
        Ok(SkillResponse {
            version: "2.0",
            template: (!skip_template).then_some(SkillTemplate {
                outputs: self.outputs,
                quick_replies: self.quick_replies,
            }),
            context: (!self.contexts.is_empty()).then_some(ContextControl {
                values: self.contexts,
            }),
            data: self.data,
            use_callback: self.use_callback.then_some(true),
            frozen: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn json_of(response: &SkillResponse) -> Value {
        serde_json::from_str(&response.to_json()).unwrap()
    }

    #[test]
    fn simple_text_always_carries_version() {
        let response = SkillResponse::simple_text("안녕하세요").unwrap();
        assert_eq!(
            json_of(&response),
            json!({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "안녕하세요"}}]}})
        );
    }

    #[test]
    fn a_frozen_response_replays_the_same_body() {
        let built = SkillResponse::builder()
            .output(SimpleText::new("🔥 핫딜 1~5"))
            .quick_reply(QuickReply::block("더보기", "HOT_DEALS"))
            .build()
            .unwrap();
        let replayed = SkillResponse::from_frozen(&built.freeze());
        assert_eq!(replayed.to_json(), built.to_json());
        assert_ne!(replayed.to_json(), SkillResponse::default().to_json());
    }

    #[test]
    fn callback_ack_may_omit_the_template() {
        let response = SkillResponse::builder()
            .use_callback()
            .data("text", json!("생각하고 있는 중이에요"))
            .build()
            .unwrap();
        assert_eq!(
            json_of(&response),
            json!({"version": "2.0", "useCallback": true, "data": {"text": "생각하고 있는 중이에요"}})
        );
    }

    #[test]
    fn without_callback_an_output_is_required() {
        let err = SkillResponse::builder().build().unwrap_err();
        assert_eq!(err.to_string(), "template.outputs: 0 items < 1");
    }

    #[test]
    fn fallback_json_and_default_are_the_same_valid_response() {
        let v: Value = serde_json::from_str(FALLBACK_JSON).unwrap();
        assert_eq!(v, json_of(&SkillResponse::default()));
        assert_eq!(
            SkillResponse::simple_text(FALLBACK_TEXT).unwrap(),
            SkillResponse::default()
        );
    }

    #[test]
    fn soft_size_is_reported_not_enforced() {
        let big = "가".repeat(1000);
        let response = SkillResponse::builder()
            .output(SimpleText::new(&big))
            .output(SimpleText::new(&big))
            .output(SimpleText::new(&big))
            .build()
            .unwrap();
        assert!(!response.exceeds_soft_size());
        let huge = SkillResponse::builder()
            .output(SimpleText::new("x"))
            .data("blob", json!("x".repeat(SOFT_RESPONSE_BYTES)))
            .build()
            .unwrap();
        assert!(huge.exceeds_soft_size());
    }
}
