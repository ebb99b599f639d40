//! `/skill/notices` (listCard, five per page, pinned first) and `/skill/notices/detail`.

use junggye_domain_common::clock::KST;
use junggye_kakao_protocol::{
    BasicCard, Button, ListCard, ListItem, QuickReply, SimpleText, SkillResponse, TextCard,
    Thumbnail, char_len, fit,
};
use junggye_products::notices::{Notice, NoticeError, NoticeId, NoticeKind, NoticeStatus};

use super::{Payload, State};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// Kakao's card title limit.
const TITLE_MAX: usize = 50;
/// textCard: title and description together display at most 400 characters.
const TEXT_CARD_TOTAL_MAX: usize = 400;
/// basicCard description limit.
const BASIC_CARD_DESCRIPTION_MAX: usize = 230;
/// Button label limit for stacked (vertical) buttons.
const BUTTON_LABEL_MAX: usize = 14;
/// Kakao's limit on a card's stacked buttons.
const BUTTONS_MAX: usize = 3;

const EMPTY: &str = "등록된 공지사항이 없습니다.";
const NOT_FOUND: &str = "공지사항을 찾을 수 없습니다.\n삭제되었거나 비공개로 바뀐 공지입니다.";

impl From<NoticeError> for SkillError {
    fn from(err: NoticeError) -> Self {
        match err {
            NoticeError::NotFound => Self::Refused(NOT_FOUND.into()),
            NoticeError::Invalid(message) => Self::Refused(message),
            NoticeError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

pub(crate) async fn list(state: State, payload: Payload) -> SkillResult {
    let blocks = &state.blocks;
    let page = payload
        .extra_i64("page")
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let found = state.notices.visible_page(page).await?;
    if found.items.is_empty() {
        return Ok(reply::notice(blocks, EMPTY)?);
    }
    let items = found.items.iter().map(|notice| list_item(blocks, notice));
    let mut response = SkillResponse::builder().output(ListCard::new("공지사항").items(items));
    if found.has_more {
        response = response.quick_reply(
            QuickReply::block("더보기", blocks.id(Block::Notices))
                .extra("page", page.saturating_add(1)),
        );
    }
    Ok(response.quick_reply(reply::main_menu(blocks)).build()?)
}

fn list_item(blocks: &Blocks, notice: &Notice) -> ListItem {
    let date = notice.created_at.with_timezone(&KST).format("%Y-%m-%d");
    let description = match notice.draft.status {
        NoticeStatus::Pinned => format!("📌 {date}"),
        _ => date.to_string(),
    };
    let mut item = ListItem::new(fit(&notice.draft.title, TITLE_MAX))
        .description(description)
        .block(blocks.id(Block::NoticeDetail))
        .extra("notice_id", notice.id.0);
    if let Some(url) = &notice.draft.image_url {
        item = item.image_url(url.clone());
    }
    item
}

pub(crate) async fn detail(state: State, payload: Payload) -> SkillResult {
    let blocks = &state.blocks;
    let found = match payload.extra_i64("notice_id") {
        Some(id) => match state.notices.visible(NoticeId(id)).await {
            Ok(notice) => Some(notice),
            Err(NoticeError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let back = QuickReply::block("목록으로", blocks.id(Block::Notices));
    let Some(notice) = found else {
        return Ok(SkillResponse::builder()
            .output(SimpleText::new(NOT_FOUND))
            .quick_reply(back)
            .quick_reply(reply::main_menu(blocks))
            .build()?);
    };
    let draft = &notice.draft;
    let title = fit(&draft.title, TITLE_MAX);
    let date = notice.created_at.with_timezone(&KST).format("%Y-%m-%d");
    let buttons: Vec<Button> = draft
        .buttons
        .iter()
        .take(BUTTONS_MAX)
        .map(|b| Button::web_link(fit(&b.label, BUTTON_LABEL_MAX), b.url.clone()))
        .collect();
    let response = match (draft.kind, &draft.image_url) {
        (NoticeKind::BasicCard, Some(image)) => SkillResponse::builder().output(
            BasicCard::new(Thumbnail::new(image.clone()).alt_text(fit(&draft.title, 50)))
                .title(title)
                .description(fit(&draft.body, BASIC_CARD_DESCRIPTION_MAX))
                .buttons(buttons),
        ),
        _ => {
            // The date line is kept whole; the body gives way when the card is full.
            let footer = format!("\n\n등록일: {date}");
            let room = TEXT_CARD_TOTAL_MAX
                .saturating_sub(char_len(&title))
                .saturating_sub(char_len(&footer));
            let description = format!("{}{footer}", fit(&draft.body, room));
            SkillResponse::builder().output(
                TextCard::new()
                    .title(title)
                    .description(description)
                    .buttons(buttons),
            )
        }
    };
    Ok(response
        .quick_reply(back)
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
