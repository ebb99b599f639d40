//! Browsing listings: latest, by category, search, my listings, detail, and status changes.

use junggye_domain_common::clock::KST;
use junggye_kakao_protocol::{
    BasicCard, Button, Carousel, CommerceCard, Profile, QuickReply, SimpleText, SkillResponse,
    TextCard, Thumbnail, fit,
};
use junggye_members::MemberId;
use junggye_products::reports::ReportTarget;
use junggye_products::{
    Category, Cursor, ListFilter, ListOrder, Product, ProductId, ProductPage, ProductStatus,
};

use super::{Payload, State, active_member_of, member_of, photos};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;
use crate::state::SkillState;

/// Shown on cards of listings without photos (rows from before photos were required).
const NO_PHOTO_URL: &str = "https://t1.kakaocdn.net/openbuilder/sample/lj3JUcmrzC53YIjNDkqbWK.jpg";

/// The statuses of the 판매내역 picker, in menu order (deleted listings are gone).
const MINE_STATUSES: [ProductStatus; 5] = [
    ProductStatus::OnSale,
    ProductStatus::Reserved,
    ProductStatus::Hidden,
    ProductStatus::Pending,
    ProductStatus::Sold,
];

pub(crate) fn photo_url(state: &SkillState, key: &str) -> String {
    photos::public_url(state, key)
}

use super::browse::{self, cursor};

/// The member browsing, when the caller is one: their blocks shape what they are shown.
pub(crate) async fn viewer_id(
    state: &SkillState,
    payload: &Payload,
) -> Result<Option<MemberId>, SkillError> {
    Ok(match payload.user_id() {
        Some(user) => state.members.find_member(user).await?.map(|m| m.id),
        None => None,
    })
}

