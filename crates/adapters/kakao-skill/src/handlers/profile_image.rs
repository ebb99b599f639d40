//! `/skill/members/profile-image`: replaces the member's profile picture.

use junggye_kakao_protocol::{BasicCard, QuickReply, SkillResponse, Thumbnail};

use super::{Payload, State, active_member_of, photos};
use crate::blocks::Block;
use crate::dispatch::SkillResult;
use crate::error::SkillError;
use crate::reply;

pub(crate) async fn profile_image(state: State, payload: Payload) -> SkillResult {
    // Refuses a suspended member before anything is downloaded.
    let member = active_member_of(&state, &payload).await?;
    let images = photos::store_at_most(&state, payload.param("profile_image"), 1).await?;
    let Some(image) = images.first() else {
        return Err(SkillError::Unexpected(anyhow::anyhow!(
            "photo pipeline returned no image"
        )));
    };
    let previous = match state.members.set_profile_image(&member, &image.key).await {
        Ok(previous) => previous,
        Err(error) => {
            photos::discard(&state, &images).await;
            return Err(error.into());
        }
    };
    if let Some(old) = previous.filter(|old| *old != image.key)
        && let Err(error) = state.photos.store().delete(&old).await
    {
        // The member already shows the new picture; an orphaned old object only costs storage.
        tracing::warn!(key = %old, error = ?error, "could not delete the previous profile image");
    }
    let url = photos::public_url(&state, &image.key);
    let blocks = &state.blocks;
    Ok(SkillResponse::builder()
        .output(
            BasicCard::new(Thumbnail::new(url).alt_text("프로필 사진"))
                .title("프로필 사진을 변경했습니다."),
        )
        .quick_reply(QuickReply::block("프로필", blocks.id(Block::Profile)))
        .quick_reply(reply::main_menu(blocks))
        .build()?)
}
