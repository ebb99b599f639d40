//! What a notification says: a Korean title and body and its buttons, as domain data. The
//! skill adapter lays them out (textCard, basicCard); the limits below are Kakao's
//! (`crates/kakao-protocol/src/response/limits.rs`), repeated because a domain crate does not
//! depend on the protocol crate.

use chrono::{DateTime, Utc};
use junggye_domain_common::clock::KST;

use crate::model::{
    CancelNotice, CancelledBy, LikedChange, ListingRef, ListingState, OrderId, Payload, ProductId,
    Rating, Role, TradeRef,
};

/// `textCard.title` and `basicCard.title`.
pub const TITLE_MAX: usize = 50;
/// `textCard.description` inside a carousel, the tightest place a notification is shown (the
/// inbox page); a basicCard takes 230 and a lone textCard 400.
pub const BODY_MAX: usize = 128;
/// A button label when two sit side by side, so any layout fits.
pub const ACTION_LABEL_MAX: usize = 8;
/// Buttons stacked on one card.
pub const ACTIONS_MAX: usize = 3;

/// A button of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    OpenOrder {
        order: OrderId,
        role: Role,
    },
    OpenListing(ProductId),
    EnterTracking(OrderId),
    ConfirmPurchase(OrderId),
    ConfirmSale(OrderId),
    WriteReview(OrderId),
    /// My received offers (`/skill/offers`, `extra.role = received`).
    ReceivedOffers,
    /// Search for the keyword that matched.
    Search(String),
    Bump(ProductId),
    MarkSold(ProductId),
    Hide(ProductId),
    /// A hot deal's page on the deal site.
    OpenLink(String),
}

impl Action {
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::OpenOrder { .. } => "주문 보기",
            Self::OpenListing(_) => "상품 보기",
            Self::EnterTracking(_) => "운송장 입력",
            Self::ConfirmPurchase(_) => "구매확정",
            Self::ConfirmSale(_) => "판매확정",
            Self::WriteReview(_) => "후기 쓰기",
            Self::ReceivedOffers => "제안 보기",
            Self::Search(_) => "더 보기",
            Self::Bump(_) => "끌올",
            Self::MarkSold(_) => "판매완료",
            Self::Hide(_) => "숨김",
            Self::OpenLink(_) => "딜 보기",
        }
    }
}

/// A notification as the member reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationText {
    /// At most [`TITLE_MAX`] characters.
    pub title: String,
    /// At most [`BODY_MAX`] characters.
    pub body: String,
    /// At most [`ACTIONS_MAX`].
    pub actions: Vec<Action>,
}