/// A list page as a carousel of commerceCards, with 더보기 when there is more.
fn page_reply(
    state: &SkillState,
    page: &ProductPage,
    empty: &str,
    more: impl FnOnce(Cursor) -> QuickReply,
    extra_replies: Vec<QuickReply>,
    show_status: bool,
) -> SkillResult {
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder();
    if page.items.is_empty() {
        builder = builder.output(SimpleText::new(empty));
    } else {
        let cards = page.items.iter().map(|p| card(state, p, show_status));
        builder = builder.output(Carousel::commerce_cards(cards));
    }
    if let Some(next) = page.next {
        builder = builder.quick_reply(more(next));
    }
    Ok(builder
        .quick_replies(extra_replies)
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}

pub(crate) fn card(state: &SkillState, product: &Product, show_status: bool) -> CommerceCard {
    let date = product.created_at.with_timezone(&KST).format("%Y-%m-%d");
    let mut label = if show_status || product.status == ProductStatus::Reserved {
        format!("[{}] ", product.status.label())
    } else {
        String::new()
    };
    // Only its owner is ever shown a listing under review.
    if product.under_review {
        label.insert_str(0, "[신고 검토중] ");
    }
    let description = format!("{label}{} · {date}", product.draft.category.label());
    let thumbnail = product
        .photos
        .first()
        .map_or_else(|| NO_PHOTO_URL.to_owned(), |key| photo_url(state, key));
    // The nickname gives way so the score (at most `99.9°`) always fits the 15 characters.
    let mut profile = Profile::new(format!(
        "{} {}",
        fit(&product.seller.nickname, 9),
        product.seller.manner
    ));
    if let Some(key) = &product.seller.profile_image {
        profile = profile.image_url(photo_url(state, key));
    }
    CommerceCard::new(
        product.draft.price.won(),
        Thumbnail::new(thumbnail).fixed_ratio(true),
    )
    .title(fit(product.draft.name.as_str(), 30))
    .description(fit(&description, 40))
    .profile(profile)
    .button(
        Button::block("상세보기", state.blocks.id(Block::ProductDetail))
            .extra("product_id", product.id.0),
    )
}

fn more(state: &SkillState, block: Block, next: Cursor) -> QuickReply {
    QuickReply::block("더보기", state.blocks.id(block)).extra("cursor", next.encode())
}

/// The empty-list text, naming the sort and range when they narrowed it.
fn empty_text(base: &str, order: &ListOrder) -> String {
    match browse::describe(order) {
        Some(described) if !order.price.is_any() => {
            format!("{base}\n({described} 조건에 맞는 상품이 없습니다.)")
        }
        _ => base.to_owned(),
    }
}

pub(crate) async fn latest(state: State, payload: Payload) -> SkillResult {
    let viewer = viewer_id(&state, &payload).await?;
    let order = browse::order(&payload)?;
    let page = state
        .products
        .list_for(viewer, &ListFilter::Latest, &order, cursor(&payload))
        .await?;
    let categories = QuickReply::block("카테고리", state.blocks.id(Block::ProductCategories))
        .extra("purpose", "browse");
    let mut replies = vec![categories];
    replies.extend(browse::order_replies(&order, |label| {
        QuickReply::block(label, state.blocks.id(Block::ProductsLatest))
    }));
    page_reply(
        &state,
        &page,
        &empty_text("아직 등록된 상품이 없습니다.", &order),
        |next| browse::with_order(more(&state, Block::ProductsLatest, next), &order),
        replies,
        false,
    )
}

pub(crate) async fn by_category(state: State, payload: Payload) -> SkillResult {
    let Some(category) = payload
        .extra_str("category")
        .as_deref()
        .and_then(Category::parse)
    else {
        return Err(SkillError::Refused("카테고리를 다시 선택해주세요.".into()));
    };
    let viewer = viewer_id(&state, &payload).await?;
    let order = browse::order(&payload)?;
    let page = state
        .products
        .list_for(
            viewer,
            &ListFilter::Category(category),
            &order,
            cursor(&payload),
        )
        .await?;
    let categories = QuickReply::block("카테고리", state.blocks.id(Block::ProductCategories))
        .extra("purpose", "browse");
    let mut replies = vec![categories];
    replies.extend(browse::order_replies(&order, |label| {
        QuickReply::block(label, state.blocks.id(Block::ProductsByCategory))
            .extra("category", category.code())
    }));
    page_reply(
        &state,
        &page,
        &empty_text(
            &format!("{} 카테고리에 등록된 상품이 없습니다.", category.label()),
            &order,
        ),
        |next| {
            browse::with_order(more(&state, Block::ProductsByCategory, next), &order)
                .extra("category", category.code())
        },
        replies,
        false,
    )
}

pub(crate) async fn search(state: State, payload: Payload) -> SkillResult {
    let Some(keyword) = payload
        .param("keyword")
        .or_else(|| payload.extra_str("keyword"))
    else {
        return Err(SkillError::Refused("검색어를 입력해주세요.".into()));
    };
    let viewer = viewer_id(&state, &payload).await?;
    let order = browse::order(&payload)?;
    let page = state
        .products
        .search_for(viewer, &keyword, &order, cursor(&payload))
        .await?;
    let again = QuickReply::block("다시 검색", state.blocks.id(Block::ProductSearch));
    let keyword = keyword.trim().to_owned();
    let mut replies = vec![again];
    replies.extend(browse::order_replies(&order, |label| {
        QuickReply::block(label, state.blocks.id(Block::ProductSearch))
            .extra("keyword", keyword.clone())
    }));
    page_reply(
        &state,
        &page,
        &empty_text(
            &format!("'{}'(으)로 검색된 상품이 없습니다.", fit(&keyword, 30)),
            &order,
        ),
        |next| {
            browse::with_order(more(&state, Block::ProductSearch, next), &order)
                .extra("keyword", keyword.clone())
        },
        replies,
        false,
    )
}

pub(crate) async fn mine(state: State, payload: Payload) -> SkillResult {
    let member = member_of(&state, &payload).await?;
    let blocks = &state.blocks;
    let status = payload
        .extra_str("status")
        .as_deref()
        .and_then(ProductStatus::from_code)
        .filter(|s| MINE_STATUSES.contains(s));
    let Some(status) = status else {
        let pickers = MINE_STATUSES.map(|s| {
            QuickReply::block(s.label(), blocks.id(Block::MyProducts)).extra("status", s.code())
        });
        return Ok(SkillResponse::builder()
            .output(
                TextCard::new()
                    .title("판매내역")
                    .description("확인하실 상품 상태를 선택해주세요."),
            )
            .quick_replies(pickers)
            .quick_reply(QuickReply::block("마이페이지", blocks.id(Block::MyPage)))
            .quick_reply(reply::main_menu(blocks))
            .build()?);
    };
    let filter = ListFilter::Seller(member.id, status);
    let page = state
        .products
        .list_for(
            Some(member.id),
            &filter,
            &ListOrder::default(),
            cursor(&payload),
        )
        .await?;
    let back = QuickReply::block("판매내역", blocks.id(Block::MyProducts));
    page_reply(
        &state,
        &page,
        &format!("{} 상태인 상품이 없습니다.", status.label()),
        |next| more(&state, Block::MyProducts, next).extra("status", status.code()),
        vec![back],
        true,
    )
}

/// The label of the quick reply that moves a listing from `from` to `to`.
fn action_label(from: ProductStatus, to: ProductStatus) -> &'static str {
    match (from, to) {
        (ProductStatus::Reserved, ProductStatus::OnSale) => "예약취소",
        (ProductStatus::Hidden, ProductStatus::OnSale) => "판매재개",
        (_, ProductStatus::Reserved) => "예약중으로",
        (_, ProductStatus::Hidden) => "숨기기",
        (_, ProductStatus::Sold) => "판매완료",
        (_, ProductStatus::Deleted) => "삭제",
        (_, other) => other.label(),
    }
}

