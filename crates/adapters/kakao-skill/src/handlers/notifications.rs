//! The inbox (`/skill/notifications`), the event block's skill (`/skill/events/notification`)
//! and the push preferences (`/skill/settings/notifications`). What a notification says comes
//! from the notifications domain ([`render`]); here it is laid out as Kakao cards.

use junggye_domain_common::{Page, clock::KST};
use junggye_kakao_protocol::{Button, Carousel, QuickReply, SimpleText, SkillResponse, TextCard};
use junggye_notifications::{
    Action, Notification, NotificationGroup, NotificationId, Role, render,
};
use junggye_orders::OfferRole;
use junggye_products::ProductStatus;

use super::{Payload, State, member_of};
use crate::blocks::{Block, Blocks};
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// A carousel holds at most 10 cards.
const PAGE_SIZE: u32 = 10;
/// Unread notifications the event block shows when the push named none.
const EVENT_UNREAD_MAX: u32 = 5;

pub(crate) async fn inbox(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let number = payload
        .extra_i64("page")
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let paged = state
        .notifications
        .inbox(member.id, Page::new(number, PAGE_SIZE))
        .await?;
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if paged.items.is_empty() {
        builder = builder.output(SimpleText::new(if number == 0 {
            "아직 받은 알림이 없어요.\n거래가 진행되거나 키워드 상품이 올라오면 여기에서 알려 드려요."
        } else {
            "더 지난 알림은 없어요."
        }));
    } else {
        let cards: Vec<TextCard> = paged.items.iter().map(|n| card(blocks, n)).collect();
        builder = builder.output(Carousel::text_cards(cards));
    }
    if paged.has_more {
        builder = builder.quick_reply(
            QuickReply::block("더보기", blocks.id(Block::Notifications))
                .extra("page", i64::from(number) + 1),
        );
    }
    Ok(builder
        .quick_reply(QuickReply::block(
            "알림 설정",
            blocks.id(Block::NotificationSettings),
        ))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// Kakao runs the event block for each recipient of a push and sends what this answers. A
/// reply with no outputs sends nothing, which is what a caller who is not (or no longer) the
/// member gets.
pub(crate) async fn event(state: State, payload: Payload) -> SkillResult {
    let Ok(member) = member_of(&state, &payload).await else {
        return Ok(SkillResponse::silent());
    };
    let service = &state.notifications;
    let named = payload
        .event_param("notification_id")
        .and_then(|raw| raw.trim().parse::<i64>().ok())
        .map(NotificationId);
    let shown: Vec<Notification> = match named {
        Some(id) => service.find(member.id, id).await?.into_iter().collect(),
        None => service
            .inbox(member.id, Page::new(0, EVENT_UNREAD_MAX))
            .await?
            .items
            .into_iter()
            .filter(|n| n.unread)
            .collect(),
    };
    let blocks = &state.blocks;
    if shown.is_empty() {
        return Ok(SkillResponse::builder()
            .output(SimpleText::new("새 알림이 없어요."))
            .quick_reply(QuickReply::block("알림", blocks.id(Block::Notifications)))
            .build()?);
    }
    if named.is_some() {
        let ids: Vec<NotificationId> = shown.iter().map(|n| n.id).collect();
        service.mark_read(member.id, &ids).await?;
    }
    let cards: Vec<TextCard> = shown.iter().map(|n| card(blocks, n)).collect();
    let builder = match <[TextCard; 1]>::try_from(cards) {
        Ok([one]) => SkillResponse::builder().output(one),
        Err(cards) => SkillResponse::builder().output(Carousel::text_cards(cards)),
    };
    Ok(builder
        .quick_reply(QuickReply::block("알림함", blocks.id(Block::Notifications)))
        .build()?)
}

pub(crate) async fn settings(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let service = &state.notifications;
    let preferences = match payload.extra_str("kind") {
        Some(raw) => {
            let group = NotificationGroup::from_code(&raw).ok_or_else(|| {
                SkillError::Refused("알림 종류는 거래, 키워드, 찜 중에서 골라 주세요.".into())
            })?;
            let enabled = match payload.extra_str("enabled").as_deref() {
                Some("true") => true,
                Some("false") => false,
                _ => {
                    return Err(SkillError::Refused("켜기 또는 끄기를 골라 주세요.".into()));
                }
            };
            service.set_preference(member.id, group, enabled).await?
        }
        None => service.preferences(member.id).await?,
    };
    let blocks = &state.blocks;
    let lines: Vec<String> = NotificationGroup::ALL
        .iter()
        .map(|g| {
            let on = if preferences.enabled(*g) {
                "켜짐"
            } else {
                "꺼짐"
            };
            format!("{} 알림: {on}", g.label())
        })
        .collect();
    let buttons = NotificationGroup::ALL.iter().map(|g| {
        let on = preferences.enabled(*g);
        Button::block(
            format!("{} {}", g.label(), if on { "끄기" } else { "켜기" }),
            blocks.id(Block::NotificationSettings),
        )
        .extra("kind", g.code())
        .extra("enabled", if on { "false" } else { "true" })
    });
    let card = TextCard::new()
        .title("알림 설정")
        .description(format!(
            "{}\n\n꺼도 알림함에는 그대로 쌓여요. 밤 9시부터 아침 8시까지는 키워드·찜 알림을 아침에 보내요.",
            lines.join("\n")
        ))
        .buttons(buttons);
    Ok(SkillResponse::builder()
        .output(card)
        .quick_reply(QuickReply::block("알림함", blocks.id(Block::Notifications)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

fn card(blocks: &Blocks, notification: &Notification) -> TextCard {
    let text = render(&notification.payload);
    let when = notification
        .created_at
        .with_timezone(&KST)
        .format("%m/%d %H:%M");
    let title = if notification.unread {
        format!("[새 알림] {}", text.title)
    } else {
        text.title.clone()
    };
    TextCard::new()
        .title(junggye_kakao_protocol::fit(&title, 50))
        .description(junggye_kakao_protocol::fit(
            &format!("{}\n{when}", text.body),
            junggye_notifications::BODY_MAX + 13,
        ))
        .buttons(
            text.actions
                .iter()
                .filter_map(|action| button(blocks, action))
                .take(3),
        )
}

/// The button for an action, or `None` for one whose skill is not served.
fn button(blocks: &Blocks, action: &Action) -> Option<Button> {
    let label = action.label();
    let to = |block: Block| Button::block(label, blocks.id(block));
    Some(match action {
        Action::OpenOrder { order, role } => to(match role {
            Role::Buyer => Block::PurchaseDetail,
            Role::Seller => Block::SaleDetail,
        })
        .extra("order_id", order.0),
        Action::OpenListing(product) => to(Block::ProductDetail).extra("product_id", product.0),
        Action::EnterTracking(order) => to(Block::TrackingNumber).extra("order_id", order.0),
        Action::ConfirmPurchase(order) => to(Block::ConfirmPurchase).extra("order_id", order.0),
        Action::ConfirmSale(order) => to(Block::ConfirmSale).extra("order_id", order.0),
        Action::Search(keyword) => to(Block::ProductSearch).extra("keyword", keyword.as_str()),
        Action::MarkSold(product) => to(Block::ProductStatus)
            .extra("product_id", product.0)
            .extra("status", ProductStatus::Sold.code()),
        Action::Hide(product) => to(Block::ProductStatus)
            .extra("product_id", product.0)
            .extra("status", ProductStatus::Hidden.code()),
        Action::OpenLink(url) => Button::web_link(label, url.as_str()),
        Action::ReceivedOffers => to(Block::Offers).extra("role", OfferRole::Received.code()),
        Action::WriteReview(order) => to(Block::ReviewWrite).extra("order_id", order.0),
        Action::Bump(product) => to(Block::ProductBump).extra("product_id", product.0),
    })
}

/// The home menu's `알림` quick reply: `알림 3` while three are unread.
pub(crate) fn home_quick_reply(blocks: &Blocks, unread: u32) -> QuickReply {
    let label = if unread == 0 {
        "알림".to_owned()
    } else if unread > 99 {
        "알림 99+".to_owned()
    } else {
        format!("알림 {unread}")
    };
    QuickReply::block(label, blocks.id(Block::Notifications))
}

#[cfg(test)]
mod tests {
    use junggye_notifications::OrderId;

    use super::*;

    const SHIPPED: &str = include_str!("../../../../../config/scenario.toml");

    #[test]
    fn write_review_leads_to_the_review_skill_with_the_order() {
        let blocks = Blocks::from_toml(SHIPPED).unwrap();
        let button = button(&blocks, &Action::WriteReview(OrderId(7))).unwrap();
        let json = serde_json::to_value(&button).unwrap();
        assert_eq!(json["label"], "후기 쓰기");
        assert_eq!(json["blockId"], "REVIEW_WRITE");
        assert_eq!(json["extra"]["order_id"], 7);
    }
}
