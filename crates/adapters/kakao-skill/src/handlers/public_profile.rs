//! `/skill/members/public-profile` (`extra.member_id`, `extra.cursor`): what anyone may see of
//! a member: nickname, grade, 매너온도, trades, reviews and on-sale listings. Never the user
//! key or the phone number.

use junggye_kakao_protocol::{Carousel, QuickReply, SkillResponse, TextCard, fit};
use junggye_members::{MemberError, MemberId, MemberStatus};
use junggye_products::reports::ReportTarget;
use junggye_products::{ListFilter, ListOrder, ProductStatus};

use super::products::card;
use super::{Payload, State};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// The newest reviews shown with their texts.
const LATEST_REVIEWS: u32 = 3;

pub(crate) async fn public_profile(state: State, payload: Payload) -> SkillResult {
    let not_found = || SkillError::Refused("찾을 수 없는 회원입니다.".into());
    let id = MemberId(payload.extra_i64("member_id").ok_or_else(not_found)?);
    let member = match state.members.get(id).await {
        Ok(member) if member.status != MemberStatus::Withdrawn => member,
        Ok(_) | Err(MemberError::NotFound) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    let cursor = super::browse::cursor(&payload);
    let blocks = &state.blocks;
    let viewer = super::products::viewer_id(&state, &payload).await?;
    if state.member_blocks.has_blocked(viewer, id).await? {
        return Ok(SkillResponse::builder()
            .output(TextCard::new().description("차단한 회원입니다."))
            .quick_reply(super::safety::block_button(blocks, id, true))
            .quick_reply(reply::main_menu(blocks))
            .build()?);
    }
    let mut builder = SkillResponse::builder();
    if cursor.is_none() {
        let reviews = state.reviews.received(id, LATEST_REVIEWS).await?;
        let mut text = format!(
            "등급: {}\n매너온도: {}\n거래 완료: {}회\n받은 후기: {}개",
            member.grade.label(),
            member.manner,
            member.completed_trades,
            reviews.total,
        );
        for review in &reviews.latest {
            let words = review.text.as_deref().unwrap_or("");
            text.push_str(&format!("\n· {} {}", review.rating.label(), fit(words, 60)));
        }
        builder = builder.output(
            TextCard::new()
                .title(fit(&format!("{}님의 프로필", member.nickname.as_str()), 50))
                .description(fit(&text, 400)),
        );
    }
    let page = state
        .products
        .list_for(
            viewer,
            &ListFilter::Seller(id, ProductStatus::OnSale),
            &ListOrder::default(),
            cursor,
        )
        .await?;
    if page.items.is_empty() {
        if cursor.is_none() {
            builder = builder.output(TextCard::new().description("판매중인 상품이 없습니다."));
        }
    } else {
        builder = builder.output(Carousel::commerce_cards(
            page.items.iter().map(|p| card(&state, p, false)),
        ));
    }
    if let Some(next) = page.next {
        builder = builder.quick_reply(
            QuickReply::block("상품 더보기", blocks.id(Block::PublicProfile))
                .extra("member_id", id.0)
                .extra("cursor", next.encode()),
        );
    }
    if viewer.is_some_and(|viewer| viewer != id) {
        builder = builder
            .quick_reply(super::safety::report_button(
                blocks,
                ReportTarget::Member(id),
            ))
            .quick_reply(super::safety::block_button(blocks, id, false));
    }
    Ok(builder.quick_reply(reply::main_menu(blocks)).build()?)
}
