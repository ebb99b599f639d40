//! The skills, mounted under `/skill`.

pub(crate) mod deals;
mod home;
mod members;
mod notices;
mod order_actions;
mod orders;
pub(crate) mod photos;
mod product_register;
mod products;
mod profile_image;
mod validate;

use std::sync::Arc;

use actix_web::middleware::from_fn;
use actix_web::web;
use junggye_kakao_protocol::SkillPayload;
use junggye_members::{ActiveMember, Member};

use crate::blocks::Block;
use crate::dispatch::{SkillFn, run_skill};
use crate::error::SkillError;
use crate::log_queue;
use crate::state::SkillState;

/// Every skill route and its handler.
const SKILLS: &[(Block, SkillFn)] = &[
    (Block::Home, |s, p| Box::pin(home::home(s, p))),
    (Block::MemberJoin, |s, p| Box::pin(members::join(s, p))),
    (Block::MyPage, |s, p| Box::pin(members::my_page(s, p))),
    (Block::Profile, |s, p| Box::pin(members::profile(s, p))),
    (Block::ChangePhone, |s, p| {
        Box::pin(members::change_phone(s, p))
    }),
    (Block::Withdraw, |s, p| Box::pin(members::withdraw(s, p))),
    (Block::HotDeals, |s, p| Box::pin(deals::deals(s, p))),
    (Block::ProfileImage, |s, p| {
        Box::pin(profile_image::profile_image(s, p))
    }),
    (Block::Notices, |s, p| Box::pin(notices::list(s, p))),
    (Block::NoticeDetail, |s, p| Box::pin(notices::detail(s, p))),
    (Block::ProductCategories, |s, p| {
        Box::pin(product_register::categories(s, p))
    }),
    (Block::ProductPreview, |s, p| {
        Box::pin(product_register::preview(s, p))
    }),
    (Block::ProductRegister, |s, p| {
        Box::pin(product_register::register(s, p))
    }),
    (Block::ProductsLatest, |s, p| {
        Box::pin(products::latest(s, p))
    }),
    (Block::ProductsByCategory, |s, p| {
        Box::pin(products::by_category(s, p))
    }),
    (Block::ProductSearch, |s, p| {
        Box::pin(products::search(s, p))
    }),
    (Block::ProductDetail, |s, p| {
        Box::pin(products::detail(s, p))
    }),
    (Block::ProductStatus, |s, p| {
        Box::pin(products::change_status(s, p))
    }),
    (Block::MyProducts, |s, p| Box::pin(products::mine(s, p))),
    (Block::Purchases, |s, p| Box::pin(orders::purchases(s, p))),
    (Block::PurchaseDetail, |s, p| {
        Box::pin(orders::purchase(s, p))
    }),
    (Block::Sales, |s, p| Box::pin(orders::sales(s, p))),
    (Block::SaleDetail, |s, p| Box::pin(orders::sale(s, p))),
    (Block::TrackingNumber, |s, p| {
        Box::pin(order_actions::tracking_number(s, p))
    }),
    (Block::ConfirmPurchase, |s, p| {
        Box::pin(order_actions::confirm_purchase(s, p))
    }),
    (Block::ConfirmSale, |s, p| {
        Box::pin(order_actions::confirm_sale(s, p))
    }),
    (Block::CancelOrder, |s, p| {
        Box::pin(order_actions::cancel(s, p))
    }),
];

pub(crate) fn configure(cfg: &mut web::ServiceConfig, state: web::Data<SkillState>) {
    let mut scope = web::scope("/skill")
        .app_data(state)
        .wrap(from_fn(log_queue::record));
    for &(block, skill) in SKILLS {
        let route = block.route();
        let path = route.strip_prefix("/skill").unwrap_or(route);
        scope = scope.route(
            path,
            web::post().to(move |call, state| run_skill(route, skill, call, state)),
        );
    }
    cfg.service(scope.route("/validate/{field}", web::post().to(validate::validate)));
}

/// The member making the call, or the reason they cannot act as one.
pub(crate) async fn member_of(
    state: &SkillState,
    payload: &SkillPayload,
) -> Result<Member, SkillError> {
    let user = payload.user_id().ok_or(SkillError::NoUser)?;
    state
        .members
        .find_member(user)
        .await?
        .ok_or(SkillError::NotMember)
}

/// The member making the call as one who may write; suspended and withdrawn members are
/// refused here, before any use case runs.
pub(crate) async fn active_member_of(
    state: &SkillState,
    payload: &SkillPayload,
) -> Result<ActiveMember, SkillError> {
    Ok(member_of(state, payload).await?.into_active()?)
}

pub(crate) type State = Arc<SkillState>;
pub(crate) type Payload = Arc<SkillPayload>;
