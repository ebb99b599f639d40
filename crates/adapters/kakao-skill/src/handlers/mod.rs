//! The skills, mounted under `/skill`.

pub(crate) mod alerts;
mod browse;
pub(crate) mod deals;
pub(crate) mod home;
pub(crate) mod likes;
pub(crate) mod members;
pub(crate) mod notices;
pub(crate) mod notifications;
pub(crate) mod offers;
pub(crate) mod order_actions;
pub(crate) mod orders;
pub(crate) mod photos;
pub(crate) mod product_care;
pub(crate) mod product_register;
pub(crate) mod products;
pub(crate) mod profile_image;
pub(crate) mod public_profile;
pub(crate) mod reviews;
pub(crate) mod safety;
mod validate;

use std::sync::Arc;

use actix_web::middleware::from_fn;
use actix_web::web;
use junggye_kakao_protocol::SkillPayload;
use junggye_members::{ActiveMember, Member};

use crate::blocks::Block;
use crate::dispatch::run_skill;
use crate::error::SkillError;
use crate::log_queue;
use crate::state::SkillState;

pub(crate) fn configure(cfg: &mut web::ServiceConfig, state: web::Data<SkillState>) {
    let mut scope = web::scope("/skill")
        .app_data(state)
        .wrap(from_fn(log_queue::record));
    for block in Block::ALL {
        let (route, skill) = (block.route(), block.skill());
        let path = route.strip_prefix("/skill").unwrap_or(route);
        scope = scope.route(
            path,
            web::post().to(move |call, state| run_skill(route, skill, call, state)),
        );
    }
    // Not a block: Open Builder calls these while it fills a slot (the scenario names the field
    // in a slot's `validate`), so they have no entry in the skill table.
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
