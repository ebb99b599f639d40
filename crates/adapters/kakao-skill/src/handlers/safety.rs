//! Reports and blocks (docs/safety.md): `/skill/reports/make` (`extra.product_id` or
//! `extra.member_id`, `extra.reason`) and `/skill/blocks/toggle` (`extra.member_id`).

use junggye_kakao_protocol::{QuickReply, SimpleText, SkillResponse};
use junggye_members::MemberId;
use junggye_products::ProductId;
use junggye_products::reports::{ReportReason, ReportTarget, Reported};

use super::{Payload, State, active_member_of};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// The 신고하기 quick reply for a target; the bot then asks for the reason.
pub(crate) fn report_button(blocks: &Blocks, target: ReportTarget) -> QuickReply {
    with_target(
        QuickReply::block("신고하기", blocks.id(Block::ReportMake)),
        target,
    )
}

/// The quick reply that blocks `member`, or unblocks them when `blocked`.
pub(crate) fn block_button(blocks: &Blocks, member: MemberId, blocked: bool) -> QuickReply {
    let label = if blocked {
        "차단 해제"
    } else {
        "차단하기"
    };
    QuickReply::block(label, blocks.id(Block::BlockToggle)).extra("member_id", member.0)
}

fn with_target(reply: QuickReply, target: ReportTarget) -> QuickReply {
    match target {
        ReportTarget::Product(id) => reply.extra("product_id", id.0),
        ReportTarget::Member(id) => reply.extra("member_id", id.0),
    }
}

pub(crate) async fn report(state: State, payload: Payload) -> SkillResult {
    let reporter = active_member_of(&state, &payload).await?;
    let target = match (
        payload.extra_i64("product_id"),
        payload.extra_i64("member_id"),
    ) {
        (Some(id), None) => ReportTarget::Product(ProductId(id)),
        (None, Some(id)) => ReportTarget::Member(MemberId(id)),
        _ => {
            return Err(SkillError::Refused(
                "신고할 상품이나 회원을 다시 선택해주세요.".into(),
            ));
        }
    };
    let blocks = &state.blocks;
    let Some(reason) = payload
        .extra_str("reason")
        .as_deref()
        .and_then(ReportReason::from_code)
    else {
        // Refuse what cannot be reported before asking why.
        state.reports.check(&reporter, target).await?;
        let reasons = ReportReason::ALL.map(|reason| {
            with_target(
                QuickReply::block(reason.label(), blocks.id(Block::ReportMake)),
                target,
            )
            .extra("reason", reason.code())
        });
        return Ok(SkillResponse::builder()
            .output(SimpleText::new("신고 사유를 선택해주세요."))
            .quick_replies(reasons)
            .quick_reply(reply::main_menu(blocks))
            .build()?);
    };
    // Who else reported, and how many, is never told.
    let text = match state.reports.make(&reporter, target, reason).await? {
        Reported::Received => {
            "신고가 접수되었습니다. 관리자가 확인 후 조치하겠습니다.\n알려주셔서 감사합니다."
        }
        Reported::AlreadyReported => {
            "이미 신고해주신 대상입니다. 관리자가 확인하고 있어요.\n알려주셔서 감사합니다."
        }
    };
    Ok(SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn toggle_block(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(target) = payload.extra_i64("member_id").map(MemberId) else {
        return Err(SkillError::Refused(
            "차단할 회원을 다시 선택해주세요.".into(),
        ));
    };
    let blocked = state.member_blocks.toggle(&member, target).await?;
    let text = if blocked {
        "차단했습니다.\n이 회원의 상품이 더 이상 보이지 않고, 서로 가격 제안이나 결제를 할 수 없습니다."
    } else {
        "차단을 해제했습니다."
    };
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(block_button(blocks, target, blocked))
        .quick_reply(
            QuickReply::block("프로필 보기", blocks.id(Block::PublicProfile))
                .extra("member_id", target.0),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
