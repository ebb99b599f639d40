//! Many listings at once, for demo and load-test data (`junggye seed --listings N`).
//!
//! [`SeaProductRepository::create`](super::SeaProductRepository) costs a transaction and one
//! statement per row; 100,000 listings that way take minutes. Here one transaction holds a whole
//! batch and every table gets multi-row `INSERT`s, writing exactly the rows `create` writes: the
//! listing, its photos and its search grams (from the same [`name_grams`]).

use anyhow::Context as _;
use junggye_products::{NewProduct, ProductError};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QuerySelect as _};

use super::search::name_grams;
use super::{listing_row, photo_rows};
use crate::entities::{product_images, product_name_bigrams as bigrams, products};

/// Rows per `INSERT`: 13 columns × 500 stays far below SQLite's 32,766 and MySQL's 65,535
/// placeholders, and the statements stay well under `max_allowed_packet`.
const ROWS_PER_INSERT: usize = 500;

/// Bulk writer of on-sale listings.
#[derive(Debug, Clone)]
pub struct SeaBulkListings {
    db: DatabaseConnection,
}

impl SeaBulkListings {
    /// A writer on this pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Stores `listings` as on sale, with their photos and search grams, in one transaction;
    /// returns how many were stored. Ids follow the largest existing one, in slice order, so a
    /// later element is a newer listing.
    ///
    /// Meant for an otherwise quiet database: a listing registered concurrently may take an id
    /// this batch chose, and the batch then fails as a whole (nothing stored).
    ///
    /// # Errors
    /// [`ProductError::Unexpected`] on storage failure.
    pub async fn insert(&self, listings: &[NewProduct]) -> Result<u64, ProductError> {
        if listings.is_empty() {
            return Ok(0);
        }
        self.insert_inner(listings)
            .await
            .map_err(ProductError::Unexpected)
    }

    async fn insert_inner(&self, listings: &[NewProduct]) -> anyhow::Result<u64> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .context("starting a bulk insert")?;
        // Explicit ids: a multi-row insert reports one id, and which one (first or last)
        // differs between MySQL and SQLite; photos and grams need every id.
        let max: Option<i64> = products::Entity::find()
            .select_only()
            .column_as(products::Column::Id.max(), "max_id")
            .into_tuple()
            .one(&txn)
            .await
            .context("reading the largest listing id")?
            .flatten();
        let mut next_id = max.unwrap_or(0) + 1;
        for batch in listings.chunks(ROWS_PER_INSERT) {
            let mut rows = Vec::with_capacity(batch.len());
            let mut photos = Vec::with_capacity(batch.len() * 2);
            let mut grams = Vec::with_capacity(batch.len() * 16);
            for new in batch {
                let id = next_id;
                next_id += 1;
                rows.push(listing_row(new, Set(id)));
                photos.extend(photo_rows(
                    &new.photos,
                    id,
                    crate::time::to_db(new.created_at),
                ));
                grams.extend(name_grams(new.draft.name.as_str()).into_iter().map(|gram| {
                    bigrams::ActiveModel {
                        gram: Set(gram),
                        product_id: Set(id),
                    }
                }));
            }
            // Listings first: photos and grams point at them (MySQL checks foreign keys per
            // statement).
            products::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await
                .context("inserting listings")?;
            for chunk in into_chunks(photos) {
                product_images::Entity::insert_many(chunk)
                    .exec_without_returning(&txn)
                    .await
                    .context("inserting listing photos")?;
            }
            for chunk in into_chunks(grams) {
                bigrams::Entity::insert_many(chunk)
                    .exec_without_returning(&txn)
                    .await
                    .context("indexing listing names")?;
            }
        }
        txn.commit().await.context("committing a bulk insert")?;
        Ok(listings.len() as u64)
    }
}

/// `rows` in pieces of at most [`ROWS_PER_INSERT`].
fn into_chunks<T>(rows: Vec<T>) -> Vec<Vec<T>> {
    let mut all = rows.into_iter().peekable();
    let mut chunks = Vec::new();
    while all.peek().is_some() {
        chunks.push(all.by_ref().take(ROWS_PER_INSERT).collect());
    }
    chunks
}