/// The title, body and buttons of a notification.
#[must_use]
pub fn render(payload: &Payload) -> NotificationText {
    let (title, body, actions) = match payload {
        Payload::OrderPaid { trade, amount } => (
            "결제 완료: 상품을 보내 주세요".to_owned(),
            format!(
                "{} {} 결제가 끝났어요. 상품을 보내고 운송장번호를 입력해 주세요.",
                quoted(&trade.item_name),
                won(*amount)
            ),
            vec![
                Action::EnterTracking(trade.order),
                open_order(trade, Role::Seller),
            ],
        ),
        Payload::OrderShipped { trade, tracking } => (
            "상품이 발송됐어요".to_owned(),
            format!(
                "{} 운송장번호 {tracking}. 받아 보시고 구매확정해 주세요.",
                quoted(&trade.item_name)
            ),
            vec![
                Action::ConfirmPurchase(trade.order),
                open_order(trade, Role::Buyer),
            ],
        ),
        Payload::PurchaseConfirmed { trade } => (
            "구매가 확정됐어요".to_owned(),
            format!(
                "{} 구매자가 구매를 확정했어요. 판매확정하면 거래가 끝나요.",
                quoted(&trade.item_name)
            ),
            vec![
                Action::ConfirmSale(trade.order),
                open_order(trade, Role::Seller),
            ],
        ),
        Payload::SaleCompleted { trade, role } => (
            "거래가 완료됐어요".to_owned(),
            format!(
                "{} 거래가 끝났어요. {}에게 후기를 남겨 주세요.",
                quoted(&trade.item_name),
                other_party(*role)
            ),
            vec![Action::WriteReview(trade.order), open_order(trade, *role)],
        ),
        Payload::OrderCancelled {
            trade,
            role,
            notice,
        } => cancelled(trade, *role, *notice),
        Payload::AutoConfirmSoon { trade, confirm_at } => (
            "내일 자동으로 구매확정돼요".to_owned(),
            format!(
                "{} {}에 자동으로 구매확정돼요. 문제가 있으면 그 전에 알려 주세요.",
                quoted(&trade.item_name),
                kst_time(*confirm_at)
            ),
            vec![
                Action::ConfirmPurchase(trade.order),
                open_order(trade, Role::Buyer),
            ],
        ),
        Payload::OfferReceived { listing, price } => (
            "가격 제안이 왔어요".to_owned(),
            format!("{}에 {} 제안이 왔어요.", quoted(&listing.name), won(*price)),
            vec![Action::ReceivedOffers, Action::OpenListing(listing.product)],
        ),
        Payload::OfferAnswered {
            listing,
            price,
            accepted: true,
        } => (
            "제안이 수락됐어요".to_owned(),
            format!(
                "{} {} 제안이 수락돼 예약중이 됐어요. 기한 안에 결제해 주세요.",
                quoted(&listing.name),
                won(*price)
            ),
            vec![Action::OpenListing(listing.product)],
        ),
        Payload::OfferAnswered {
            listing,
            price,
            accepted: false,
        } => (
            "제안이 거절됐어요".to_owned(),
            format!(
                "{} {} 제안을 판매자가 거절했어요.",
                quoted(&listing.name),
                won(*price)
            ),
            vec![Action::OpenListing(listing.product)],
        ),
        Payload::ReviewReceived {
            trade,
            role,
            rating,
        } => (
            "후기가 도착했어요".to_owned(),
            format!(
                "{} {}가 '{}' 후기를 남겼어요.",
                quoted(&trade.item_name),
                other_party(*role),
                rating_label(*rating)
            ),
            vec![open_order(trade, *role)],
        ),
        Payload::KeywordMatch {
            keyword,
            listing,
            price,
            count,
        } => keyword_match(keyword, listing, *price, *count),
        Payload::KeywordDeal {
            keyword,
            deal,
            count,
        } => (
            format!("'{keyword}' 핫딜"),
            if *count > 1 {
                format!(
                    "{} 외 {}개 핫딜이 올라왔어요.",
                    quoted(&deal.title),
                    count - 1
                )
            } else {
                format!("{} 핫딜이 올라왔어요.", quoted(&deal.title))
            },
            vec![Action::OpenLink(deal.url.clone())],
        ),
        Payload::LikedChanged { listing, change } => liked_changed(listing, *change),
        Payload::ListingStale { listing, idle_days } => (
            "아직 판매 중인가요?".to_owned(),
            format!(
                "{} {idle_days}일 동안 바뀐 게 없어요. 끌올하거나 판매완료로 바꿔 주세요.",
                quoted(&listing.name)
            ),
            vec![
                Action::Bump(listing.product),
                Action::MarkSold(listing.product),
                Action::Hide(listing.product),
            ],
        ),
    };
    NotificationText {
        title: fit(&title, TITLE_MAX),
        body: fit(&body, BODY_MAX),
        actions,
    }
}

