//! Photos from the secure-image plugin, for any skill that takes them (listing registration,
//! profile image).
//!
//! The plugin value is parsed here, in the adapter, so the domain only ever sees URLs.

use junggye_kakao_protocol::{SecureImageError, parse_secure_images};
use junggye_products::images::{ImageError, PhotoPipeline, StoredImage};

use crate::error::SkillError;
use crate::state::SkillState;

/// Asked when the parameter is missing or holds no photo.
const NO_PHOTO: &str = "사진을 찾을 수 없습니다.\n사진을 다시 올려주세요.";
/// Asked when the user declined Kakao's privacy terms for the upload.
const PRIVACY_DECLINED: &str =
    "개인정보 수집·이용에 동의하셔야 사진을 올릴 수 있습니다.\n다시 시도해주세요.";

impl From<ImageError> for SkillError {
    fn from(err: ImageError) -> Self {
        match err.user_message() {
            Some(message) => Self::Refused(message),
            None => Self::Unexpected(anyhow::Error::new(err)),
        }
    }
}

/// Downloads and stores every photo of a secure-image parameter value (at most
/// [`PhotoPipeline::MAX_PHOTOS`]), all or nothing. Call it as
/// `photos::store_from_param(&state, payload.param("images")).await?`.
///
/// # Errors
/// [`SkillError::Refused`] with a Korean reason (no photo, privacy declined, too many photos,
/// which photo was refused and why); [`SkillError::Unexpected`] when the store fails or no
/// pipeline is configured. On error nothing is left in the store.
pub(crate) async fn store_from_param(
    state: &SkillState,
    raw: Option<String>,
) -> Result<Vec<StoredImage>, SkillError> {
    store_at_most(state, raw, PhotoPipeline::MAX_PHOTOS).await
}

/// [`store_from_param`] with a smaller limit (1 for a profile image).
///
/// # Errors
/// As [`store_from_param`].
pub(crate) async fn store_at_most(
    state: &SkillState,
    raw: Option<String>,
    max: usize,
) -> Result<Vec<StoredImage>, SkillError> {
    let raw = raw.filter(|r| !r.trim().is_empty()).ok_or_else(no_photo)?;
    let images = parse_secure_images(&raw).map_err(|err| match err {
        SecureImageError::PrivacyNotAgreed => SkillError::Refused(PRIVACY_DECLINED.into()),
        SecureImageError::NotJson | SecureImageError::NoUrls => no_photo(),
    })?;
    Ok(state.photos.store_all(&images.urls, max).await?)
}

/// Deletes photos stored by [`store_from_param`] that the caller could not use (e.g. saving the
/// listing failed afterwards). Best effort; never fails.
pub(crate) async fn discard(state: &SkillState, images: &[StoredImage]) {
    state.photos.discard(images).await;
}

/// The URL Kakao loads a stored image from.
pub(crate) fn public_url(state: &SkillState, key: &str) -> String {
    state.photos.public_url(key)
}

fn no_photo() -> SkillError {
    SkillError::Refused(NO_PHOTO.into())
}
