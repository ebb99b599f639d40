//! Reviews after a trade (`/skill/reviews/write`) and naming the buyer of a listing sold over
//! open chat (on `/skill/products/status`, which owns listing status changes).

use junggye_kakao_protocol::{Button, QuickReply, SimpleText, SkillResponse, TextCard, fit};
use junggye_members::{ActiveMember, MemberId, Rating};
use junggye_orders::{Liker, OrderId};
use junggye_products::{Product, ProductId, ProductStatus};

use super::{Payload, State, active_member_of};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// At most this many likers are offered as the buyer (quick replies; the rest of the ten
/// Kakao allows go to 상품 보기, 판매내역 and the main menu).
const MAX_CANDIDATES: usize = 7;

/// `extra.order_id` and `extra.rating` (great | good | bad), optional `params.text`. Without
/// a rating the member is asked for one first.
pub(crate) async fn write(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(order) = payload.extra_i64("order_id").map(OrderId) else {
        return Err(SkillError::Refused(
            "후기를 남길 거래를 다시 선택해주세요.".into(),
        ));
    };
    let blocks = &state.blocks;
    let rating = match payload.extra_str("rating") {
        None => return ask_rating(&state, &member, order).await,
        Some(code) => Rating::from_code(code.trim()).ok_or_else(|| {
            SkillError::Refused("평가는 최고예요, 좋아요, 별로예요 중에서 골라주세요.".into())
        })?,
    };
    let text = payload.param("text");
    let written = state
        .reviews
        .write(&member, order, rating, text.as_deref())
        .await?;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "'{}' 거래에 '{}' 후기를 남겼습니다. 감사합니다!",
            fit(&written.trade.item_name, 30),
            rating.label()
        )))
        .quick_reply(profile_reply(blocks, "상대 프로필", written.reviewee))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

async fn ask_rating(state: &State, member: &ActiveMember, order: OrderId) -> SkillResult {
    let trade = state.reviews.reviewable(member, order).await?;
    let blocks = &state.blocks;
    let mut card = TextCard::new()
        .title(fit(&format!("'{}' 거래 후기", trade.item_name), 50))
        .description("거래는 어떠셨나요? 한 번만 남길 수 있어요.");
    for rating in Rating::ALL {
        card = card.button(
            Button::block(rating.label(), blocks.id(Block::ReviewWrite))
                .extra("order_id", order.0)
                .extra("rating", rating.code()),
        );
    }
    Ok(SkillResponse::builder()
        .output(card)
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) fn profile_reply(blocks: &Blocks, label: &str, member: MemberId) -> QuickReply {
    QuickReply::block(label, blocks.id(Block::PublicProfile)).extra("member_id", member.0)
}

/// `extra.buyer_id` on `/skill/products/status`: records the buyer of a listing the seller
/// marked sold, then offers the review.
pub(crate) async fn name_buyer(state: State, payload: Payload, buyer: i64) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(product) = payload.extra_i64("product_id").map(ProductId) else {
        return Err(SkillError::Refused(
            "구매자를 기록할 상품을 다시 선택해주세요.".into(),
        ));
    };
    let order = state
        .reviews
        .record_buyer(&member, product, MemberId(buyer))
        .await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(
            "구매자를 기록했습니다. 거래 후기를 남겨주세요.",
        ))
        .quick_reply(
            QuickReply::block("후기 쓰기", blocks.id(Block::ReviewWrite))
                .extra("order_id", order.0),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// After a listing was marked sold: who bought it, when members liked it. Empty otherwise.
pub(crate) async fn buyer_question(
    state: &State,
    seller: &ActiveMember,
    product: &Product,
) -> Result<Option<(TextCard, Vec<QuickReply>)>, SkillError> {
    if product.status != ProductStatus::Sold {
        return Ok(None);
    }
    let candidates: Vec<Liker> = state
        .reviews
        .candidate_buyers(seller, product.id)
        .await?
        .into_iter()
        .take(MAX_CANDIDATES)
        .collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let blocks = &state.blocks;
    let card = TextCard::new()
        .title("누구에게 판매하셨나요?")
        .description("구매자를 선택하면 서로 거래 후기를 남길 수 있어요.");
    let replies = candidates
        .iter()
        .map(|liker| {
            QuickReply::block(fit(&liker.nickname, 14), blocks.id(Block::ProductStatus))
                .extra("product_id", product.id.0)
                .extra("status", ProductStatus::Sold.code())
                .extra("buyer_id", liker.id.0)
        })
        .collect();
    Ok(Some((card, replies)))
}