fn cancelled(trade: &TradeRef, role: Role, notice: CancelNotice) -> (String, String, Vec<Action>) {
    let name = quoted(&trade.item_name);
    let body = match (notice, role) {
        (CancelNotice::LostRace, _) => format!(
            "{name} 다른 구매자의 결제가 먼저 끝나 주문이 취소됐어요. 결제하신 금액은 환불돼요."
        ),
        (CancelNotice::Cancelled(by), Role::Buyer) => {
            format!("{name} {}. 결제하신 금액은 환불돼요.", cancelled_by(by))
        }
        (CancelNotice::Cancelled(by), Role::Seller) => {
            format!(
                "{name} {}. 결제 금액은 구매자에게 환불돼요.",
                cancelled_by(by)
            )
        }
    };
    let title = match notice {
        CancelNotice::LostRace => "결제가 취소됐어요",
        CancelNotice::Cancelled(_) => "주문이 취소됐어요",
    };
    let actions = match notice {
        CancelNotice::LostRace => vec![Action::OpenListing(trade.product)],
        CancelNotice::Cancelled(_) => vec![open_order(trade, role)],
    };
    (title.to_owned(), body, actions)
}

fn cancelled_by(by: CancelledBy) -> &'static str {
    match by {
        CancelledBy::Buyer => "구매자가 주문을 취소했어요",
        CancelledBy::Seller => "판매자가 주문을 취소했어요",
        CancelledBy::Admin => "운영자가 주문을 취소했어요",
        CancelledBy::System => "발송 기한이 지나 주문이 자동으로 취소됐어요",
    }
}

fn keyword_match(
    keyword: &str,
    listing: &ListingRef,
    price: i64,
    count: u32,
) -> (String, String, Vec<Action>) {
    let body = if count > 1 {
        format!(
            "{} {} 외 {}개가 새로 올라왔어요.",
            quoted(&listing.name),
            won(price),
            count - 1
        )
    } else {
        format!(
            "{} {}이 새로 올라왔어요.",
            quoted(&listing.name),
            won(price)
        )
    };
    (
        format!("'{keyword}' 새 매물"),
        body,
        vec![
            Action::OpenListing(listing.product),
            Action::Search(keyword.to_owned()),
        ],
    )
}

fn liked_changed(listing: &ListingRef, change: LikedChange) -> (String, String, Vec<Action>) {
    let name = quoted(&listing.name);
    let (title, body) = match change {
        LikedChange::PriceDropped { from, to } => (
            "찜한 상품 가격이 내렸어요",
            format!("{name} {} → {}", won(from), won(to)),
        ),
        LikedChange::Status(state) => {
            // The particle after the status word depends on its last syllable.
            let now = match state {
                ListingState::OnSale => "다시 판매중이에요",
                ListingState::Reserved => "예약중이 됐어요",
                ListingState::Sold => "판매완료됐어요",
            };
            ("찜한 상품 상태가 바뀌었어요", format!("{name} {now}."))
        }
    };
    (
        title.to_owned(),
        body,
        vec![Action::OpenListing(listing.product)],
    )
}

fn open_order(trade: &TradeRef, role: Role) -> Action {
    Action::OpenOrder {
        order: trade.order,
        role,
    }
}

fn other_party(role: Role) -> &'static str {
    match role {
        Role::Buyer => "판매자",
        Role::Seller => "구매자",
    }
}

fn rating_label(rating: Rating) -> &'static str {
    match rating {
        Rating::Great => "최고예요",
        Rating::Good => "좋아요",
        Rating::Bad => "별로예요",
    }
}

/// A listing name in corner brackets, cut so that the name alone never eats the whole body.
fn quoted(name: &str) -> String {
    const NAME_MAX: usize = 40;
    format!("「{}」", fit(name, NAME_MAX))
}

/// `750,000원`, as the products domain writes amounts.
#[must_use]
pub fn won(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out.push('원');
    out
}

/// `12월 8일 14:30`, in Korean time.
fn kst_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&KST)
        .format("%-m월 %-d일 %H:%M")
        .to_string()
}

/// At most `max` characters (not bytes), ending with `…` when cut; the ellipsis counts.
#[must_use]
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(max - 1).collect::<String>();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
