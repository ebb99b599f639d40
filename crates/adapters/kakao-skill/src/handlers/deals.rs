//! Hot deals: a commerceCard carousel read from the cache only. The board is crawled in the
//! background (junggye-deals' refresher); nothing here waits on the network, so this reply is
//! as fast as a cache read.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use junggye_deals::{Deal, DealCursor, DealPage};
use junggye_kakao_protocol::response::limits::{
    ALT_TEXT_MAX, BUTTON_LABEL_MAX, COMMERCE_CARD_DESCRIPTION_MAX, COMMERCE_CARD_TITLE_MAX,
};
use junggye_kakao_protocol::{
    Button, Carousel, CommerceCard, FrozenResponse, Profile, QuickReply, SimpleText, SkillResponse,
    Thumbnail, char_len, fit,
};

use super::{Payload, State};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::reply;

/// Nothing crawled yet (first minutes after start) or the cache lost it.
pub(crate) const NO_DEALS: &str = "아직 불러온 핫딜 정보가 없어요.\n잠시 후 다시 확인해주세요.";
/// The cache could not be read.
pub(crate) const DEALS_UNAVAILABLE: &str =
    "핫딜 정보를 불러오지 못했어요.\n잠시 후 다시 시도해주세요.";
/// Past this age the header warns that the list may be out of date (the refresher is failing).
const STALE_AFTER: Duration = Duration::from_secs(30 * 60);
/// Profile shown when the detail page named no shop.
const UNKNOWN_SHOP: &str = "핫딜";
/// Profile suffix for deals the board's readers voted up (the seed's wording).
const POPULAR_SUFFIX: &str = "(인기)";

pub(crate) async fn deals(state: State, payload: Payload) -> SkillResult {
    let blocks = &state.blocks;
    let feed = &state.deals;
    let cursor = payload
        .extra_str("cursor")
        .and_then(|raw| DealCursor::parse(&raw));
    let page = match feed.page(cursor).await {
        Ok(Some(page)) => page,
        Ok(None) => return Ok(reply::notice(blocks, NO_DEALS)?),
        Err(error) => {
            tracing::warn!(error = ?anyhow::Error::from(error), "hot deal cache read failed");
            return Ok(reply::notice(blocks, DEALS_UNAVAILABLE)?);
        }
    };
    let age = age_text(page.age);
    if let Some(frozen) = state.deal_replies.get(page.fetched_at, &age, page.offset) {
        return Ok(SkillResponse::from_frozen(&frozen));
    }
    let cards: Vec<CommerceCard> = page.deals.iter().filter_map(card).collect();
    let mut response = SkillResponse::builder().output(SimpleText::new(header(&page, &age)));
    if !cards.is_empty() {
        response = response.output(Carousel::commerce_cards(cards));
    }
    if let Some(next) = page.next {
        response = response.quick_reply(
            QuickReply::block("더보기", blocks.id(Block::HotDeals))
                .extra("cursor", next.to_string()),
        );
    }
    let response = response.quick_reply(reply::main_menu(blocks)).build()?;
    state
        .deal_replies
        .put(page.fetched_at, age, page.offset, response.freeze());
    Ok(response)
}

/// Deal pages already built for the snapshot being served. Everyone who opens 핫딜 in the same
/// minute gets the same bytes, so each page is built, checked and serialised once per snapshot
/// and minute (the header's age wording) instead of once per call: the reply this skill exists
/// for is its busiest (docs/benchmarks.md).
#[derive(Default)]
pub(crate) struct DealReplies(Mutex<Option<Memo>>);

/// Pages of one snapshot at one age wording; at most one entry per offset in the snapshot.
struct Memo {
    fetched_at: DateTime<Utc>,
    age: String,
    pages: HashMap<usize, FrozenResponse>,
}

impl DealReplies {
    fn get(&self, fetched_at: DateTime<Utc>, age: &str, offset: usize) -> Option<FrozenResponse> {
        let memo = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let memo = memo.as_ref()?;
        (memo.fetched_at == fetched_at && memo.age == age)
            .then(|| memo.pages.get(&offset).cloned())
            .flatten()
    }

