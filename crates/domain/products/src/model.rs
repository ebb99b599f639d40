//! Listings as the use cases see them.

use chrono::{DateTime, Utc};
pub use junggye_domain_common::{MemberId, ProductId};

use crate::status::{Category, ProductStatus};
use crate::values::{Description, Keyword, Location, OpenChatUrl, Price, ProductName};

/// A photo already stored in the image store, ready to attach to a listing.
pub type ListingPhoto = crate::images::StoredImage;

/// The seller as shown on cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SellerProfile {
    pub id: MemberId,
    pub nickname: String,
    /// Profile image key, if any.
    pub profile_image: Option<String>,
    /// 매너온도, shown with the nickname.
    pub manner: junggye_members::MannerScore,
}

/// A validated listing, not yet stored (what preview shows and register saves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingDraft {
    pub name: ProductName,
    pub price: Price,
    pub description: Description,
    /// Meeting place.
    pub location: Location,
    pub open_chat_url: OpenChatUrl,
    pub category: Category,
}

/// A listing to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub seller: MemberId,
    pub draft: ListingDraft,
    /// Photos in display order.
    pub photos: Vec<ListingPhoto>,
    pub created_at: DateTime<Utc>,
}

/// A stored listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: ProductId,
    pub seller: SellerProfile,
    pub draft: ListingDraft,
    pub status: ProductStatus,
    /// Photo keys in display order (deleted listings keep none).
    pub photos: Vec<String>,
    /// Optimistic-concurrency version, bumped on every status change.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// Taken out of public view by reports until an admin decides: only its owner (in their
    /// own list and detail) and admins see it (docs/safety.md).
    pub under_review: bool,
    /// Registration, or the last bump (끌올): the newest-first order.
    pub listed_at: DateTime<Utc>,
    /// The last bump, for the cooldown.
    pub bumped_at: Option<DateTime<Utc>>,
}

impl Product {
    #[must_use]
    pub fn is_owned_by(&self, viewer: Option<MemberId>) -> bool {
        viewer == Some(self.seller.id)
    }
}

/// Which listings a page shows (the order is [`crate::ListOrder`]'s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFilter {
    /// On sale and reserved.
    Latest,
    /// On sale and reserved, in one category.
    Category(Category),
    /// On sale and reserved whose name contains the keyword.
    Search(Keyword),
    /// One seller's listings in one status.
    Seller(MemberId, ProductStatus),
}

/// What a list leaves out for one viewer beyond the status rules (docs/safety.md). The default
/// is what a guest sees, and what every viewer without blocks shares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    /// Listings under review are shown: only in their owner's own list.
    pub include_under_review: bool,
    /// Sellers the viewer blocked: none of their listings is shown.
    pub hidden_sellers: Vec<MemberId>,
}

impl Visibility {
    /// Whether the page is the same for every viewer with this visibility's review setting
    /// (no viewer-specific sellers left out), so it may be cached and shared.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.hidden_sellers.is_empty()
    }
}

pub use crate::sorting::Cursor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPage {
    /// In the page's order.
    pub items: Vec<Product>,
    /// The cursor of the next page, when there is one.
    pub next: Option<Cursor>,
}
