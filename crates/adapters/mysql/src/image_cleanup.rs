//! [`ImageDeletionQueue`] on sea-orm: the photos of deleted listings (`product_images.deleted_at`)
//! and given-up objects such as a withdrawn member's profile image (`image_deletions`).

use std::collections::HashSet;

use async_trait::async_trait;
use junggye_products::images::{ImageDeletionQueue, ImageError, PendingDeletion};
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, DbErr, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _,
};

use crate::entities::{image_deletions, product_images};

/// Marker prefixes: which table a pending object came from.
const PHOTO: &str = "product_image:";
const QUEUED: &str = "image_deletion:";

/// The two deletion markers read as one queue.
#[derive(Debug, Clone)]
pub struct SeaImageDeletionQueue {
    db: DatabaseConnection,
}

impl SeaImageDeletionQueue {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr, what: &'static str) -> ImageError {
    ImageError::Unexpected(anyhow::Error::new(err).context(what))
}

#[async_trait]
impl ImageDeletionQueue for SeaImageDeletionQueue {
    async fn pending(&self, limit: u32) -> Result<Vec<PendingDeletion>, ImageError> {
        let photos = product_images::Entity::find()
            .filter(product_images::Column::DeletedAt.is_not_null())
            .order_by_asc(product_images::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "listing deleted listings' photos"))?;
        // The demo seed gives many listings one category photo: deleting one of them must not
        // take the photo from the others.
        let keys: Vec<&str> = photos.iter().map(|row| row.storage_key.as_str()).collect();
        let in_use: HashSet<String> = if keys.is_empty() {
            HashSet::new()
        } else {
            product_images::Entity::find()
                .select_only()
                .column(product_images::Column::StorageKey)
                .filter(product_images::Column::StorageKey.is_in(keys))
                .filter(product_images::Column::DeletedAt.is_null())
                .into_tuple::<String>()
                .all(&self.db)
                .await
                .map_err(|e| unexpected(e, "checking which photos are still shown"))?
                .into_iter()
                .collect()
        };
        let room = u64::from(limit).saturating_sub(photos.len() as u64);
        let queued = if room == 0 {
            Vec::new()
        } else {
            image_deletions::Entity::find()
                .order_by_asc(image_deletions::Column::Id)
                .limit(room)
                .all(&self.db)
                .await
                .map_err(|e| unexpected(e, "listing queued image deletions"))?
        };
        Ok(photos
            .into_iter()
            .map(|row| PendingDeletion {
                marker: format!("{PHOTO}{}", row.id),
                still_used: in_use.contains(&row.storage_key),
                key: row.storage_key,
            })
            .chain(queued.into_iter().map(|row| PendingDeletion {
                marker: format!("{QUEUED}{}", row.id),
                key: row.storage_key,
                still_used: false,
            }))
            .collect())
    }

    async fn forget(&self, pending: &PendingDeletion) -> Result<(), ImageError> {
        let parse = |rest: &str| {
            rest.parse::<i64>().map_err(|_| {
                ImageError::Unexpected(anyhow::anyhow!("bad deletion marker {}", pending.marker))
            })
        };
        if let Some(id) = pending.marker.strip_prefix(PHOTO) {
            // Only a row still marked deleted: a concurrent restore must not lose its photo.
            product_images::Entity::delete_many()
                .filter(product_images::Column::Id.eq(parse(id)?))
                .filter(product_images::Column::DeletedAt.is_not_null())
                .exec(&self.db)
                .await
                .map_err(|e| unexpected(e, "forgetting a deleted photo"))?;
        } else if let Some(id) = pending.marker.strip_prefix(QUEUED) {
            image_deletions::Entity::delete_by_id(parse(id)?)
                .exec(&self.db)
                .await
                .map_err(|e| unexpected(e, "forgetting a queued deletion"))?;
        } else {
            return Err(ImageError::Unexpected(anyhow::anyhow!(
                "unknown deletion marker {}",
                pending.marker
            )));
        }
        Ok(())
    }
}
