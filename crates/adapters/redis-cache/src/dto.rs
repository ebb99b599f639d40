//! The JSON form of a snapshot in Redis. Serde stays here: domain models carry none.

use chrono::{DateTime, Utc};
use junggye_deals::{Currency, Deal, DealSnapshot, Price};
use serde::{Deserialize, Serialize};

/// Bumped when the layout changes incompatibly; an unknown version reads as "no snapshot",
/// so a rolling deploy re-crawls instead of failing on the other version's JSON.
pub(crate) const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SnapshotDto {
    pub(crate) version: u32,
    pub(crate) fetched_at: DateTime<Utc>,
    pub(crate) deals: Vec<DealDto>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DealDto {
    title: String,
    price: Option<u64>,
    currency: String,
    price_text: String,
    category: String,
    shop: Option<String>,
    brand_icon_url: Option<String>,
    image_url: Option<String>,
    post_url: String,
    purchase_url: Option<String>,
    popular: bool,
}

impl From<&DealSnapshot> for SnapshotDto {
    fn from(snapshot: &DealSnapshot) -> Self {
        Self {
            version: VERSION,
            fetched_at: snapshot.fetched_at,
            deals: snapshot.deals.iter().map(DealDto::from).collect(),
        }
    }
}

impl From<&Deal> for DealDto {
    fn from(deal: &Deal) -> Self {
        Self {
            title: deal.title.clone(),
            price: deal.price.amount(),
            currency: deal.price.currency().to_string(),
            price_text: deal.price_text.clone(),
            category: deal.category.clone(),
            shop: deal.shop.clone(),
            brand_icon_url: deal.brand_icon_url.clone(),
            image_url: deal.image_url.clone(),
            post_url: deal.post_url.clone(),
            purchase_url: deal.purchase_url.clone(),
            popular: deal.popular,
        }
    }
}

impl From<DealDto> for Deal {
    fn from(dto: DealDto) -> Self {
        // A currency we wrote ourselves is valid; if the JSON was edited by hand, the board's
        // default is the least surprising reading.
        let currency = Currency::parse(&dto.currency).unwrap_or_else(Currency::krw);
        let price = match dto.price {
            Some(amount) => Price::new(amount, currency),
            None => Price::unknown(currency),
        };
        Self {
            title: dto.title,
            price,
            price_text: dto.price_text,
            category: dto.category,
            shop: dto.shop,
            brand_icon_url: dto.brand_icon_url,
            image_url: dto.image_url,
            post_url: dto.post_url,
            purchase_url: dto.purchase_url,
            popular: dto.popular,
        }
    }
}
