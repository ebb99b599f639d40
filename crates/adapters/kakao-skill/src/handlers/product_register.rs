//! Selling: the category picker, the preview, and registration with photos.

use junggye_kakao_protocol::{
    ContextValue, ListCard, ListItem, QuickReply, SimpleText, SkillResponse, TextCard, fit,
    parse_secure_images,
};
use junggye_products::{Category, ListingForm, RegisterRequest};

use super::{Payload, State, active_member_of, photos};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::reply;

/// Output context carrying the preview's fields to the register block (the seed kept only the
/// category there; keeping every field lets 등록 work without asking again).
const CONTEXT: &str = "product";
/// The listing slots, as named in the scenario file.
const FIELDS: [&str; 6] = [
    "images",
    "name",
    "price",
    "description",
    "location",
    "open_chat_url",
];

/// Ten categories plus 처음으로 would be 11 quick replies (the seed's bug; Kakao allows 10), so
/// the categories are two listCards of five items each.
pub(crate) async fn categories(state: State, payload: Payload) -> SkillResult {
    let blocks = &state.blocks;
    let register = payload.extra_str("purpose").as_deref() == Some("register");
    let (target, header) = if register {
        (Block::ProductPreview, "판매할 상품의 카테고리")
    } else {
        (Block::ProductsByCategory, "카테고리별 상품 보기")
    };
    let mut builder = SkillResponse::builder();
    for (i, chunk) in Category::ALL.chunks(5).enumerate() {
        let title = if i == 0 {
            header
        } else {
            "카테고리 더보기"
        };
        let items = chunk.iter().map(|c| {
            ListItem::new(c.label())
                .block(blocks.id(target))
                .extra("category", c.code())
        });
        builder = builder.output(ListCard::new(title).items(items));
    }
    Ok(builder.quick_reply(reply::main_menu(blocks)).build()?)
}

/// A field from the block's slot, else from the preview's context.
fn field(payload: &Payload, name: &str) -> Option<String> {
    payload
        .param(name)
        .or_else(|| payload.context_param(CONTEXT, name))
}

fn form(payload: &Payload) -> ListingForm {
    ListingForm {
        name: field(payload, "name"),
        price: field(payload, "price"),
        description: field(payload, "description"),
        location: field(payload, "location"),
        open_chat_url: field(payload, "open_chat_url"),
        category: payload
            .extra_str("category")
            .or_else(|| payload.context_param(CONTEXT, "category")),
    }
}

pub(crate) async fn preview(state: State, payload: Payload) -> SkillResult {
    // Only a member who could register gets a preview that offers to.
    active_member_of(&state, &payload).await?;
    let form = form(&payload);
    let draft = &state.products.validate(&form)?;
    let photo_count = field(&payload, "images")
        .and_then(|raw| parse_secure_images(&raw).ok())
        .map_or(0, |images| images.urls.len());
    let blocks = &state.blocks;
    let description = format!(
        "카테고리: {}\n판매가격: {}원\n거래 희망 장소: {}\n오픈채팅: {}\n사진: {photo_count}장\n\n",
        draft.category.label(),
        draft.price.formatted(),
        draft.location.as_str(),
        draft.open_chat_url.as_str(),
    );
    let title = fit(draft.name.as_str(), 50);
    let room = 400usize.saturating_sub(title.chars().count() + description.chars().count());
    let mut context = ContextValue::new(CONTEXT, 2)
        .ttl(600)
        .param("category", draft.category.code());
    for name in FIELDS {
        if let Some(value) = field(&payload, name) {
            context = context.param(name, value);
        }
    }
    Ok(SkillResponse::builder()
        .output(TextCard::new().title(title).description(format!(
            "{description}{}",
            fit(draft.description.as_str(), room)
        )))
        .quick_reply(
            QuickReply::block("등록", blocks.id(Block::ProductRegister))
                .extra("category", draft.category.code()),
        )
        .quick_reply(QuickReply::block("취소", blocks.id(Block::Home)))
        .context(context)
        .build()?)
}

pub(crate) async fn register(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let products = &state.products;
    let form = form(&payload);
    // Fields first: a typo must not cost a download of ten photos.
    products.validate(&form)?;
    let stored = photos::store_from_param(&state, field(&payload, "images")).await?;
    let saved = products
        .register(
            &member,
            RegisterRequest {
                form,
                photos: stored.clone(),
            },
        )
        .await;
    let product = match saved {
        Ok(product) => product,
        Err(err) => {
            photos::discard(&state, &stored).await;
            return Err(err.into());
        }
    };
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(format!(
            "'{}' 상품을 등록했습니다.",
            product.draft.name.as_str()
        )))
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", product.id.0),
        )
        .quick_reply(
            QuickReply::block("판매내역", blocks.id(Block::MyProducts)).extra("status", "on_sale"),
        )
        .quick_reply(reply::main_menu(blocks))
        // The preview's fields are used up.
        .context(ContextValue::new(CONTEXT, 0))
        .build()?)
}
