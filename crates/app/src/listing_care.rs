//! The stale-listing reminder's periodic job (`products.stale_days`): each run asks the sellers
//! of the listings due now; the record written with each notification keeps it to once per
//! stale period whatever the run frequency or the number of instances.

use std::sync::Arc;
use std::time::Duration;

use junggye_domain_common::SystemClock;
use junggye_products::stale::{StaleListingStore, StaleReminders};

use crate::background::{Background, Job};

/// Staleness is counted in days; an hourly look is prompt enough and cheap (an index range).
const EVERY: Duration = Duration::from_secs(3600);

pub fn start(background: &mut Background, store: Arc<dyn StaleListingStore>, days: u32) {
    if days == 0 {
        return;
    }
    let reminders = Arc::new(StaleReminders::new(store, Arc::new(SystemClock), days));
    background.every(
        Job {
            kind: "listing job",
            name: "stale listing reminder",
        },
        EVERY,
        move || {
            let reminders = Arc::clone(&reminders);
            async move {
                let asked = reminders.run().await?;
                if asked > 0 {
                    tracing::info!(asked, days, "asked sellers of stale listings");
                }
                Ok::<_, junggye_products::ProductError>(())
            }
        },
    );
}
