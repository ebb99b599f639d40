//! Sort and price range of the browse lists (latest, category, search): read from
//! `extra.sort`, `extra.min_price`, `extra.max_price`, carried by 더보기, and changed by quick
//! replies.

use junggye_kakao_protocol::QuickReply;
use junggye_products::{Cursor, ListOrder, PriceRange, Sort};
use serde_json::Value;

use super::Payload;
use crate::error::SkillError;

/// The price ranges offered as quick replies, in won (inclusive bounds).
const PRESETS: [(Option<i64>, Option<i64>); 4] = [
    (None, Some(10_000)),
    (Some(10_000), Some(50_000)),
    (Some(50_000), Some(200_000)),
    (Some(200_000), None),
];

/// `extra.cursor`: what a 더보기 quick reply carried; anything unreadable is the first page.
pub(crate) fn cursor(payload: &Payload) -> Option<Cursor> {
    payload
        .extra_str("cursor")
        .as_deref()
        .and_then(Cursor::decode)
}

/// A price bound: absent, or a whole number of won (a JSON integer or a string holding one).
fn bound(payload: &Payload, name: &str) -> Result<Option<i64>, SkillError> {
    let Some(value) = payload.extra(name) else {
        return Ok(None);
    };
    let parsed = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.trim().replace(',', "").parse::<i64>().ok(),
        _ => None,
    };
    parsed.map(Some).ok_or_else(|| {
        SkillError::Refused("가격 범위는 원 단위 숫자로 지정해주세요. (예: 10000)".into())
    })
}

/// The order the payload asks for. An unknown sort is the default (newest); a price bound
/// that is not a number, out of range, or a minimum above the maximum is refused.
pub(crate) fn order(payload: &Payload) -> Result<ListOrder, SkillError> {
    let sort = payload
        .extra_str("sort")
        .as_deref()
        .and_then(Sort::from_code)
        .unwrap_or_default();
    let price = PriceRange::new(bound(payload, "min_price")?, bound(payload, "max_price")?)
        .map_err(|e| SkillError::Refused(e.message))?;
    Ok(ListOrder { sort, price })
}

/// `reply` carrying `order` (defaults are left out so plain replies stay plain).
pub(crate) fn with_order(mut reply: QuickReply, order: &ListOrder) -> QuickReply {
    if order.sort != Sort::Newest {
        reply = reply.extra("sort", order.sort.code());
    }
    if let Some(min) = order.price.min() {
        reply = reply.extra("min_price", min);
    }
    if let Some(max) = order.price.max() {
        reply = reply.extra("max_price", max);
    }
    reply
}

/// Quick replies that change the sort or the price range of the list `target` makes (a reply
/// to the same block with its own extras, e.g. the category): the two other sorts, the preset
/// ranges not in use, and 가격 전체 while a range is set. At most six.
pub(crate) fn order_replies(
    order: &ListOrder,
    target: impl Fn(&str) -> QuickReply,
) -> Vec<QuickReply> {
    let mut replies: Vec<QuickReply> = Sort::ALL
        .into_iter()
        .filter(|sort| *sort != order.sort)
        .map(|sort| {
            with_order(
                target(sort.label()),
                &ListOrder {
                    sort,
                    price: order.price,
                },
            )
        })
        .collect();
    if !order.price.is_any() {
        replies.push(with_order(
            target("가격 전체"),
            &ListOrder {
                sort: order.sort,
                price: PriceRange::ANY,
            },
        ));
    }
    for (min, max) in PRESETS {
        let Ok(price) = PriceRange::new(min, max) else {
            continue;
        };
        if price == order.price || replies.len() >= 6 {
            continue;
        }
        let label = price.label().unwrap_or_default();
        replies.push(with_order(
            target(&label),
            &ListOrder {
                sort: order.sort,
                price,
            },
        ));
    }
    replies
}

/// How a reply names the current order, e.g. `낮은 가격순 · 1만~5만원`; `None` for the default.
pub(crate) fn describe(order: &ListOrder) -> Option<String> {
    match (order.sort, order.price.label()) {
        (Sort::Newest, None) => None,
        (sort, None) => Some(sort.label().to_owned()),
        (sort, Some(range)) => Some(format!("{} · {range}", sort.label())),
    }
}