    fn put(&self, fetched_at: DateTime<Utc>, age: String, offset: usize, reply: FrozenResponse) {
        let mut memo = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let current = memo
            .as_ref()
            .is_some_and(|memo| memo.fetched_at == fetched_at && memo.age == age);
        if !current {
            *memo = Some(Memo {
                fetched_at,
                age,
                pages: HashMap::new(),
            });
        }
        if let Some(memo) = memo.as_mut() {
            memo.pages.insert(offset, reply);
        }
    }
}

/// `🔥 핫딜 1~5 / 23 · 3분 전 업데이트`, plus a warning when the list is old.
fn header(page: &DealPage, age: &str) -> String {
    let first = page.offset + 1;
    let last = page.offset + page.deals.len();
    let mut text = format!("🔥 핫딜 {first}~{last} / {} · {age} 업데이트", page.total);
    if page.age >= STALE_AFTER {
        text.push_str("\n사이트에 접속하지 못해 최신 정보가 아닐 수 있어요.");
    }
    text
}

fn age_text(age: Duration) -> String {
    let minutes = age.as_secs() / 60;
    match minutes {
        0 => "방금".to_owned(),
        1..60 => format!("{minutes}분 전"),
        60..1440 => format!("{}시간 전", minutes / 60),
        _ => format!("{}일 전", minutes / 1440),
    }
}

/// One deal as a commerceCard; `None` for a deal without any picture (Kakao requires one).
fn card(deal: &Deal) -> Option<CommerceCard> {
    let image = deal.image_url.as_ref().or(deal.brand_icon_url.as_ref())?;
    let target = deal.purchase_url.as_ref().unwrap_or(&deal.post_url);
    // Kakao's price is an integer shown in won; the real currency goes in the description.
    let price = deal
        .price
        .amount()
        .and_then(|amount| i64::try_from(amount).ok())
        .unwrap_or(0);
    let thumbnail = Thumbnail::new(image.as_str())
        .alt_text(fit(&deal.title, ALT_TEXT_MAX))
        .fixed_ratio(true)
        .link_web(target.as_str());
    let mut card = CommerceCard::new(price, thumbnail)
        .title(fit(&deal.title, COMMERCE_CARD_TITLE_MAX))
        .description(description(deal))
        .profile(profile(deal))
        .button(Button::web_link(
            fit("상세보기", BUTTON_LABEL_MAX),
            deal.post_url.as_str(),
        ));
    if let Some(purchase) = &deal.purchase_url {
        card = card.button(Button::web_link(
            fit("구매하러가기", BUTTON_LABEL_MAX),
            purchase.as_str(),
        ));
    }
    Some(card)
}

fn profile(deal: &Deal) -> Profile {
    let shop = deal.shop.as_deref().unwrap_or(UNKNOWN_SHOP);
    let nickname = if deal.popular {
        format!("{shop}{POPULAR_SUFFIX}")
    } else {
        shop.to_owned()
    };
    let profile = Profile::new(nickname);
    match &deal.brand_icon_url {
        Some(icon) => profile.image_url(icon.as_str()),
        None => profile,
    }
}

/// `category\n금액단위: KRW` as the seed wrote it; the price line always survives the 40-char
/// cut, the category gives way.
fn description(deal: &Deal) -> String {
    let currency = deal.price.currency();
    let price_line = match deal.price.amount() {
        Some(0) => "가격: 무료".to_owned(),
        Some(_) if currency.is_krw() => format!("금액단위: {currency}"),
        // Cents were dropped from the card's price; the listed text keeps them.
        Some(_) => format!("금액단위: {currency} · {}", without_code(&deal.price_text)),
        None if deal.price_text.is_empty() => "가격: 본문 참고".to_owned(),
        None => format!("가격: {}", deal.price_text),
    };
    let price_line = fit(&price_line, COMMERCE_CARD_DESCRIPTION_MAX);
    let room = COMMERCE_CARD_DESCRIPTION_MAX.saturating_sub(char_len(&price_line) + 1);
    if deal.category.is_empty() || room == 0 {
        return price_line;
    }
    format!("{}\n{price_line}", fit(&deal.category, room))
}

/// `$12.99 (USD)` → `$12.99`.
fn without_code(price_text: &str) -> &str {
    match price_text.rfind('(') {
        Some(open) if price_text.trim_end().ends_with(')') && open > 0 => {
            price_text[..open].trim_end()
        }
        _ => price_text,
    }
}

