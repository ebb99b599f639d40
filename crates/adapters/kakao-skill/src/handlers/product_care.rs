//! The owner's care of a listing: `/skill/products/edit` and `/skill/products/bump` (끌올).

use junggye_domain_common::clock::KST;
use junggye_kakao_protocol::{QuickReply, SimpleText, SkillResponse, TextCard, fit};
use junggye_products::{EditRequest, ListingForm, Product, ProductId};

use super::{Payload, State, active_member_of, photos};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

/// The editable slots, as named in the scenario file (photos are `images`).
const FIELDS: [&str; 5] = ["name", "price", "description", "location", "open_chat_url"];

fn product_id(payload: &Payload) -> Result<ProductId, SkillError> {
    payload
        .extra_i64("product_id")
        .filter(|id| *id > 0)
        .map(ProductId)
        .ok_or_else(|| SkillError::Refused("찾을 수 없는 상품입니다.".into()))
}

/// The fields the call gives; blank ones count as not given.
fn form(payload: &Payload) -> ListingForm {
    let field = |name: &str| payload.param(name).filter(|v| !v.trim().is_empty());
    ListingForm {
        name: field(FIELDS[0]),
        price: field(FIELDS[1]),
        description: field(FIELDS[2]),
        location: field(FIELDS[3]),
        open_chat_url: field(FIELDS[4]),
        category: None,
    }
}

fn after_change(state: &State, product: &Product, text: String) -> SkillResult {
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(SimpleText::new(text))
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", product.id.0),
        )
        .quick_reply(
            QuickReply::block("판매내역", blocks.id(Block::MyProducts))
                .extra("status", product.status.code()),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

/// The listing as it stands, for an edit call that names no field: what can be changed and
/// how.
fn current(state: &State, product: &Product) -> SkillResult {
    let draft = &product.draft;
    let description = format!(
        "상품명: {}\n판매가격: {}원\n거래 희망 장소: {}\n오픈채팅: {}\n사진: {}장\n\n\
         바꿀 항목을 골라주세요. 고르지 않은 항목은 그대로 둡니다.",
        draft.name.as_str(),
        draft.price.formatted(),
        draft.location.as_str(),
        draft.open_chat_url.as_str(),
        product.photos.len(),
    );
    let blocks = &state.blocks;
    let fields = [
        ("상품명 수정", Block::ProductEditName),
        ("가격 수정", Block::ProductEditPrice),
        ("설명 수정", Block::ProductEditDescription),
        ("장소 수정", Block::ProductEditLocation),
        ("오픈채팅 수정", Block::ProductEditOpenChat),
        ("사진 바꾸기", Block::ProductEditPhotos),
    ]
    .map(|(label, block)| {
        QuickReply::block(label, blocks.id(block)).extra("product_id", product.id.0)
    });
    Ok(SkillResponse::builder()
        .output(
            TextCard::new()
                .title("상품 수정")
                .description(fit(&description, 400)),
        )
        .quick_replies(fields)
        .quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", product.id.0),
        )
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) async fn edit(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let id = product_id(&payload)?;
    let form = form(&payload);
    let images = payload.param("images").filter(|v| !v.trim().is_empty());
    // Ownership, status and fields first: a stranger's or a typo's call must not cost a
    // download of ten photos.
    let product = state.products.editable(&member, id, &form).await?;
    if form == ListingForm::default() && images.is_none() {
        return current(&state, &product);
    }
    let stored = match images {
        Some(raw) => Some(photos::store_from_param(&state, Some(raw)).await?),
        None => None,
    };
    let request = EditRequest {
        form,
        photos: stored.clone(),
    };
    let edited = match state.products.edit(&member, id, request).await {
        Ok(edited) => edited,
        Err(err) => {
            if let Some(stored) = &stored {
                photos::discard(&state, stored).await;
            }
            return Err(err.into());
        }
    };
    after_change(
        &state,
        &edited,
        format!("'{}' 상품을 수정했습니다.", edited.draft.name.as_str()),
    )
}

pub(crate) async fn bump(state: State, payload: Payload) -> SkillResult {
    let member = active_member_of(&state, &payload).await?;
    let id = product_id(&payload)?;
    let bumped = state.products.bump(&member, id).await?;
    let next = bumped
        .bumped_at
        .map(|at| at + state.products.bump_cooldown())
        .map(|at| {
            format!(
                "\n다음 끌올은 {} 이후에 할 수 있어요.",
                at.with_timezone(&KST).format("%m월 %d일 %H:%M")
            )
        })
        .unwrap_or_default();
    after_change(
        &state,
        &bumped,
        format!(
            "'{}' 상품을 끌올했습니다. 최신 상품 맨 위에 보여요.{next}",
            bumped.draft.name.as_str()
        ),
    )
}