pub(crate) async fn detail(state: State, payload: Payload) -> SkillResult {
    let Some(id) = payload.extra_i64("product_id") else {
        return Err(SkillError::Refused("찾을 수 없는 상품입니다.".into()));
    };
    let viewer = match payload.user_id() {
        Some(user) => state.members.find_member(user).await?,
        None => None,
    };
    let view = state
        .products
        .detail(viewer.as_ref().map(|m| m.id), ProductId(id))
        .await?;
    let product = &view.product;
    let likes = state
        .likes
        .summary(viewer.as_ref().map(|m| m.id), product.id)
        .await?;
    let blocks = &state.blocks;
    let draft = &product.draft;
    let date = product.created_at.with_timezone(&KST).format("%Y-%m-%d");
    let title = if product.status == ProductStatus::OnSale {
        fit(draft.name.as_str(), 50)
    } else {
        fit(
            &format!("[{}] {}", product.status.label(), draft.name.as_str()),
            50,
        )
    };
    let viewer_id = viewer.as_ref().map(|m| m.id);
    let blocked_seller = !view.is_owner
        && state
            .member_blocks
            .has_blocked(viewer_id, product.seller.id)
            .await?;
    let actions = buyer_actions(&state, viewer.as_ref(), &view).await?;
    let agreed = actions
        .agreed_price
        .map(|(price, until)| {
            format!(
                "제안가격: {}원 (수락됨, {}까지 결제)\n",
                junggye_products::format_won(price),
                until.with_timezone(&KST).format("%m-%d %H:%M")
            )
        })
        .unwrap_or_default();
    let head = format!(
        "상품상태: {}\n카테고리: {}\n판매가격: {}원\n{agreed}거래 희망 장소: {}\n판매자: {} (매너온도 {})\n등록일자: {date}\n찜: {}\n\n",
        product.status.label(),
        draft.category.label(),
        draft.price.formatted(),
        draft.location.as_str(),
        product.seller.nickname,
        product.seller.manner,
        likes.count,
    );
    let cautions: String =
        junggye_products::cautions(draft.name.as_str(), draft.description.as_str())
            .iter()
            .map(|c| format!("{}\n", c.message()))
            .collect();
    let head = if cautions.is_empty() {
        head
    } else {
        format!("{head}{cautions}\n")
    };
    let head = if product.under_review {
        format!(
            "{head}⚠ 신고가 접수되어 관리자가 검토 중입니다. 검토가 끝날 때까지 다른 회원에게 보이지 않습니다.\n\n"
        )
    } else if blocked_seller {
        format!("{head}차단한 회원의 상품입니다.\n\n")
    } else {
        head
    };
    // Title and description share 400 characters; the description of the listing gives way.
    let room = 400usize.saturating_sub(title.chars().count() + head.chars().count());
    let mut details = TextCard::new()
        .title(title)
        .description(format!("{head}{}", fit(draft.description.as_str(), room)));
    if !view.is_owner && product.status != ProductStatus::Sold {
        // Reserved listings keep the chat link (the buyer may still ask) but never get a pay
        // button.
        details = details.button(Button::web_link(
            "오픈채팅 문의",
            draft.open_chat_url.as_str(),
        ));
    }
    if let Some(url) = actions.pay_url {
        details = details.button(Button::web_link("카카오페이 결제", url));
    }
    if actions.may_offer {
        details = details.button(
            Button::block("가격 제안", blocks.id(Block::OfferMake))
                .extra("product_id", product.id.0),
        );
    }
    let mut builder = SkillResponse::builder();
    if !product.photos.is_empty() {
        let cards = product.photos.iter().take(10).map(|key| {
            // Kakao's share button (contract §10) sits on the photos: the details card's
            // three buttons are taken by chat, pay and offer.
            BasicCard::new(Thumbnail::new(photo_url(&state, key)).fixed_ratio(true))
                .button(Button::share("공유하기"))
        });
        builder = builder.output(Carousel::basic_cards(cards));
    }
    builder = builder.output(details);
    for to in &view.owner_actions {
        builder = builder.quick_reply(
            QuickReply::block(
                action_label(product.status, *to),
                blocks.id(Block::ProductStatus),
            )
            .extra("product_id", product.id.0)
            .extra("status", to.code()),
        );
    }
    if !view.is_owner {
        // Quick replies, not card buttons: a card holds three, the chat, pay and offer ones.
        let label = if likes.liked {
            "찜 취소"
        } else {
            "찜하기"
        };
        builder = builder
            .quick_reply(
                QuickReply::block(label, blocks.id(Block::LikeToggle))
                    .extra("product_id", product.id.0),
            )
            .quick_reply(
                QuickReply::block("판매자 프로필", blocks.id(Block::PublicProfile))
                    .extra("member_id", product.seller.id.0),
            )
            .quick_reply(super::safety::report_button(
                blocks,
                ReportTarget::Product(product.id),
            ));
    }
    if view.may_bump {
        builder = builder.quick_reply(
            QuickReply::block("끌올", blocks.id(Block::ProductBump))
                .extra("product_id", product.id.0),
        );
    }
    if view.may_edit {
        builder = builder.quick_reply(
            QuickReply::block("수정하기", blocks.id(Block::ProductEdit))
                .extra("product_id", product.id.0),
        );
    }
    if view.is_owner {
        builder = builder.quick_reply(
            QuickReply::block("판매내역", blocks.id(Block::MyProducts))
                .extra("status", product.status.code()),
        );
    } else {
        builder = builder.quick_reply(QuickReply::block(
            "최신상품",
            blocks.id(Block::ProductsLatest),
        ));
    }
    Ok(builder.quick_reply(reply::main_menu(blocks)).build()?)
}

