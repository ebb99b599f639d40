//! Reply shapes shared by the skills. Every reply is built through the protocol crate's
//! strict builder, so a reply that breaks a Kakao limit never reaches Kakao.

use junggye_kakao_protocol::{LimitError, QuickReply, SimpleText, SkillResponse};

use crate::blocks::{Block, Blocks};
use crate::error::SkillError;

/// Shown when something unexpected failed; never includes internals.
pub(crate) const GENERIC_ERROR: &str = "일시적인 오류가 발생했습니다.\n잠시 후 다시 시도해주세요.";
/// Shown when the deadline passed before the skill finished.
pub(crate) const TOO_SLOW: &str =
    "요청을 처리하는 데 시간이 오래 걸리고 있어요.\n잠시 후 다시 확인해주세요.";
/// Shown when the user sends too many requests.
pub(crate) const RATE_LIMITED: &str = "요청이 너무 많습니다.\n잠시 후 다시 시도해주세요.";

pub(crate) fn main_menu(blocks: &Blocks) -> QuickReply {
    QuickReply::block("메인메뉴", blocks.id(Block::Home))
}

pub(crate) fn join(blocks: &Blocks) -> QuickReply {
    QuickReply::block("회원가입", blocks.id(Block::MemberJoin))
}

/// A simpleText with the main-menu quick reply: the standard answer to anything refused.
pub(crate) fn notice(blocks: &Blocks, text: &str) -> Result<SkillResponse, LimitError> {
    SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(main_menu(blocks))
        .build()
}

/// The reply for a failed skill. Unexpected failures are logged here, once.
pub(crate) fn for_error(blocks: &Blocks, route: &str, err: &SkillError) -> SkillResponse {
    let built = match err {
        SkillError::NoUser => notice(
            blocks,
            "사용자 정보를 확인할 수 없습니다.\n처음부터 다시 시작해주세요.",
        ),
        SkillError::NotMember => SkillResponse::builder()
            .output(SimpleText::new(
                "회원만 이용할 수 있는 메뉴입니다.\n회원가입 후 이용해주세요.",
            ))
            .quick_reply(join(blocks))
            .quick_reply(main_menu(blocks))
            .build(),
        SkillError::Suspended => notice(
            blocks,
            "관리자에 의해 이용이 제한된 계정입니다.\n조회만 가능합니다.",
        ),
        SkillError::Refused(message) => notice(blocks, message),
        SkillError::Limit(limit) => {
            tracing::error!(route, error = %limit, "skill built a reply over Kakao limits");
            notice(blocks, GENERIC_ERROR)
        }
        SkillError::Unexpected(cause) => {
            tracing::error!(route, error = ?cause, "skill failed");
            notice(blocks, GENERIC_ERROR)
        }
    };
    built.unwrap_or_else(|limit| {
        tracing::error!(route, error = %limit, "error reply over Kakao limits");
        fallback(GENERIC_ERROR)
    })
}

/// A reply that cannot break a limit: for the deadline and the rate limit.
pub(crate) fn fallback(text: &str) -> SkillResponse {
    SkillResponse::simple_text(junggye_kakao_protocol::fit(text, 1000)).unwrap_or_else(|_| {
        SkillResponse::simple_text("잠시 후 다시 시도해주세요.").unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks() -> Blocks {
        match Blocks::from_toml(include_str!("../../../../config/scenario.toml")) {
            Ok(blocks) => blocks,
            Err(error) => panic!("{error}"),
        }
    }

    fn first_text(response: &SkillResponse) -> String {
        let json: serde_json::Value = serde_json::from_str(&response.to_json()).unwrap_or_default();
        json["template"]["outputs"][0]["simpleText"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn a_1000_character_message_is_sent_as_is() {
        let text = "가".repeat(1000);
        let response = for_error(&blocks(), "/t", &SkillError::Refused(text.clone()));
        assert_eq!(first_text(&response), text);
    }

    #[test]
    fn a_1001_character_message_is_never_sent_to_kakao() {
        let response = for_error(&blocks(), "/t", &SkillError::Refused("가".repeat(1001)));
        assert_eq!(first_text(&response), GENERIC_ERROR);
    }

    #[test]
    fn unexpected_errors_hide_their_cause() {
        let err = SkillError::Unexpected(anyhow::anyhow!("password=hunter2 connection refused"));
        let response = for_error(&blocks(), "/t", &err);
        assert_eq!(first_text(&response), GENERIC_ERROR);
        assert!(!response.to_json().contains("hunter2"));
    }

    #[test]
    fn non_members_are_offered_the_join_block() {
        let response = for_error(&blocks(), "/t", &SkillError::NotMember);
        let json = response.to_json();
        assert!(json.contains("\"blockId\":\"MEMBER_JOIN\""), "{json}");
    }
}
