use junggye_kakao_protocol::{SimpleText, SkillResponse};

use super::{Payload, State};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::reply;

/// The main menu. Degrades to the guest menu when the member lookup fails: the home block
/// is also Open Builder's fallback, so it must answer whatever the database does.
pub(crate) async fn home(state: State, payload: Payload) -> SkillResult {
    let member = match payload.user_id() {
        Some(user) => state
            .members
            .find_member(user)
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(error = ?error, "home: member lookup failed");
                None
            }),
        None => None,
    };
    let blocks = &state.blocks;
    // The count is a courtesy: the menu answers without it when it cannot be read.
    let unread = match &member {
        Some(member) => state
            .notifications
            .unread_count(member.id)
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(error = ?error, "home: unread count failed");
                0
            }),
        None => 0,
    };
    let response = match member {
        Some(member) => SkillResponse::builder()
            .output(SimpleText::new(format!(
                "{}님, 중계나라에 오신 것을 환영합니다!\n원하시는 메뉴를 선택해주세요.",
                member.nickname.as_str()
            )))
            .quick_replies(browse(blocks))
            .quick_reply(
                junggye_kakao_protocol::QuickReply::block(
                    "판매하기",
                    blocks.id(Block::ProductCategories),
                )
                .extra("purpose", "register"),
            )
            .quick_reply(junggye_kakao_protocol::QuickReply::block(
                "마이페이지",
                blocks.id(Block::MyPage),
            ))
            .quick_reply(super::notifications::home_quick_reply(blocks, unread))
            .quick_reply(hot_deals(blocks)),
        None => SkillResponse::builder()
            .output(SimpleText::new(
                "중계나라에 오신 것을 환영합니다!\n중고 물품을 사고파는 채팅 장터예요.\n회원가입 후 상품을 등록하고 거래할 수 있어요.",
            ))
            .quick_reply(reply::join(blocks))
            .quick_replies(browse(blocks))
            .quick_reply(hot_deals(blocks)),
    };
    // Notices are open to everyone, members or not.
    let response = response.quick_reply(junggye_kakao_protocol::QuickReply::block(
        "공지사항",
        blocks.id(Block::Notices),
    ));
    Ok(response.build()?)
}

/// Hot deals are open to everyone, members or not.
fn hot_deals(blocks: &crate::blocks::Blocks) -> junggye_kakao_protocol::QuickReply {
    junggye_kakao_protocol::QuickReply::block("핫딜", blocks.id(Block::HotDeals))
}

/// Browsing is open to everyone, members or not.
fn browse(blocks: &crate::blocks::Blocks) -> [junggye_kakao_protocol::QuickReply; 3] {
    use junggye_kakao_protocol::QuickReply;
    [
        QuickReply::block("최신상품", blocks.id(Block::ProductsLatest)),
        QuickReply::block("카테고리", blocks.id(Block::ProductCategories))
            .extra("purpose", "browse"),
        QuickReply::block("상품검색", blocks.id(Block::ProductSearch)),
    ]
}
