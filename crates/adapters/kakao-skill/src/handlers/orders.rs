//! Purchases and sales: lists and details, with the actions the state table allows the viewer.
//! Only the order's buyer (purchases) or seller (sales) sees it; anyone else is told the order
//! does not exist.

use junggye_domain_common::{Page, clock::KST};
use junggye_kakao_protocol::{
    Button, Carousel, QuickReply, SimpleText, SkillResponse, TextCard, fit,
};
use junggye_members::Member;
use junggye_orders::{Action, Order, OrderId, Party, check, party_of};

use super::{Payload, State, member_of};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;
use crate::state::SkillState;

/// Orders per page: a carousel holds at most 10 cards.
const PAGE_SIZE: u32 = 10;

pub(crate) fn not_found() -> SkillError {
    SkillError::Refused("찾을 수 없는 주문입니다.".into())
}

pub(crate) fn order_id(payload: &Payload) -> Result<OrderId, SkillError> {
    payload
        .extra_i64("order_id")
        .map(OrderId)
        .ok_or_else(not_found)
}

/// The order if `member` is on `side` of it; otherwise it does not exist for them.
pub(crate) async fn order_as(
    state: &SkillState,
    member: &Member,
    id: OrderId,
    side: Party,
) -> Result<Order, SkillError> {
    let order = state.orders.order_for(member.id, id).await?;
    if party_of(&order, member.id) == Some(side) {
        Ok(order)
    } else {
        Err(not_found())
    }
}

fn list_block(side: Party) -> Block {
    match side {
        Party::Buyer => Block::Purchases,
        Party::Seller => Block::Sales,
    }
}

fn detail_block(side: Party) -> Block {
    match side {
        Party::Buyer => Block::PurchaseDetail,
        Party::Seller => Block::SaleDetail,
    }
}

fn list_label(side: Party) -> &'static str {
    match side {
        Party::Buyer => "구매내역",
        Party::Seller => "판매거래",
    }
}

/// The quick reply back to the list the order belongs to.
pub(crate) fn back_to_list(blocks: &crate::blocks::Blocks, side: Party) -> QuickReply {
    QuickReply::block(list_label(side), blocks.id(list_block(side)))
}

/// The quick reply to the order's detail.
pub(crate) fn to_detail(blocks: &crate::blocks::Blocks, side: Party, id: OrderId) -> QuickReply {
    QuickReply::block("주문 보기", blocks.id(detail_block(side))).extra("order_id", id.0)
}

pub(crate) async fn purchases(state: State, payload: Payload) -> SkillResult {
    list(&state, &payload, Party::Buyer).await
}

pub(crate) async fn sales(state: State, payload: Payload) -> SkillResult {
    list(&state, &payload, Party::Seller).await
}

async fn list(state: &SkillState, payload: &Payload, side: Party) -> SkillResult {
    let member = member_of(state, payload).await?;
    let number = payload
        .extra_i64("page")
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let page = Page::new(number, PAGE_SIZE);
    let orders = &state.orders;
    let paged = match side {
        Party::Buyer => orders.purchases(member.id, page).await?,
        Party::Seller => orders.sales(member.id, page).await?,
    };
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if paged.items.is_empty() {
        builder = builder.output(SimpleText::new(match side {
            Party::Buyer => "구매내역이 없습니다.",
            Party::Seller => "판매한 주문이 없습니다.",
        }));
    } else {
        let mut cards = Vec::with_capacity(paged.items.len());
        for order in &paged.items {
            let name = order.item_name.clone();
            let date = order.created_at.with_timezone(&KST).format("%Y-%m-%d");
            cards.push(
                TextCard::new()
                    .title(fit(&format!("[{}] {name}", order.status.label()), 50))
                    .description(format!(
                        "{}원 · {date}",
                        junggye_products::format_won(order.amount.0)
                    ))
                    .button(
                        Button::block("상세보기", blocks.id(detail_block(side)))
                            .extra("order_id", order.id.0),
                    ),
            );
        }
        builder = builder.output(Carousel::text_cards(cards));
    }
    if paged.has_more {
        builder = builder.quick_reply(
            QuickReply::block("더보기", blocks.id(list_block(side)))
                .extra("page", i64::from(number) + 1),
        );
    }
    Ok(builder
        .quick_reply(QuickReply::block("마이페이지", blocks.id(Block::MyPage)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn purchase(state: State, payload: Payload) -> SkillResult {
    detail(&state, &payload, Party::Buyer).await
}

pub(crate) async fn sale(state: State, payload: Payload) -> SkillResult {
    detail(&state, &payload, Party::Seller).await
}

/// The actions `side` may take now, as (label, block).
fn actions(order: &Order, side: Party) -> Vec<(&'static str, Block)> {
    let candidates: [(Action, &'static str, Block); 4] = [
        (
            Action::EnterTracking,
            if order.tracking_number.is_some() {
                "운송장 수정"
            } else {
                "운송장 입력"
            },
            Block::TrackingNumber,
        ),
        (Action::ConfirmPurchase, "구매확정", Block::ConfirmPurchase),
        (Action::ConfirmSale, "판매확정", Block::ConfirmSale),
        (Action::Cancel, "주문취소", Block::CancelOrder),
    ];
    candidates
        .into_iter()
        .filter(|(action, _, _)| check(order.status, side, *action).is_ok())
        .map(|(_, label, block)| (label, block))
        .collect()
}

async fn detail(state: &SkillState, payload: &Payload, side: Party) -> SkillResult {
    let member = member_of(state, payload).await?;
    let id = order_id(payload)?;
    let order = order_as(state, &member, id, side).await?;
    let name = order.item_name.clone();
    let at = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&KST).format("%Y-%m-%d %H:%M");
    let mut lines = vec![
        format!("주문상태: {}", order.status.label()),
        format!("주문번호: {}", order.order_no),
        format!(
            "결제금액: {}원",
            junggye_products::format_won(order.amount.0)
        ),
        format!("주문일시: {}", at(order.created_at)),
    ];
    if let Some(paid) = order.paid_at {
        lines.push(format!("결제일시: {}", at(paid)));
    }
    lines.push(format!(
        "운송장번호: {}",
        order.tracking_number.as_deref().unwrap_or("미등록")
    ));
    if let Some(reason) = order.cancel_reason {
        lines.push(format!("취소사유: {}", reason.message()));
    }
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder().output(
        TextCard::new()
            .title(fit(&name, 50))
            .description(fit(&lines.join("\n"), 350)),
    );
    for (label, block) in actions(&order, side) {
        builder = builder
            .quick_reply(QuickReply::block(label, blocks.id(block)).extra("order_id", order.id.0));
    }
    Ok(builder
        .quick_reply(back_to_list(blocks, side))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
