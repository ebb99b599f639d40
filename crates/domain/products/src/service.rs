//! Listing use cases, driven by the Kakao skill adapter (and later the admin API).

use std::sync::Arc;

use junggye_domain_common::Clock;
use junggye_members::ActiveMember;
use junggye_members::blocks::{BlockRepository, NoBlocks};

use crate::error::{ProductError, ValidationError};
use crate::model::{
    Cursor, ListFilter, ListingDraft, ListingPhoto, MemberId, NewProduct, Product, ProductId,
    ProductPage, Visibility,
};
use crate::observer::{ListingObserver, NoObserver};
use crate::ports::ProductRepository;
use crate::sorting::{ListOrder, SortKey};
use crate::status::{Category, ProductStatus};
use crate::values::{Description, Keyword, Location, OpenChatUrl, Price, ProductName};

/// Listings per page: a carousel holds at most 10 cards.
pub const PAGE_SIZE: u32 = 10;
pub const MAX_PHOTOS: usize = 10;

/// A listing as typed by the seller: raw strings, validated here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingForm {
    /// The name slot.
    pub name: Option<String>,
    /// The price slot.
    pub price: Option<String>,
    /// The description slot.
    pub description: Option<String>,
    /// The location slot.
    pub location: Option<String>,
    /// The open-chat URL slot.
    pub open_chat_url: Option<String>,
    /// Category code or label.
    pub category: Option<String>,
}

/// A registration: the form plus photos the image pipeline already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRequest {
    pub form: ListingForm,
    /// Stored photos, in display order.
    pub photos: Vec<ListingPhoto>,
}

/// A listing as one viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductView {
    pub product: Product,
    pub is_owner: bool,
    /// Statuses the viewer may move it to (empty for non-owners).
    pub owner_actions: Vec<ProductStatus>,
    /// The viewer owns it and may edit it now.
    pub may_edit: bool,
    /// The viewer owns it and it may be bumped (on sale; the cooldown is checked on bumping).
    pub may_bump: bool,
}

pub struct ProductService {
    repo: Arc<dyn ProductRepository>,
    clock: Arc<dyn Clock>,
    observer: Arc<dyn ListingObserver>,
    blocks: Arc<dyn BlockRepository>,
    /// `products.bump_cooldown_hours`.
    bump_cooldown: chrono::Duration,
}

fn required<T>(
    raw: Option<&str>,
    field: &'static str,
    missing: &str,
    parse: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, ValidationError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(value) => parse(value),
        None => Err(ValidationError::new(field, missing)),
    }
}