#[cfg(test)]
mod tests {
    use junggye_deals::{Currency, Price};

    use super::*;

    fn deal() -> Deal {
        Deal {
            title: "[Amazon] Anker 737 Power Bank 24,000mAh 초특가 한정 수량".into(),
            price: Price::new(12, Currency::parse("USD").unwrap_or_else(Currency::krw)),
            price_text: "$12.99 (USD)".into(),
            category: "해외핫딜".into(),
            shop: Some("Amazon".into()),
            brand_icon_url: Some("https://img.example/amazon.png".into()),
            image_url: Some("https://img.example/1.jpg".into()),
            post_url: "https://board.example/views/1".into(),
            purchase_url: Some("https://www.amazon.com/dp/B0".into()),
            popular: true,
        }
    }

    #[test]
    fn description_keeps_the_currency_and_the_listed_cents() {
        assert_eq!(description(&deal()), "해외핫딜\n금액단위: USD · $12.99");
    }

    #[test]
    fn description_of_a_long_category_still_ends_with_the_price_line() {
        let long = Deal {
            category: "아주 긴 카테고리 이름이 들어가서 사십 자를 넘기는 경우".repeat(2),
            price: Price::new(1000, Currency::krw()),
            ..deal()
        };
        let text = description(&long);
        assert!(char_len(&text) <= COMMERCE_CARD_DESCRIPTION_MAX, "{text}");
        assert!(text.ends_with("\n금액단위: KRW"), "{text}");
    }

    #[test]
    fn free_and_unreadable_prices_say_so() {
        let free = Deal {
            price: Price::new(0, Currency::krw()),
            ..deal()
        };
        assert!(description(&free).ends_with("가격: 무료"));
        let unknown = Deal {
            price: Price::unknown(Currency::krw()),
            price_text: "가격 문의".into(),
            ..deal()
        };
        assert!(description(&unknown).ends_with("가격: 가격 문의"));
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age_text(Duration::from_secs(5)), "방금");
        assert_eq!(age_text(Duration::from_secs(180)), "3분 전");
        assert_eq!(age_text(Duration::from_secs(7200)), "2시간 전");
        assert_eq!(age_text(Duration::from_secs(3 * 86_400)), "3일 전");
    }

    #[test]
    fn popular_deals_show_the_seeds_suffix() {
        let json = serde_json::to_value(profile(&deal())).unwrap_or_default();
        assert_eq!(json["nickname"], "Amazon(인기)");
        assert_eq!(json["imageUrl"], "https://img.example/amazon.png");
    }

    #[test]
    fn a_deal_without_pictures_gets_no_card() {
        let bare = Deal {
            image_url: None,
            brand_icon_url: None,
            ..deal()
        };
        assert!(card(&bare).is_none());
        assert!(card(&deal()).is_some());
    }

    #[test]
    fn remembered_pages_last_for_one_snapshot_and_one_age_wording() {
        let replies = DealReplies::default();
        let crawled = Utc::now();
        let page = |text: &str| {
            SkillResponse::simple_text(text)
                .unwrap_or_default()
                .freeze()
        };
        replies.put(crawled, "방금".into(), 0, page("first"));
        replies.put(crawled, "방금".into(), 5, page("second"));
        assert_eq!(replies.get(crawled, "방금", 0), Some(page("first")));
        assert_eq!(replies.get(crawled, "방금", 5), Some(page("second")));
        assert_eq!(replies.get(crawled, "방금", 10), None);
        // A minute later the header says "1분 전": nothing built before may be sent.
        assert_eq!(replies.get(crawled, "1분 전", 0), None);
        let recrawled = crawled + chrono::Duration::minutes(5);
        assert_eq!(replies.get(recrawled, "방금", 0), None);
        replies.put(recrawled, "방금".into(), 0, page("new"));
        assert_eq!(replies.get(recrawled, "방금", 0), Some(page("new")));
        assert_eq!(
            replies.get(crawled, "방금", 5),
            None,
            "the old snapshot's pages are gone"
        );
    }

    #[test]
    fn strips_the_code_from_listed_prices() {
        assert_eq!(without_code("$12.99 (USD)"), "$12.99");
        assert_eq!(without_code("(USD)"), "(USD)");
        assert_eq!(without_code("무료"), "무료");
    }
}
