//! Products domain: listings, photos, search, status state machine.
//!
//! Knows nothing of Kakao, HTTP or SQL: the skill adapter turns payloads into the requests
//! below, and the database adapter implements [`ProductRepository`].

mod caution;
mod error;
pub mod images;
pub mod likes;
mod model;
pub mod notices;
mod observer;
mod ports;
pub mod reports;
mod service;
mod sorting;
pub mod stale;
mod status;
mod values;

pub use caution::{Caution, cautions};
pub use error::{ProductError, ValidationError};
pub use model::{
    Cursor, ListFilter, ListingDraft, ListingPhoto, MemberId, NewProduct, Product, ProductId,
    ProductPage, SellerProfile, Visibility,
};
#[cfg(any(test, feature = "mocks"))]
pub use observer::MockListingObserver;
pub use observer::{ListingObserver, NoObserver};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockProductRepository;
pub use ports::{ListingEdit, ProductRepository};
pub use service::{
    AdminFilter, DEFAULT_BUMP_COOLDOWN, EditRequest, ListingForm, MAX_PHOTOS, PAGE_SIZE,
    ProductService, ProductView, RegisterRequest,
};
pub use sorting::{ListOrder, PriceRange, Sort, SortKey};
pub use status::{Category, ProductStatus, PurchaseRefusal, StatusChange, may_buy};
pub use values::{Description, Keyword, Location, OpenChatUrl, Price, ProductName, format_won};
