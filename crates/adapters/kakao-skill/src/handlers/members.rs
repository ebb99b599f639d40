//! Join, my page, profile, phone change and withdrawal.

use junggye_domain_common::clock::KST;
use junggye_kakao_protocol::{QuickReply, SimpleText, SkillResponse, TextCard};
use junggye_members::JoinRequest;
use junggye_orders::WithdrawalCheck;

use super::{Payload, State, active_member_of, member_of};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

pub(crate) async fn join(state: State, payload: Payload) -> SkillResult {
    let user_key = payload.user_id().ok_or(SkillError::NoUser)?;
    let (Some(name), Some(phone)) = (payload.param("name"), payload.param("phone")) else {
        return Ok(SkillResponse::builder()
            .output(SimpleText::new(
                "회원가입에는 닉네임과 휴대폰 번호가 모두 필요합니다.\n다시 시도해주세요.",
            ))
            .quick_reply(reply::join(&state.blocks))
            .quick_reply(reply::main_menu(&state.blocks))
            .build()?);
    };
    let member = state
        .members
        .join(JoinRequest {
            user_key: user_key.to_owned(),
            plusfriend_user_key: payload.plusfriend_user_key().map(str::to_owned),
            name,
            phone,
        })
        .await?;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "회원가입이 완료되었습니다.\n{}님, 환영합니다!",
            member.nickname.as_str()
        )))
        .quick_reply(QuickReply::block(
            "마이페이지",
            state.blocks.id(Block::MyPage),
        ))
        .quick_reply(reply::main_menu(&state.blocks))
        .build()?)
}

pub(crate) async fn my_page(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(TextCard::new().title("마이페이지").description(format!(
            "{}님 ({})\n원하시는 메뉴를 선택해주세요.",
            member.nickname.as_str(),
            member.grade.label()
        )))
        .quick_reply(QuickReply::block("프로필", blocks.id(Block::Profile)))
        .quick_reply(QuickReply::block("판매내역", blocks.id(Block::MyProducts)))
        .quick_reply(QuickReply::block("구매내역", blocks.id(Block::Purchases)))
        .quick_reply(QuickReply::block("판매거래", blocks.id(Block::Sales)))
        .quick_reply(QuickReply::block("찜 목록", blocks.id(Block::Likes)))
        .quick_reply(QuickReply::block("키워드 알림", blocks.id(Block::Alerts)))
        .quick_reply(
            QuickReply::block("받은 제안", blocks.id(Block::Offers))
                .extra("role", junggye_orders::OfferRole::Received.code()),
        )
        .quick_reply(
            QuickReply::block("보낸 제안", blocks.id(Block::Offers))
                .extra("role", junggye_orders::OfferRole::Sent.code()),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn profile(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let joined = member.joined_at.with_timezone(&KST).format("%Y-%m-%d");
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(TextCard::new().title("프로필").description(format!(
            "등급: {}\n닉네임: {}\n연락처: {}\n가입일: {joined}\n완료한 거래: {}건\n매너온도: {}",
            member.grade.label(),
            member.nickname.as_str(),
            member.phone.formatted(),
            member.completed_trades,
            member.manner,
        )))
        .quick_reply(QuickReply::block(
            "연락처 변경",
            blocks.id(Block::ChangePhone),
        ))
        .quick_reply(QuickReply::block(
            "프로필 사진",
            blocks.id(Block::ProfileImage),
        ))
        .quick_reply(QuickReply::block("회원탈퇴", blocks.id(Block::Withdraw)))
        .quick_reply(QuickReply::block("마이페이지", blocks.id(Block::MyPage)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn change_phone(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(raw) = payload.param("phone") else {
        return Err(SkillError::Refused(
            "변경할 휴대폰 번호를 입력해주세요. (예: 010-1234-5678)".into(),
        ));
    };
    let phone = state.members.change_phone(&member, &raw).await?;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "연락처가 {}(으)로 변경되었습니다.",
            phone.formatted()
        )))
        .quick_reply(QuickReply::block("프로필", state.blocks.id(Block::Profile)))
        .quick_reply(reply::main_menu(&state.blocks))
        .build()?)
}

pub(crate) async fn withdraw(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let blocks = &state.blocks;
    if !payload.extra_bool("confirm") {
        // Ask only when the answer can be yes: open trades are refused before the question.
        if let WithdrawalCheck::Blocked(open) = state.withdrawals.check(&member).await? {
            return Err(junggye_members::MemberError::OpenTrades(open).into());
        }
        return Ok(SkillResponse::builder()
            .output(
                TextCard::new().title("정말 탈퇴하시겠어요?").description(
                    "탈퇴하면 등록하신 상품과 사진이 모두 삭제되며 되돌릴 수 없습니다.",
                ),
            )
            .quick_reply(
                QuickReply::block("탈퇴하기", blocks.id(Block::Withdraw)).extra("confirm", true),
            )
            .quick_reply(QuickReply::block("취소", blocks.id(Block::Profile)))
            .build()?);
    }
    state.withdrawals.withdraw(&member).await?;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(
            "회원탈퇴가 완료되었습니다.\n그동안 중계나라를 이용해주셔서 감사합니다.",
        ))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
