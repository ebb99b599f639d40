//! What a skill can fail with, and the Korean reply each failure gets.

use junggye_kakao_protocol::LimitError;
use junggye_members::MemberError;

/// A skill's failure. Every variant becomes HTTP 200 with a Korean simpleText.
#[derive(Debug, thiserror::Error)]
pub enum SkillError {
    /// The payload names no user; nothing personal can be done.
    #[error("payload has no user")]
    NoUser,
    /// The user must join first.
    #[error("not a member")]
    NotMember,
    /// Suspended members may only read.
    #[error("member is suspended")]
    Suspended,
    /// The user's input or request is refused; the message is shown as is.
    #[error("{0}")]
    Refused(String),
    /// A reply broke a Kakao limit: a bug, logged, and replaced by a generic reply.
    #[error("reply breaks a Kakao limit: {0}")]
    Limit(#[from] LimitError),
    /// A dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<MemberError> for SkillError {
    fn from(err: MemberError) -> Self {
        match err {
            MemberError::NotFound => Self::NotMember,
            MemberError::AlreadyMember => Self::Refused(
                "이미 가입된 회원입니다.\n마이페이지에서 회원 정보를 확인해주세요.".into(),
            ),
            MemberError::Suspended => Self::Suspended,
            MemberError::OpenTrades(open) => Self::Refused(format!(
                "진행 중인 거래가 있어 탈퇴할 수 없습니다.\n(구매 {}건, 판매 {}건)\n거래를 마친 뒤 다시 시도해주세요.",
                open.as_buyer, open.as_seller
            )),
            MemberError::Invalid(v) => Self::Refused(v.message),
            MemberError::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_products::ProductError> for SkillError {
    fn from(err: junggye_products::ProductError) -> Self {
        use junggye_products::ProductError as E;
        match err {
            E::NotFound => Self::Refused("찾을 수 없는 상품입니다.".into()),
            E::NotOwner => Self::Refused("본인이 등록한 상품만 변경할 수 있습니다.".into()),
            E::OwnListing => Self::Refused("내가 등록한 상품은 찜할 수 없어요.".into()),
            E::InvalidTransition { from, to } => Self::Refused(format!(
                "'{}' 상태의 상품은 '{}'(으)로 변경할 수 없습니다.",
                from.label(),
                to.label()
            )),
            E::Conflict => {
                Self::Refused("다른 변경이 먼저 처리되었습니다.\n상품을 다시 확인해주세요.".into())
            }
            E::NotEditable(status) => Self::Refused(match status {
                junggye_products::ProductStatus::Pending => {
                    "결제가 진행 중인 상품은 수정할 수 없습니다.".into()
                }
                other => format!("'{}' 상태의 상품은 수정할 수 없습니다.", other.label()),
            }),
            E::NotBumpable(status) => Self::Refused(format!(
                "판매중인 상품만 끌올할 수 있습니다. (현재: {})",
                status.label()
            )),
            E::BumpTooSoon { next_at } => Self::Refused(format!(
                "아직 끌올할 수 없어요.\n다음 끌올은 {} 이후에 할 수 있습니다.",
                next_at
                    .with_timezone(&junggye_domain_common::clock::KST)
                    .format("%m월 %d일 %H:%M")
            )),
            E::Invalid(v) => Self::Refused(v.message),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_orders::OrderError> for SkillError {
    fn from(err: junggye_orders::OrderError) -> Self {
        use junggye_orders::{Action, OrderError as E, OrderStatus as S};
        match err {
            E::NotFound => Self::Refused("찾을 수 없는 주문입니다.".into()),
            E::ListingNotFound => Self::Refused("찾을 수 없는 상품입니다.".into()),
            E::NotOnSale | E::ListingUnavailable => {
                Self::Refused("판매중인 상품이 아닙니다.".into())
            }
            E::OwnListing => Self::Refused("본인이 등록한 상품은 구매할 수 없습니다.".into()),
            E::Blocked => Self::Refused(BLOCKED_TRADE.into()),
            E::AlreadySold => Self::Refused("이미 판매된 상품입니다.".into()),
            E::InvalidTransition { status, action } => Self::Refused(match (action, status) {
                (Action::ConfirmPurchase, S::Paid) => {
                    "운송장번호가 등록된 뒤에 구매확정할 수 있습니다.".into()
                }
                (Action::ConfirmSale, S::Paid | S::Shipped) => {
                    "구매자가 구매확정한 뒤에 판매확정할 수 있습니다.".into()
                }
                (Action::Cancel, S::Shipped) => {
                    "이미 배송이 시작된 주문은 취소할 수 없습니다.".into()
                }
                _ => format!(
                    "{} 상태의 주문에서는 할 수 없는 요청입니다.",
                    status.label()
                ),
            }),
            E::Invalid(v) => Self::Refused(v.message),
            E::PaymentNotReady => Self::Refused("결제 정보를 확인할 수 없는 주문입니다.".into()),
            E::Gateway(e) => Self::Unexpected(anyhow::Error::new(e).context("payment gateway")),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_notifications::NotificationError> for SkillError {
    fn from(err: junggye_notifications::NotificationError) -> Self {
        use junggye_notifications::NotificationError as E;
        match err {
            E::Invalid(e) => Self::Refused(e.to_string()),
            E::NotRetryable => Self::Refused("다시 보낼 수 없는 알림이에요.".into()),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_notifications::alerts::AlertError> for SkillError {
    fn from(err: junggye_notifications::alerts::AlertError) -> Self {
        use junggye_notifications::alerts::AlertError as E;
        match err {
            E::Invalid(v) => Self::Refused(v.message),
            E::TooMany { max } => Self::Refused(format!(
                "키워드는 최대 {max}개까지 등록할 수 있어요.\n안 쓰는 키워드를 지운 뒤 다시 등록해주세요."
            )),
            E::Duplicate => Self::Refused("이미 등록한 키워드예요.".into()),
            E::NotFound => Self::Refused("등록되지 않은 키워드예요.".into()),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_orders::ReviewError> for SkillError {
    fn from(err: junggye_orders::ReviewError) -> Self {
        use junggye_orders::ReviewError as E;
        match err {
            E::NotFound => Self::Refused("후기를 남길 수 있는 거래가 아닙니다.".into()),
            E::NotCompleted => Self::Refused("거래가 완료된 뒤에 후기를 남길 수 있습니다.".into()),
            E::AlreadyReviewed => Self::Refused("이미 후기를 남긴 거래입니다.".into()),
            E::NotCandidate => {
                Self::Refused("상품을 찜한 회원 중에서 구매자를 선택해주세요.".into())
            }
            E::BuyerNotRecordable => {
                Self::Refused("판매완료된 내 상품의 구매자는 한 번만 기록할 수 있습니다.".into())
            }
            E::Invalid(v) => Self::Refused(v.message),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

/// Said to either side of a block that tries to trade with the other.
pub(crate) const BLOCKED_TRADE: &str = "차단 관계인 회원과는 거래할 수 없습니다.";

impl From<junggye_members::blocks::BlockError> for SkillError {
    fn from(err: junggye_members::blocks::BlockError) -> Self {
        use junggye_members::blocks::BlockError as E;
        match err {
            E::OwnAccount => Self::Refused("자기 자신은 차단할 수 없습니다.".into()),
            E::NotFound => Self::Refused("찾을 수 없는 회원입니다.".into()),
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}

impl From<junggye_products::reports::ReportError> for SkillError {
    fn from(err: junggye_products::reports::ReportError) -> Self {
        use junggye_products::reports::ReportError as E;
        match err {
            E::NotFound => Self::Refused("신고할 대상을 찾을 수 없습니다.".into()),
            E::OwnTarget => {
                Self::Refused("본인이나 본인이 등록한 상품은 신고할 수 없습니다.".into())
            }
            E::Product(e) => e.into(),
            // Admin-side outcomes: a member never reaches them through a skill.
            E::AlreadyResolved | E::NotApplicable(_) => {
                Self::Refused("이미 처리된 신고입니다.".into())
            }
            E::Unexpected(e) => Self::Unexpected(e),
        }
    }
}
