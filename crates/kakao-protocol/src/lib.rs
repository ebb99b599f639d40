//! Kakao i Open Builder skill protocol, free of any web framework.
//!
//! Two halves with opposite attitudes:
//! - **Input is lenient.** Kakao's payloads drift between doc versions and surfaces (bot test,
//!   real channel), so [`parse_payload`] accepts any JSON object and treats a field of the wrong
//!   type as absent instead of failing the whole request.
//! - **Output is strict.** A bubble that breaks Kakao's limits may silently fail to send and can
//!   get the bot restricted, so [`SkillResponse`] checks every documented limit once, at
//!   [`ResponseBuilder::build`], and refuses with a [`LimitError`] naming the offending path.
//!
//! Lengths are always counted in `char`s ([`char_len`]), never bytes: Korean text is 3 bytes per
//! syllable in UTF-8.

mod images;
mod lenient;
mod request;
pub mod response;
mod text;
mod validation;

pub use images::{MAX_SECURE_IMAGE_URLS, SecureImageError, SecureImages, parse_secure_images};
pub use request::{
    Action, BlockRef, Bot, ContextValueIn, DetailParam, Flow, Intent, PayloadError, SkillPayload,
    Trigger, User, UserRequest, parse_payload,
};
pub use response::{
    BasicCard, Button, ButtonAction, ButtonLayout, Carousel, CarouselHeader, CommerceCard,
    ContextValue, FrozenResponse, ImageTitle, ItemCard, ItemListAlignment, ItemProfile, LimitError,
    Link, ListCard, ListItem, Output, Profile, QuickReply, ResponseBuilder, SimpleImage,
    SimpleText, SkillResponse, TextCard, Thumbnail, Violation,
};
pub use text::{char_len, fit};
pub use validation::{
    ValidationRequest, ValidationResponse, ValidationStatus, ValidationValue,
    parse_validation_request,
};

/// Property-test cases: `default`, or `PROPTEST_CASES` when scripts/fuzz.sh raises it (an
/// explicit `with_cases` would otherwise ignore the variable).
#[cfg(test)]
fn test_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}
