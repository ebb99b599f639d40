//! What the parties do to an order over the bot: the seller's tracking number and sale
//! confirmation, the buyer's purchase confirmation and cancellation. Confirmations and the
//! cancellation ask first and run with `extra.confirm`; the state table is checked before the
//! question too, so nobody is asked something that will then be refused.

use junggye_kakao_protocol::{QuickReply, SimpleText, SkillResponse, TextCard};
use junggye_members::ActiveMember;
use junggye_orders::{Action, OrderId, Party, authorize};

use super::orders::{back_to_list, order_as, order_id, to_detail};
use super::{Payload, State, active_member_of};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;
use crate::state::SkillState;

pub(crate) async fn tracking_number(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let id = order_id(&payload)?;
    let Some(raw) = payload.param("tracking_number") else {
        return Err(SkillError::Refused(
            "운송장번호를 입력해주세요. (숫자 9~14자리)".into(),
        ));
    };
    let order = state.orders.enter_tracking(&member, id, &raw).await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "운송장번호 {}(이)가 등록되었습니다.\n구매자가 상품을 받고 구매확정하면 판매확정할 수 있습니다.",
            order.tracking_number.as_deref().unwrap_or_default()
        )))
        .quick_reply(to_detail(blocks, Party::Seller, id))
        .quick_reply(back_to_list(blocks, Party::Seller))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// One of the asked-first actions.
struct Confirmable {
    action: Action,
    side: Party,
    block: Block,
    question: &'static str,
    warning: &'static str,
    yes: &'static str,
}

const CONFIRM_PURCHASE: Confirmable = Confirmable {
    action: Action::ConfirmPurchase,
    side: Party::Buyer,
    block: Block::ConfirmPurchase,
    question: "구매를 확정하시겠어요?",
    warning: "상품을 받으셨다면 구매확정해주세요.\n구매확정 후에는 주문을 취소하거나 환불받을 수 없습니다.",
    yes: "구매확정",
};

const CONFIRM_SALE: Confirmable = Confirmable {
    action: Action::ConfirmSale,
    side: Party::Seller,
    block: Block::ConfirmSale,
    question: "판매를 확정하시겠어요?",
    warning: "판매확정하면 거래가 완료되고 상품은 판매완료로 바뀝니다.",
    yes: "판매확정",
};

const CANCEL: Confirmable = Confirmable {
    action: Action::Cancel,
    side: Party::Buyer,
    block: Block::CancelOrder,
    question: "주문을 취소하시겠어요?",
    warning: "주문을 취소하면 결제 금액이 환불되고 상품은 다시 판매중이 됩니다.",
    yes: "주문취소",
};

/// Where an asked-first action stands.
enum Step {
    /// The question to send.
    Ask(SkillResponse),
    /// Confirmed: go ahead for this member and order.
    Go(ActiveMember, OrderId),
}

/// Checks the member may take the action now; asks when `extra.confirm` is not set.
async fn ask_or_proceed(
    state: &SkillState,
    payload: &Payload,
    what: &Confirmable,
) -> Result<Step, SkillError> {
    let member = active_member_of(state, payload).await?;
    let id = order_id(payload)?;
    let order = order_as(state, member.member(), id, what.side).await?;
    authorize(&order, member.id(), what.action)?;
    if payload.extra_bool("confirm") {
        return Ok(Step::Go(member, id));
    }
    let blocks = &state.blocks;
    Ok(Step::Ask(
        SkillResponse::builder()
            .output(
                TextCard::new()
                    .title(what.question)
                    .description(what.warning),
            )
            .quick_reply(
                QuickReply::block(what.yes, blocks.id(what.block))
                    .extra("order_id", id.0)
                    .extra("confirm", true),
            )
            .quick_reply(
                QuickReply::block(
                    "아니요",
                    blocks.id(match what.side {
                        Party::Buyer => Block::PurchaseDetail,
                        Party::Seller => Block::SaleDetail,
                    }),
                )
                .extra("order_id", id.0),
            )
            .build()?,
    ))
}

fn done(state: &SkillState, side: Party, id: OrderId, text: &str) -> SkillResult {
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(to_detail(blocks, side, id))
        .quick_reply(back_to_list(blocks, side))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn confirm_purchase(state: State, payload: Payload) -> SkillResult {
    let (member, id) = match ask_or_proceed(&state, &payload, &CONFIRM_PURCHASE).await? {
        Step::Ask(question) => return Ok(question),
        Step::Go(member, id) => (member, id),
    };
    state.orders.confirm_purchase(&member, id).await?;
    done(
        &state,
        Party::Buyer,
        id,
        "구매확정이 완료되었습니다.\n판매자가 판매확정하면 거래가 완료됩니다.",
    )
}

pub(crate) async fn confirm_sale(state: State, payload: Payload) -> SkillResult {
    let (member, id) = match ask_or_proceed(&state, &payload, &CONFIRM_SALE).await? {
        Step::Ask(question) => return Ok(question),
        Step::Go(member, id) => (member, id),
    };
    state.orders.confirm_sale(&member, id).await?;
    done(
        &state,
        Party::Seller,
        id,
        "판매확정이 완료되어 거래가 완료되었습니다.\n이용해주셔서 감사합니다.",
    )
}

pub(crate) async fn cancel(state: State, payload: Payload) -> SkillResult {
    let (member, id) = match ask_or_proceed(&state, &payload, &CANCEL).await? {
        Step::Ask(question) => return Ok(question),
        Step::Go(member, id) => (member, id),
    };
    let outcome = state.orders.cancel_by_buyer(&member, id).await?;
    let text = if outcome.refunded {
        "주문이 취소되었습니다.\n결제 금액이 환불되었습니다."
    } else {
        "주문이 취소되었습니다.\n환불이 접수되어 곧 처리됩니다."
    };
    done(&state, Party::Buyer, id, text)
}
