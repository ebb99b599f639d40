//! 찜: the 찜하기 / 찜 취소 button of a listing detail, and the member's liked listings.

use junggye_domain_common::Page;
use junggye_kakao_protocol::{Carousel, QuickReply, SimpleText, SkillResponse};
use junggye_products::ProductId;
use junggye_products::likes::LIKES_PAGE_SIZE;

use super::products::card;
use super::{Payload, State, active_member_of, member_of};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// `/skill/likes/toggle` (`extra.product_id`).
pub(crate) async fn toggle(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(id) = payload.extra_i64("product_id").map(ProductId) else {
        return Err(SkillError::Refused("찾을 수 없는 상품입니다.".into()));
    };
    let toggled = state.likes.toggle(&member, id).await?;
    let text = if toggled.liked {
        format!(
            "찜 목록에 담았어요. (찜 {}개)\n가격이 내리거나 상태가 바뀌면 알려드릴게요.",
            toggled.count
        )
    } else {
        format!("찜을 취소했어요. (찜 {}개)", toggled.count)
    };
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", id.0),
        )
        .quick_reply(QuickReply::block("찜 목록", blocks.id(Block::Likes)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// `/skill/likes` (`extra.page`): liked listings, newest like first, each with its status.
pub(crate) async fn list(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let number = payload
        .extra_i64("page")
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let page = state
        .likes
        .liked(member.id, Page::new(number, LIKES_PAGE_SIZE))
        .await?;
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if page.items.is_empty() {
        builder = builder.output(SimpleText::new(if number == 0 {
            "찜한 상품이 없어요.\n상품 상세에서 '찜하기'를 눌러 담아보세요."
        } else {
            "더 이상 찜한 상품이 없어요."
        }));
    } else {
        builder = builder.output(Carousel::commerce_cards(
            page.items.iter().map(|p| card(&state, p, true)),
        ));
    }
    if page.has_more {
        builder = builder.quick_reply(
            QuickReply::block("더보기", blocks.id(Block::Likes))
                .extra("page", number.saturating_add(1)),
        );
    }
    Ok(builder
        .quick_reply(QuickReply::block("마이페이지", blocks.id(Block::MyPage)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
