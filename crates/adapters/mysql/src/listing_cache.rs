//! Listing pages and single listings kept in memory, keyed by the catalog version
//! ([`crate::catalog`]): a read first asks the database for the version (one primary-key read)
//! and answers from memory only what was stored under that same version.
//!
//! Why it is exact: every write that changes a card bumps the version in its own transaction,
//! so once a write has committed, every read sees the new version and misses. An entry stored
//! under version v was read after v was, so it is at least as new as v. Several instances
//! share the database and so agree on the version: none serves another's stale page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use junggye_domain_common::{Page, Paged};
use junggye_products::{
    AdminFilter, Cursor, ListFilter, ListingDraft, NewProduct, Product, ProductError, ProductId,
    ProductRepository, ProductStatus,
};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement};

use crate::catalog;
use crate::sqlite_reads::SqliteReads;

/// Pages (up to 11 cards each) and listings kept; at about 1.5 KB a card this bounds the
/// cache near 4 MB. A full cache starts over rather than tracking recency: a version bump
/// empties it anyway, and the hot entries (first pages) come back on the next read.
const MAX_PAGES: usize = 192;
const MAX_LISTINGS: usize = 512;

/// Where the version is read: the SQLite read model's connection, or the pool.
#[derive(Debug, Clone)]
pub enum VersionSource {
    Sqlite(SqliteReads),
    Pool(DatabaseConnection),
}

impl VersionSource {
    async fn current(&self) -> anyhow::Result<i64> {
        match self {
            Self::Sqlite(reads) => reads.catalog_version(),
            Self::Pool(db) => {
                let row = db
                    .query_one_raw(Statement::from_string(
                        db.get_database_backend(),
                        catalog::CURRENT,
                    ))
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("catalog_version has no row"))?;
                Ok(row.try_get_by_index(0)?)
            }
        }
    }
}

#[derive(Default)]
struct Entries {
    version: i64,
    pages: HashMap<(String, Option<i64>, u32), Arc<Vec<Product>>>,
    listings: HashMap<i64, Arc<Option<Product>>>,
}

/// A [`ProductRepository`] that caches `list` and `find` of `inner`; writes pass through.
pub struct CachedListings {
    inner: Arc<dyn ProductRepository>,
    version: VersionSource,
    entries: Mutex<Entries>,
}

impl CachedListings {
    #[must_use]
    pub fn new(inner: Arc<dyn ProductRepository>, version: VersionSource) -> Self {
        Self {
            inner,
            version,
            entries: Mutex::new(Entries::default()),
        }
    }

    async fn version(&self) -> Result<i64, ProductError> {
        self.version
            .current()
            .await
            .map_err(|e| ProductError::Unexpected(e.context("reading the catalog version")))
    }

    /// The entries of `version`; older ones are dropped, newer ones (a racing reader that saw
    /// a later version) are kept and this reader simply does not use or fill them.
    fn with_entries<T>(
        &self,
        version: i64,
        use_entries: impl FnOnce(&mut Entries) -> T,
    ) -> Option<T> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.version < version {
            *entries = Entries {
                version,
                ..Entries::default()
            };
        }
        (entries.version == version).then(|| use_entries(&mut entries))
    }
}

#[async_trait]
impl ProductRepository for CachedListings {
    async fn create(&self, product: &NewProduct) -> Result<Product, ProductError> {
        self.inner.create(product).await
    }

    async fn find(&self, id: ProductId) -> Result<Option<Product>, ProductError> {
        let version = self.version().await?;
        if let Some(Some(hit)) = self.with_entries(version, |e| e.listings.get(&id.0).cloned()) {
            return Ok((*hit).clone());
        }
        let found = self.inner.find(id).await?;
        let stored = Arc::new(found.clone());
        self.with_entries(version, |e| {
            if e.listings.len() >= MAX_LISTINGS {
                e.listings.clear();
            }
            e.listings.insert(id.0, stored);
        });
        Ok(found)
    }

    async fn list(
        &self,
        filter: &ListFilter,
        before: Option<Cursor>,
        limit: u32,
    ) -> Result<Vec<Product>, ProductError> {
        let version = self.version().await?;
        let key = (format!("{filter:?}"), before.map(|c| c.0), limit);
        if let Some(Some(hit)) = self.with_entries(version, |e| e.pages.get(&key).cloned()) {
            return Ok((*hit).clone());
        }
        let page = self.inner.list(filter, before, limit).await?;
        let stored = Arc::new(page.clone());
        self.with_entries(version, |e| {
            if e.pages.len() >= MAX_PAGES {
                e.pages.clear();
            }
            e.pages.insert(key, stored);
        });
        Ok(page)
    }

    async fn change_status(
        &self,
        id: ProductId,
        version: i32,
        to: ProductStatus,
    ) -> Result<Product, ProductError> {
        self.inner.change_status(id, version, to).await
    }

    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        self.inner.admin_list(filter, page).await
    }

    async fn update_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
    ) -> Result<Product, ProductError> {
        self.inner.update_fields(id, version, draft).await
    }
}
