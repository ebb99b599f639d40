//! The owner's care of a listing: editing it and bumping it (끌올).

use chrono::{DateTime, Duration, Utc};
use junggye_members::ActiveMember;

use super::{ListingForm, MAX_PHOTOS, ProductService, apply_form};
use crate::error::{ProductError, ValidationError};
use crate::model::{ListingPhoto, Product, ProductId};
use crate::ports::ListingEdit;

/// `products.bump_cooldown_hours` when the configuration says nothing.
pub const DEFAULT_BUMP_COOLDOWN: Duration = Duration::hours(24);

/// An owner's edit: the fields given (absent ones stay) and, when set, photos replacing the
/// current ones, already stored by the photo pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditRequest {
    pub form: ListingForm,
    pub photos: Option<Vec<ListingPhoto>>,
}

/// When the next bump may happen: at once for a listing never bumped.
#[must_use]
pub fn next_bump_at(last: Option<DateTime<Utc>>, cooldown: Duration) -> Option<DateTime<Utc>> {
    last.map(|at| at + cooldown)
}

impl ProductService {
    /// `products.bump_cooldown_hours`, for replies that say when the next bump is allowed.
    #[must_use]
    pub fn bump_cooldown(&self) -> Duration {
        self.bump_cooldown
    }

    /// The listing `actor` may edit with `form`'s fields (checked, not stored): the checks of
    /// [`ProductService::edit`] short of the photos and of there being a change, so a caller
    /// can refuse before downloading photos.
    ///
    /// # Errors
    /// As [`ProductService::edit`].
    pub async fn editable(
        &self,
        actor: &ActiveMember,
        id: ProductId,
        form: &ListingForm,
    ) -> Result<Product, ProductError> {
        let product = self.owned(actor, id).await?;
        if !product.status.owner_may_edit() {
            return Err(ProductError::NotEditable(product.status));
        }
        apply_form(&product.draft, form)?;
        Ok(product)
    }

    /// The owner edits a listing's fields and photos with registration's checks. A lower price
    /// tells the likers (`liked_changed`, through the observer).
    ///
    /// # Errors
    /// [`ProductError::NotFound`] / [`ProductError::NotOwner`] as for a status change,
    /// [`ProductError::NotEditable`] while pending, sold or deleted,
    /// [`ProductError::Invalid`] naming a bad field, no change, or a wrong number of photos,
    /// [`ProductError::Conflict`] when a concurrent change won.
    pub async fn edit(
        &self,
        actor: &ActiveMember,
        id: ProductId,
        request: EditRequest,
    ) -> Result<Product, ProductError> {
        let product = self.editable(actor, id, &request.form).await?;
        let draft = apply_form(&product.draft, &request.form)?;
        if let Some(photos) = &request.photos
            && (photos.is_empty() || photos.len() > MAX_PHOTOS)
        {
            return Err(ValidationError::new(
                "images",
                format!("상품 사진은 1~{MAX_PHOTOS}장으로 올려주세요."),
            )
            .into());
        }
        if draft == product.draft && request.photos.is_none() {
            return Err(ValidationError::new(
                "form",
                "수정할 내용을 입력해주세요. (상품명, 가격, 설명, 장소, 오픈채팅, 사진)",
            )
            .into());
        }
        let edited = self
            .repo
            .edit(
                id,
                product.version,
                &ListingEdit {
                    draft,
                    photos: request.photos,
                    at: self.clock.now(),
                },
            )
            .await?;
        self.changed(&product, &edited);
        Ok(edited)
    }

    /// The owner moves an on-sale listing to the top of the newest-first lists: the first bump
    /// at once, each later one a cooldown after the last.
    ///
    /// # Errors
    /// [`ProductError::NotFound`] / [`ProductError::NotOwner`] as for a status change,
    /// [`ProductError::NotBumpable`] unless on sale, [`ProductError::BumpTooSoon`] with the
    /// time the next bump is allowed, [`ProductError::Conflict`] when a concurrent change won.
    pub async fn bump(&self, actor: &ActiveMember, id: ProductId) -> Result<Product, ProductError> {
        let product = self.owned(actor, id).await?;
        if !product.status.owner_may_bump() {
            return Err(ProductError::NotBumpable(product.status));
        }
        let now = self.clock.now();
        if let Some(next_at) = next_bump_at(product.bumped_at, self.bump_cooldown)
            && now < next_at
        {
            return Err(ProductError::BumpTooSoon { next_at });
        }
        self.repo.bump(id, product.version, now).await
    }
}
