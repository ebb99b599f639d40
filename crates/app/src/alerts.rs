//! Likes and keyword alerts wiring (contract §8): the like and alert services, and the glue
//! that turns listing and deal changes into notifications.
//!
//! The products and deals domains only say what changed ([`ListingObserver`],
//! [`DealObserver`]); [`ListingNotifier`] hears it, and on a task of its own asks the alert
//! service who matches a new listing or deal, or the likes who liked a changed listing, and
//! stores their notifications. A failure is logged there: it never fails or slows the change.

use std::future::Future;
use std::sync::Arc;

use junggye_deals::{Deal, DealObserver};
use junggye_domain_common::SystemClock;
use junggye_mysql::{SeaKeywordRepository, SeaLikeRepository};
use junggye_notifications::alerts::{AlertConfig, AlertService};
use junggye_notifications::{
    LikedChange, ListingRef, ListingState, NewNotification, NotificationService, Payload,
};
use junggye_products::likes::{LikeService, LikedNews};
use junggye_products::{ListingObserver, Price, Product, ProductRepository, ProductStatus};
use sea_orm::DatabaseConnection;

use crate::config::AlertSettings;

/// The likes and keyword-alert parts of the app.
pub struct Alerts {
    pub likes: Arc<LikeService>,
    pub alerts: Arc<AlertService>,
    /// Attached to the product service and the deal refresher.
    pub notifier: Arc<ListingNotifier>,
}

impl Alerts {
    /// `products`: the repository the product service reads (likes check visibility with it).
    #[must_use]
    pub fn build(
        db: &DatabaseConnection,
        settings: &AlertSettings,
        products: Arc<dyn ProductRepository>,
        notifications: Arc<NotificationService>,
    ) -> Self {
        let clock = Arc::new(SystemClock);
        let likes = Arc::new(LikeService::new(
            Arc::new(SeaLikeRepository::new(db.clone())),
            products,
            clock.clone(),
        ));
        let alerts = Arc::new(AlertService::new(
            Arc::new(SeaKeywordRepository::new(db.clone())),
            Arc::clone(&notifications),
            clock,
            AlertConfig {
                max_keywords: settings.max_keywords.max(1),
            },
        ));
        let notifier = Arc::new(ListingNotifier {
            likes: Arc::clone(&likes),
            alerts: Arc::clone(&alerts),
            notifications,
        });
        Self {
            likes,
            alerts,
            notifier,
        }
    }
}

/// Turns listing and deal changes into keyword and liked-listing notifications, off the
/// request's path.
pub struct ListingNotifier {
    likes: Arc<LikeService>,
    alerts: Arc<AlertService>,
    notifications: Arc<NotificationService>,
}

fn listing_ref(product: &Product) -> ListingRef {
    ListingRef {
        product: product.id,
        name: product.draft.name.as_str().to_owned(),
    }
}

/// The notification's wording of a [`LikedNews`] (the products domain decided it is news).
fn liked_change(news: LikedNews) -> LikedChange {
    match news {
        LikedNews::PriceDropped { from, to } => LikedChange::PriceDropped {
            from: from.won(),
            to: to.won(),
        },
        LikedNews::Reserved => LikedChange::Status(ListingState::Reserved),
        LikedNews::Sold => LikedChange::Status(ListingState::Sold),
        LikedNews::OnSaleAgain => LikedChange::Status(ListingState::OnSale),
    }
}

/// Runs `work` on a task of its own and logs its failure; without a runtime (a caller outside
/// tokio) the work is skipped with a warning rather than blocking the caller.
fn detach<F>(what: &'static str, work: F)
where
    F: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(async move {
                if let Err(error) = work.await {
                    tracing::warn!(error = ?error, "{what} failed");
                }
            });
        }
        Err(_) => tracing::warn!("{what} skipped: no async runtime"),
    }
}

impl ListingNotifier {
    fn tell_likers(&self, product: &Product, news: Option<LikedNews>) {
        let Some(news) = news else { return };
        let likes = Arc::clone(&self.likes);
        let notifications = Arc::clone(&self.notifications);
        let listing = listing_ref(product);
        detach("liked listing notification", async move {
            let likers = likes.likers(listing.product).await?;
            let change = liked_change(news);
            let notes = likers
                .into_iter()
                .map(|member| NewNotification {
                    member,
                    payload: Payload::LikedChanged {
                        listing: listing.clone(),
                        change,
                    },
                })
                .collect();
            notifications.notify(notes).await?;
            Ok(())
        });
    }
}

impl ListingObserver for ListingNotifier {
    fn listed(&self, product: &Product) {
        let alerts = Arc::clone(&self.alerts);
        let seller = product.seller.id;
        let listing = listing_ref(product);
        let price = product.draft.price.won();
        detach("keyword alert for a listing", async move {
            alerts.listing_added(seller, listing, price).await?;
            Ok(())
        });
    }

    fn status_changed(&self, product: &Product, from: ProductStatus) {
        self.tell_likers(
            product,
            LikedNews::heard(
                LikedNews::of_status_change(from, product.status),
                product.under_review,
            ),
        );
    }

    fn price_changed(&self, product: &Product, from: Price) {
        self.tell_likers(
            product,
            LikedNews::heard(
                LikedNews::of_price_change(from, product.draft.price),
                product.under_review,
            ),
        );
    }
}

impl DealObserver for ListingNotifier {
    fn appeared(&self, deals: &[Deal]) {
        let alerts = Arc::clone(&self.alerts);
        let deals: Vec<(String, String)> = deals
            .iter()
            .map(|d| (d.title.clone(), d.post_url.clone()))
            .collect();
        detach("keyword alert for hot deals", async move {
            // Each deal on its own: one that fails does not keep the next from its subscribers.
            for (title, url) in deals {
                if let Err(error) = alerts.deal_added(&title, &url).await {
                    tracing::warn!(error = ?error, deal = %url, "keyword alert for a deal failed");
                }
            }
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests;