impl ProductService {
    pub fn new(repo: Arc<dyn ProductRepository>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            observer: Arc::new(NoObserver),
            blocks: Arc::new(NoBlocks),
            bump_cooldown: care::DEFAULT_BUMP_COOLDOWN,
        }
    }

    /// Leaves the listings of members a viewer blocked out of that viewer's lists.
    #[must_use]
    pub fn with_blocks(mut self, blocks: Arc<dyn BlockRepository>) -> Self {
        self.blocks = blocks;
        self
    }

    /// What `viewer`'s page of `filter` leaves out: listings under review except in the
    /// owner's own list, and the listings of the members the viewer blocked.
    async fn visibility(
        &self,
        viewer: Option<MemberId>,
        filter: &ListFilter,
    ) -> Result<Visibility, ProductError> {
        let hidden_sellers = match viewer {
            Some(viewer) => self
                .blocks
                .blocked_by(viewer)
                .await
                .map_err(|e| ProductError::Unexpected(e.into()))?,
            None => Vec::new(),
        };
        Ok(Visibility {
            include_under_review: matches!(filter, ListFilter::Seller(seller, _) if Some(*seller) == viewer),
            hidden_sellers,
        })
    }

    /// The time between two bumps of one listing (`products.bump_cooldown_hours`).
    #[must_use]
    pub fn with_bump_cooldown(mut self, cooldown: chrono::Duration) -> Self {
        self.bump_cooldown = cooldown;
        self
    }

    /// Tells `observer` of every stored registration, status change and price change (keyword
    /// alerts, likers).
    #[must_use]
    pub fn with_observer(mut self, observer: Arc<dyn ListingObserver>) -> Self {
        self.observer = observer;
        self
    }

    /// Tells the observer what a stored change did to the listing: a status move and a price
    /// change each, when there was one.
    pub(crate) fn changed(&self, before: &Product, after: &Product) {
        if before.status != after.status {
            self.observer.status_changed(after, before.status);
        }
        if before.draft.price != after.draft.price {
            self.observer.price_changed(after, before.draft.price);
        }
    }

    /// Checks every field of a form, in the order the bot asks for them.
    ///
    /// # Errors
    /// [`ProductError::Invalid`] naming the first bad or missing field.
    pub fn validate(&self, form: &ListingForm) -> Result<ListingDraft, ProductError> {
        Ok(ListingDraft {
            category: required(
                form.category.as_deref(),
                "category",
                "카테고리를 선택해주세요.",
                |raw| {
                    Category::parse(raw).ok_or_else(|| {
                        ValidationError::new("category", "알 수 없는 카테고리입니다.")
                    })
                },
            )?,
            name: required(
                form.name.as_deref(),
                "name",
                "상품명을 입력해주세요.",
                ProductName::parse,
            )?,
            price: required(
                form.price.as_deref(),
                "price",
                "가격을 입력해주세요.",
                Price::parse,
            )?,
            description: required(
                form.description.as_deref(),
                "description",
                "상품 설명을 입력해주세요.",
                Description::parse,
            )?,
            location: required(
                form.location.as_deref(),
                "location",
                "거래 희망 장소를 입력해주세요.",
                Location::parse,
            )?,
            open_chat_url: required(
                form.open_chat_url.as_deref(),
                "open_chat_url",
                "카카오 오픈채팅 주소를 입력해주세요.",
                OpenChatUrl::parse,
            )?,
        })
    }

    /// Stores a listing as on sale.
    ///
    /// # Errors
    /// [`ProductError::Invalid`] for a bad field or too many photos.
    pub async fn register(
        &self,
        seller: &ActiveMember,
        request: RegisterRequest,
    ) -> Result<Product, ProductError> {
        let draft = self.validate(&request.form)?;
        if request.photos.len() > MAX_PHOTOS {
            return Err(ValidationError::new(
                "images",
                format!("상품 사진은 최대 {MAX_PHOTOS}장까지 등록할 수 있습니다."),
            )
            .into());
        }
        let product = self
            .repo
            .create(&NewProduct {
                seller: seller.id(),
                draft,
                photos: request.photos,
                created_at: self.clock.now(),
            })
            .await?;
        self.observer.listed(&product);
        Ok(product)
    }

    /// One page of a list as a guest sees it, in `order` (seller lists: newest first
    /// whatever `order` says).
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn list(
        &self,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
    ) -> Result<ProductPage, ProductError> {
        self.list_for(None, filter, order, before).await
    }

    /// One page of a list as `viewer` may see it, in `order`: without listings under review
    /// (but in their owner's own list) and without those of members the viewer blocked.
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn list_for(
        &self,
        viewer: Option<MemberId>,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
    ) -> Result<ProductPage, ProductError> {
        let order = match filter {
            ListFilter::Seller(..) => ListOrder::default(),
            _ => *order,
        };
        let visibility = self.visibility(viewer, filter).await?;
        let mut items = self
            .repo
            .list(filter, &order, before, PAGE_SIZE + 1, &visibility)
            .await?;
        let more = items.len() > PAGE_SIZE as usize;
        items.truncate(PAGE_SIZE as usize);
        let key = SortKey::of(filter, order.sort);
        let next = if more {
            items.last().map(|p| Cursor::after(p, key))
        } else {
            None
        };
        Ok(ProductPage { items, next })
    }

    /// A keyword search page.
    ///
    /// # Errors
    /// [`ProductError::Invalid`] for a blank or overlong keyword.
    pub async fn search(
        &self,
        keyword: &str,
        order: &ListOrder,
        before: Option<Cursor>,
    ) -> Result<ProductPage, ProductError> {
        self.search_for(None, keyword, order, before).await
    }

    /// A keyword search page as `viewer` may see it ([`Self::list_for`]).
    ///
    /// # Errors
    /// [`ProductError::Invalid`] for a blank or overlong keyword.
    pub async fn search_for(
        &self,
        viewer: Option<MemberId>,
        keyword: &str,
        order: &ListOrder,
        before: Option<Cursor>,
    ) -> Result<ProductPage, ProductError> {
        let keyword = Keyword::parse(keyword)?;
        self.list_for(viewer, &ListFilter::Search(keyword), order, before)
            .await
    }

    /// A listing as `viewer` (a member id, or `None` for a guest) may see it.
    ///
    /// # Errors
    /// [`ProductError::NotFound`] when missing, deleted, or hidden from a non-owner.
    pub async fn detail(
        &self,
        viewer: Option<MemberId>,
        id: ProductId,
    ) -> Result<ProductView, ProductError> {
        let product = self.repo.find(id).await?.ok_or(ProductError::NotFound)?;
        let is_owner = product.is_owned_by(viewer);
        // Deleted is gone for everyone, owner included: it "removes the listing everywhere".
        // Under review, it waits for an admin out of everyone's sight but its owner's.
        if product.status == ProductStatus::Deleted
            || (!is_owner && (!product.status.visible_to_others() || product.under_review))
        {
            return Err(ProductError::NotFound);
        }
        let owner_actions = if is_owner {
            product.status.owner_targets()
        } else {
            Vec::new()
        };
        Ok(ProductView {
            may_edit: is_owner && product.status.owner_may_edit(),
            may_bump: is_owner && product.status.owner_may_bump(),
            product,
            is_owner,
            owner_actions,
        })
    }

    /// The listing `actor` may change: it exists, is not deleted, and is theirs.
    ///
    /// # Errors
    /// [`ProductError::NotFound`] when missing or deleted (or hidden, for a non-owner, so a
    /// stranger learns nothing), [`ProductError::NotOwner`] for anyone but the owner.
    pub(crate) async fn owned(
        &self,
        actor: &ActiveMember,
        id: ProductId,
    ) -> Result<Product, ProductError> {
        let product = self.repo.find(id).await?.ok_or(ProductError::NotFound)?;
        let is_owner = product.is_owned_by(Some(actor.id()));
        if product.status == ProductStatus::Deleted
            || (!is_owner && !product.status.visible_to_others())
        {
            return Err(ProductError::NotFound);
        }
        if !is_owner {
            return Err(ProductError::NotOwner);
        }
        Ok(product)
    }

    /// The owner moves a listing along the state machine.
    ///
    /// # Errors
    /// [`ProductError::NotFound`] when missing or deleted (or hidden, for a non-owner, so a
    /// stranger learns nothing), [`ProductError::NotOwner`] for anyone but the owner,
    /// [`ProductError::InvalidTransition`] when the state machine forbids it,
    /// [`ProductError::Conflict`] when a concurrent change won.
    pub async fn change_status(
        &self,
        actor: &ActiveMember,
        id: ProductId,
        to: ProductStatus,
    ) -> Result<Product, ProductError> {
        let product = self.owned(actor, id).await?;
        if !product.status.owner_may_change_to(to) {
            return Err(ProductError::InvalidTransition {
                from: product.status,
                to,
            });
        }
        let changed = self.repo.change_status(id, product.version, to).await?;
        self.changed(&product, &changed);
        Ok(changed)
    }
}

mod admin;
mod care;
#[cfg(test)]
mod care_tests;
#[cfg(test)]
mod observer_tests;
#[cfg(test)]
mod tests;

pub use admin::AdminFilter;
pub(crate) use admin::apply_form;
pub use care::{DEFAULT_BUMP_COOLDOWN, EditRequest};
