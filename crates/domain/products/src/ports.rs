//! What the products domain needs from storage.

use async_trait::async_trait;
use junggye_domain_common::{Page, Paged};

use crate::error::ProductError;
use chrono::{DateTime, Utc};

use crate::model::{
    Cursor, ListFilter, ListingDraft, ListingPhoto, NewProduct, Product, ProductId, Visibility,
};
use crate::service::AdminFilter;
use crate::sorting::ListOrder;
use crate::status::ProductStatus;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ProductRepository: Send + Sync {
    /// Stores a listing as on sale with its photos (and its search index) in one transaction.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure (nothing is stored then).
    async fn create(&self, product: &NewProduct) -> Result<Product, ProductError>;

    /// The listing with this id, whatever its status.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn find(&self, id: ProductId) -> Result<Option<Product>, ProductError>;

    /// Up to `limit` listings matching `filter` within `order.price`, in the order
    /// [`crate::SortKey::of`]`(filter, order.sort)` names, strictly after `before` in that
    /// order (from the start when `None`). Seller lists ignore `order`. Search matches the
    /// keyword anywhere in the name, `%` and `_` literally.
    /// `visibility` leaves out listings under review (unless it includes them) and the
    /// listings of its hidden sellers.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn list(
        &self,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<Vec<Product>, ProductError>;

    /// Moves the listing to `to` if it is still at `version` (and bumps the version). Moving to
    /// deleted also stamps `deleted_at` and marks the photos for removal from the image store.
    ///
    /// # Errors
    /// MUST return [`ProductError::Conflict`] when the version no longer matches (another change
    /// won), [`ProductError::NotFound`] when the listing does not exist.
    async fn change_status(
        &self,
        id: ProductId,
        version: i32,
        to: ProductStatus,
    ) -> Result<Product, ProductError>;

    /// The admin list: listings matching every set criterion of `filter`, newest first, one
    /// offset page. Without a status filter, deleted listings are left out.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError>;

    /// Replaces the fields of a listing still at `version` (bumps the version and re-indexes
    /// the name for search).
    ///
    /// # Errors
    /// MUST return [`ProductError::Conflict`] when the version no longer matches,
    /// [`ProductError::NotFound`] when the listing does not exist.
    async fn update_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
    ) -> Result<Product, ProductError>;

    /// The owner's edit of a listing still at `version`: replaces its fields, and its photos
    /// when `edit.photos` is set (the old ones are marked for removal from the image store);
    /// restarts the stale-reminder clock at `edit.at`; bumps the version and re-indexes the
    /// name, in one transaction.
    ///
    /// # Errors
    /// MUST return [`ProductError::Conflict`] when the version no longer matches,
    /// [`ProductError::NotFound`] when the listing does not exist.
    async fn edit(
        &self,
        id: ProductId,
        version: i32,
        edit: &ListingEdit,
    ) -> Result<Product, ProductError>;

    /// Moves a listing still at `version` to the top of the newest-first lists: its listing
    /// time, last bump and stale-reminder clock become `at`; bumps the version.
    ///
    /// # Errors
    /// MUST return [`ProductError::Conflict`] when the version no longer matches,
    /// [`ProductError::NotFound`] when the listing does not exist.
    async fn bump(
        &self,
        id: ProductId,
        version: i32,
        at: DateTime<Utc>,
    ) -> Result<Product, ProductError>;
}

/// An owner's edit, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingEdit {
    pub draft: ListingDraft,
    /// New photos in display order, already stored; `None` keeps the current ones.
    pub photos: Option<Vec<ListingPhoto>>,
    pub at: DateTime<Utc>,
}
