//! 키워드 알림: the member's keywords, adding and removing one.

use junggye_kakao_protocol::{
    Button, Carousel, QuickReply, SimpleText, SkillResponse, TextCard, fit,
};

use junggye_notifications::alerts::normalized;

use super::{Payload, State, active_member_of, member_of};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

fn add_reply(blocks: &Blocks) -> QuickReply {
    QuickReply::block("키워드 추가", blocks.id(Block::AlertAdd))
}

/// `/skill/alerts`: one card per keyword, each with its 삭제 button.
pub(crate) async fn list(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let keywords = state.alerts.list(member.id).await?;
    let max = state.alerts.config().max_keywords;
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if keywords.is_empty() {
        builder = builder.output(SimpleText::new(format!(
            "등록된 키워드가 없어요.\n키워드를 등록하면 이름에 그 키워드가 들어간 상품이나 핫딜이 올라올 때 알려드려요. (최대 {max}개)"
        )));
    } else {
        let cards = keywords.iter().map(|keyword| {
            TextCard::new()
                .title(fit(keyword.as_str(), 50))
                .description("이 키워드가 들어간 새 상품과 핫딜을 알려드려요.")
                .button(
                    Button::block("삭제", blocks.id(Block::AlertRemove))
                        .extra("keyword", keyword.as_str()),
                )
        });
        builder = builder
            .output(SimpleText::new(format!(
                "키워드 알림 {}/{max}개",
                keywords.len()
            )))
            .output(Carousel::text_cards(cards));
    }
    if keywords.len() < max as usize {
        builder = builder.quick_reply(add_reply(blocks));
    }
    Ok(builder
        .quick_reply(QuickReply::block("마이페이지", blocks.id(Block::MyPage)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// `/skill/alerts/add` (`params.keyword`).
pub(crate) async fn add(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(raw) = payload
        .param("keyword")
        .or_else(|| payload.extra_str("keyword"))
    else {
        return Err(SkillError::Refused(
            "알림 받을 키워드를 입력해주세요.".into(),
        ));
    };
    let keyword = state.alerts.add(member.id(), &raw).await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "'{}' 키워드를 등록했어요.\n이 키워드가 들어간 상품이 올라오면 알려드릴게요.",
            keyword.as_str()
        )))
        .quick_reply(QuickReply::block("내 키워드", blocks.id(Block::Alerts)))
        .quick_reply(add_reply(blocks))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// `/skill/alerts/remove` (`extra.keyword`).
pub(crate) async fn remove(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let Some(raw) = payload.extra_str("keyword") else {
        return Err(SkillError::Refused(
            "삭제할 키워드를 다시 선택해주세요.".into(),
        ));
    };
    state.alerts.remove(member.id(), &raw).await?;
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "'{}' 키워드를 삭제했어요.",
            normalized(raw.trim())
        )))
        .quick_reply(QuickReply::block("내 키워드", blocks.id(Block::Alerts)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
