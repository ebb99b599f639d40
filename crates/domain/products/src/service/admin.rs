//! Listing use cases of the admin API: any listing, any status, fields edited in place.

use junggye_domain_common::{Page, Paged};

use super::{ListingForm, ProductService};
use crate::error::{ProductError, ValidationError};
use crate::model::{ListingDraft, MemberId, Product, ProductId};
use crate::status::{Category, ProductStatus};
use crate::values::{Description, Keyword, Location, OpenChatUrl, Price, ProductName};

/// What the admin list narrows on; every set criterion must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminFilter {
    /// Exactly this status; `None` means every status but deleted.
    pub status: Option<ProductStatus>,
    pub category: Option<Category>,
    /// The name contains this keyword.
    pub keyword: Option<Keyword>,
    pub seller: Option<MemberId>,
}

/// Replaces `current` with the trimmed, validated value when one was given.
fn edit<T>(
    current: &mut T,
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<(), ValidationError> {
    if let Some(raw) = raw {
        *current = parse(raw.trim())?;
    }
    Ok(())
}

/// `current` with the fields `form` gives replaced, each checked as at registration. Shared
/// by the admin's and the owner's edit, so both hold listings to the sellers' rules.
pub(crate) fn apply_form(
    current: &ListingDraft,
    form: &ListingForm,
) -> Result<ListingDraft, ValidationError> {
    let mut draft = current.clone();
    edit(&mut draft.name, form.name.as_deref(), ProductName::parse)?;
    edit(&mut draft.price, form.price.as_deref(), Price::parse)?;
    edit(
        &mut draft.description,
        form.description.as_deref(),
        Description::parse,
    )?;
    edit(
        &mut draft.location,
        form.location.as_deref(),
        Location::parse,
    )?;
    edit(
        &mut draft.open_chat_url,
        form.open_chat_url.as_deref(),
        OpenChatUrl::parse,
    )?;
    edit(&mut draft.category, form.category.as_deref(), |raw| {
        Category::parse(raw)
            .ok_or_else(|| ValidationError::new("category", "알 수 없는 카테고리입니다."))
    })?;
    Ok(draft)
}

impl ProductService {
    /// One page of the admin list, newest first.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        self.repo.admin_list(filter, page).await
    }

    /// Any listing, deleted ones included (admins audit them).
    ///
    /// # Errors
    /// [`ProductError::NotFound`] when no such listing was ever stored.
    pub async fn admin_get(&self, id: ProductId) -> Result<Product, ProductError> {
        self.repo.find(id).await?.ok_or(ProductError::NotFound)
    }

    /// An admin moves a listing to `to` ([`ProductStatus::admin_may_change_to`]).
    ///
    /// # Errors
    /// [`ProductError::Invalid`] for `pending` (only orders set it), [`ProductError::NotFound`],
    /// [`ProductError::InvalidTransition`], [`ProductError::Conflict`] when a concurrent change
    /// won.
    pub async fn admin_change_status(
        &self,
        id: ProductId,
        to: ProductStatus,
    ) -> Result<Product, ProductError> {
        if to == ProductStatus::Pending {
            return Err(ValidationError::new(
                "status",
                "판매대기(pending)는 주문으로만 설정됩니다.",
            )
            .into());
        }
        let product = self.admin_get(id).await?;
        if !product.status.admin_may_change_to(to) {
            return Err(ProductError::InvalidTransition {
                from: product.status,
                to,
            });
        }
        let changed = self.repo.change_status(id, product.version, to).await?;
        self.changed(&product, &changed);
        Ok(changed)
    }

    /// Corrects the fields given in `form` (absent ones stay), with the sellers' rules.
    ///
    /// # Errors
    /// [`ProductError::Invalid`] naming a bad field, [`ProductError::NotFound`] for a missing
    /// or deleted listing, [`ProductError::Conflict`] when a concurrent change won.
    pub async fn admin_edit(
        &self,
        id: ProductId,
        form: &ListingForm,
    ) -> Result<Product, ProductError> {
        let product = self.admin_get(id).await?;
        if product.status == ProductStatus::Deleted {
            return Err(ProductError::NotFound);
        }
        let draft = apply_form(&product.draft, form)?;
        if draft == product.draft {
            return Ok(product);
        }
        let edited = self.repo.update_fields(id, product.version, &draft).await?;
        self.changed(&product, &edited);
        Ok(edited)
    }

    /// Soft-deletes a listing (its photos are queued for removal).
    ///
    /// # Errors
    /// [`ProductError::NotFound`] for a missing or already deleted listing,
    /// [`ProductError::InvalidTransition`] while an order holds it (pending).
    pub async fn admin_delete(&self, id: ProductId) -> Result<(), ProductError> {
        let product = self.admin_get(id).await?;
        if product.status == ProductStatus::Deleted {
            return Err(ProductError::NotFound);
        }
        if !product.status.admin_may_change_to(ProductStatus::Deleted) {
            return Err(ProductError::InvalidTransition {
                from: product.status,
                to: ProductStatus::Deleted,
            });
        }
        self.repo
            .change_status(id, product.version, ProductStatus::Deleted)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests;