/// What the viewer may do with someone else's listing: the signed pay link when they may
/// buy it now (the domain's `may_buy`: not the owner, on sale, or reserved for them by an
/// accepted offer, at the agreed price), and whether they may offer a price (on sale, not
/// theirs). Guests and suspended members get neither.
async fn buyer_actions(
    state: &SkillState,
    viewer: Option<&junggye_members::Member>,
    view: &junggye_products::ProductView,
) -> Result<BuyerActions, SkillError> {
    let Some(buyer) = viewer.and_then(|v| v.clone().into_active().ok()) else {
        return Ok(BuyerActions::default());
    };
    let product = &view.product;
    // Either side of a block: no pay and no offer button (the use cases refuse them too).
    if !view.is_owner
        && state
            .member_blocks
            .either_way(buyer.id(), product.seller.id)
            .await?
    {
        return Ok(BuyerActions::default());
    }
    let reservation = if product.status == ProductStatus::Reserved {
        state.offers.reservation(product.id).await?
    } else {
        None
    };
    let reserved_for = reservation.map(|r| r.buyer);
    let pay_url =
        if junggye_products::may_buy(product.status, product.seller.id, buyer.id(), reserved_for)
            .is_ok()
        {
            Some(state.pay_links.url(buyer.id(), product.id)?)
        } else {
            None
        };
    Ok(BuyerActions {
        pay_url,
        agreed_price: reservation
            .filter(|r| r.buyer == buyer.id())
            .map(|r| (r.price.0, r.expires_at)),
        may_offer: junggye_products::may_buy(product.status, product.seller.id, buyer.id(), None)
            .is_ok(),
    })
}

#[derive(Default)]
struct BuyerActions {
    pay_url: Option<String>,
    /// The accepted offer's price and end, for the buyer the listing is reserved for.
    agreed_price: Option<(i64, chrono::DateTime<chrono::Utc>)>,
    may_offer: bool,
}

pub(crate) async fn change_status(state: State, payload: Payload) -> SkillResult {
    if let Some(buyer) = payload.extra_i64("buyer_id") {
        return super::reviews::name_buyer(state, payload, buyer).await;
    }
    let member = active_member_of(&state, &payload).await?;
    let (Some(id), Some(to)) = (
        payload.extra_i64("product_id"),
        payload
            .extra_str("status")
            .as_deref()
            .and_then(ProductStatus::from_code),
    ) else {
        return Err(SkillError::Refused(
            "변경할 상품과 상태를 다시 선택해주세요.".into(),
        ));
    };
    let product = state
        .products
        .change_status(&member, ProductId(id), to)
        .await?;
    let blocks = &state.blocks;
    let mut builder = SkillResponse::builder().output(SimpleText::new(format!(
        "'{}' 상품을 {} 상태로 변경했습니다.",
        product.draft.name.as_str(),
        product.status.label()
    )));
    if let Some((question, candidates)) =
        super::reviews::buyer_question(&state, &member, &product).await?
    {
        builder = builder.output(question).quick_replies(candidates);
    }
    if product.status != ProductStatus::Deleted {
        builder = builder.quick_reply(
            QuickReply::block("상품 보기", blocks.id(Block::ProductDetail))
                .extra("product_id", product.id.0),
        );
    }
    Ok(builder
        .quick_reply(QuickReply::block("판매내역", blocks.id(Block::MyProducts)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
