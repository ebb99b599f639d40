//! Price offers: a buyer makes one from a listing's detail, both sides list theirs, and the
//! seller answers each open one (or takes back an acceptance not yet paid).

use junggye_domain_common::{Page, clock::KST};
use junggye_kakao_protocol::{
    Button, Carousel, QuickReply, SimpleText, SkillResponse, TextCard, fit,
};
use junggye_orders::{Offer, OfferDecision, OfferError, OfferId, OfferRole, OfferState};
use junggye_products::{ProductId, format_won};

use super::{Payload, State, active_member_of};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// Offers per page: a carousel holds at most 10 cards.
const PAGE_SIZE: u32 = 10;

impl From<OfferError> for SkillError {
    fn from(err: OfferError) -> Self {
        match err {
            OfferError::NotFound => Self::Refused("찾을 수 없는 제안입니다.".into()),
            OfferError::ListingNotFound => Self::Refused("찾을 수 없는 상품입니다.".into()),
            OfferError::OwnListing => {
                Self::Refused("본인이 등록한 상품에는 가격을 제안할 수 없습니다.".into())
            }
            OfferError::NotOnSale => Self::Refused("판매중인 상품이 아닙니다.".into()),
            OfferError::Blocked => Self::Refused(crate::error::BLOCKED_TRADE.into()),
            OfferError::PriceOutOfRange { min, max } => Self::Refused(format!(
                "제안 가격은 {}원 이상 {}원 이하로 입력해주세요.",
                format_won(min.0),
                format_won(max.0)
            )),
            OfferError::AlreadyOffered => Self::Refused(
                "이 상품에 대기중인 제안이 이미 있습니다.\n판매자의 답변을 기다려주세요.".into(),
            ),
            OfferError::AlreadyAnswered(state) => {
                Self::Refused(format!("이미 {} 상태인 제안입니다.", state.label()))
            }
            OfferError::Invalid(v) => Self::Refused(v.message),
            OfferError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

fn list_reply(blocks: &Blocks, role: OfferRole, label: &str) -> QuickReply {
    QuickReply::block(label, blocks.id(Block::Offers)).extra("role", role.code())
}

pub(crate) async fn make(state: State, payload: Payload) -> SkillResult {
    let buyer = active_member_of(&state, &payload).await?;
    let Some(product) = payload.extra_i64("product_id").map(ProductId) else {
        return Err(SkillError::Refused("찾을 수 없는 상품입니다.".into()));
    };
    let Some(price) = payload.param("price") else {
        return Err(SkillError::Refused("제안할 가격을 입력해주세요.".into()));
    };
    let offer = state.offers.make(&buyer, product, &price).await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(fit(
            &format!(
                "'{}' 상품에 {}원을 제안했습니다.\n판매자가 수락하면 알려드릴게요.",
                offer.product_name,
                format_won(offer.price.0)
            ),
            1000,
        )))
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", product.0),
        )
        .quick_reply(list_reply(blocks, OfferRole::Sent, "보낸 제안"))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

fn card(blocks: &Blocks, offer: &Offer, role: OfferRole) -> TextCard {
    let at = offer.created_at.with_timezone(&KST).format("%m-%d %H:%M");
    let mut description = format!("제안가격: {}원 · {at}", format_won(offer.price.0));
    if let (OfferState::Accepted, Some(until)) = (offer.state, offer.expires_at) {
        description.push_str(&format!(
            "\n{}까지 예약",
            until.with_timezone(&KST).format("%m-%d %H:%M")
        ));
    }
    let mut card = TextCard::new()
        .title(fit(
            &format!("[{}] {}", offer.state.label(), offer.product_name),
            50,
        ))
        .description(description)
        .button(
            Button::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", offer.product_id.0),
        );
    if role == OfferRole::Received {
        let respond = |label: &str, decision: OfferDecision| {
            Button::block(label, blocks.id(Block::OfferRespond))
                .extra("offer_id", offer.id.0)
                .extra("decision", decision.code())
        };
        match offer.state {
            OfferState::Open => {
                card = card
                    .button(respond("수락", OfferDecision::Accept))
                    .button(respond("거절", OfferDecision::Reject));
            }
            // An acceptance not yet paid can be taken back: the listing goes on sale again.
            OfferState::Accepted => card = card.button(respond("거절", OfferDecision::Reject)),
            OfferState::Rejected | OfferState::Expired | OfferState::Paid => {}
        }
    }
    card
}

pub(crate) async fn list(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let role = payload
        .extra_str("role")
        .as_deref()
        .and_then(OfferRole::from_code)
        .unwrap_or(OfferRole::Received);
    let number = payload
        .extra_i64("page")
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let paged = state
        .offers
        .list(&member, role, Page::new(number, PAGE_SIZE))
        .await?;
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if paged.items.is_empty() {
        builder = builder.output(SimpleText::new(match role {
            OfferRole::Received => "받은 가격 제안이 없습니다.",
            OfferRole::Sent => "보낸 가격 제안이 없습니다.",
        }));
    } else {
        builder = builder.output(Carousel::text_cards(
            paged.items.iter().map(|o| card(blocks, o, role)),
        ));
    }
    if paged.has_more {
        builder = builder
            .quick_reply(list_reply(blocks, role, "더보기").extra("page", i64::from(number) + 1));
    }
    let other = match role {
        OfferRole::Received => list_reply(blocks, OfferRole::Sent, "보낸 제안"),
        OfferRole::Sent => list_reply(blocks, OfferRole::Received, "받은 제안"),
    };
    Ok(builder
        .quick_reply(other)
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn respond(state: State, payload: Payload) -> SkillResult {
    let seller = active_member_of(&state, &payload).await?;
    let (Some(id), Some(decision)) = (
        payload.extra_i64("offer_id").map(OfferId),
        payload
            .extra_str("decision")
            .as_deref()
            .and_then(OfferDecision::from_code),
    ) else {
        return Err(SkillError::Refused("찾을 수 없는 제안입니다.".into()));
    };
    let offer = state.offers.respond(&seller, id, decision).await?;
    let text = match offer.state {
        OfferState::Accepted => format!(
            "'{}' 상품의 {}원 제안을 수락했습니다.\n{}까지 이 구매자에게 예약됩니다.",
            offer.product_name,
            format_won(offer.price.0),
            offer
                .expires_at
                .map(|t| t.with_timezone(&KST).format("%m-%d %H:%M").to_string())
                .unwrap_or_default()
        ),
        _ => format!(
            "'{}' 상품의 {}원 제안을 거절했습니다.",
            offer.product_name,
            format_won(offer.price.0)
        ),
    };
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(fit(&text, 1000)))
        .quick_reply(list_reply(blocks, OfferRole::Received, "받은 제안"))
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", offer.product_id.0),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
