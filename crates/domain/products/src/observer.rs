//! Who hears about a listing's changes: keyword alerts (a new listing) and likers (a price drop,
//! a new status). The products domain only says what changed; what follows is the listeners'.

use crate::model::Product;
use crate::status::ProductStatus;
use crate::values::Price;

/// Told after a listing change has been stored.
///
/// Plain functions rather than `async`: the change has already happened and its caller is
/// waiting for the answer, so an implementation must return at once and do its work elsewhere
/// (the app spawns a task). A slow or failing listener can then never slow or fail the change;
/// it logs its own failures.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait ListingObserver: Send + Sync {
    /// A listing was registered (it is on sale).
    fn listed(&self, product: &Product);

    /// The listing moved from `from` to `product.status`.
    fn status_changed(&self, product: &Product, from: ProductStatus);

    /// The listing's price changed from `from` to `product.draft.price` (up or down).
    fn price_changed(&self, product: &Product, from: Price);
}

/// Hears nothing: the default until the app attaches a listener, and what tests use.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl ListingObserver for NoObserver {
    fn listed(&self, _: &Product) {}
    fn status_changed(&self, _: &Product, _: ProductStatus) {}
    fn price_changed(&self, _: &Product, _: Price) {}
}
