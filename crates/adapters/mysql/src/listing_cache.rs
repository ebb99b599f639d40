//! Listing pages and single listings kept in memory, keyed by the catalog version
//! ([`crate::catalog`]): a read first asks the database for the version (one primary-key read)
//! and answers from memory only what was stored under that same version.
//!
//! Why it is exact: every write that changes a card bumps the version in its own transaction,
//! so once a write has committed, every read sees the new version and misses. An entry stored
//! under version v was read after v was, so it is at least as new as v. Several instances
//! share the database and so agree on the version: none serves another's stale page.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_products::notices::{Notice, NoticeDraft, NoticeError, NoticeId, NoticeRepository};
use junggye_products::{
    AdminFilter, Cursor, ListFilter, ListOrder, ListingDraft, ListingEdit, NewProduct, Product,
    ProductError, ProductId, ProductRepository, ProductStatus, Visibility,
};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement};

use crate::catalog;
use crate::sqlite_reads::SqliteReads;

/// Pages (up to 11 cards each) and listings kept; at about 1.5 KB a card this bounds the
/// cache near 1.5 MB (the server's peak RSS target is 48 MiB).
const MAX_PAGES: usize = 64;
const MAX_LISTINGS: usize = 256;
/// Notice pages and notices: a handful exist.
const MAX_NOTICES: usize = 64;

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

/// Values of one catalog version, at most `cap` of them. A full memo starts over rather than
/// tracking recency: a version bump empties it anyway, and the hot entries (first pages) come
/// back on the next read.
struct VersionedMemo<K, V> {
    cap: usize,
    entries: Mutex<(i64, HashMap<K, Arc<V>>)>,
}

impl<K: Eq + Hash, V> VersionedMemo<K, V> {
    fn new(cap: usize) -> Self {
        Self {
            cap,
            entries: Mutex::new((i64::MIN, HashMap::new())),
        }
    }

    /// Entries of an older version are dropped; when a racing reader already moved the memo
    /// to a newer version, this reader neither uses nor fills it.
    fn with<T>(
        &self,
        version: i64,
        use_map: impl FnOnce(&mut HashMap<K, Arc<V>>) -> T,
    ) -> Option<T> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.0 < version {
            *entries = (version, HashMap::new());
        }
        (entries.0 == version).then(|| use_map(&mut entries.1))
    }

    fn get(&self, version: i64, key: &K) -> Option<Arc<V>> {
        self.with(version, |map| map.get(key).cloned()).flatten()
    }

    fn put(&self, version: i64, key: K, value: V) {
        let cap = self.cap;
        self.with(version, |map| {
            if map.len() >= cap {
                map.clear();
            }
            map.insert(key, Arc::new(value));
        });
    }
}

/// A [`ProductRepository`] that caches `list` and `find` of `inner`; writes pass through.
pub struct CachedListings {
    inner: Arc<dyn ProductRepository>,
    version: VersionSource,
    pages: VersionedMemo<(String, bool, Option<Cursor>, u32), Vec<Product>>,
    listings: VersionedMemo<i64, Option<Product>>,
}

impl CachedListings {
    #[must_use]
    pub fn new(inner: Arc<dyn ProductRepository>, version: VersionSource) -> Self {
        Self {
            inner,
            version,
            pages: VersionedMemo::new(MAX_PAGES),
            listings: VersionedMemo::new(MAX_LISTINGS),
        }
    }

    async fn version(&self) -> Result<i64, ProductError> {
        self.version
            .current()
            .await
            .map_err(|e| ProductError::Unexpected(e.context("reading the catalog version")))
    }
}

#[async_trait]
impl ProductRepository for CachedListings {
    async fn create(&self, product: &NewProduct) -> Result<Product, ProductError> {
        self.inner.create(product).await
    }

    async fn find(&self, id: ProductId) -> Result<Option<Product>, ProductError> {
        let version = self.version().await?;
        if let Some(hit) = self.listings.get(version, &id.0) {
            return Ok((*hit).clone());
        }
        let found = self.inner.find(id).await?;
        self.listings.put(version, id.0, found.clone());
        Ok(found)
    }

    async fn list(
        &self,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<Vec<Product>, ProductError> {
        // A page without someone's blocked sellers is theirs alone: it is read through and
        // never stored, so no other viewer is served it and the shared pages stay whole.
        if !visibility.is_shared() {
            return self
                .inner
                .list(filter, order, before, limit, visibility)
                .await;
        }
        let version = self.version().await?;
        let key = (
            format!("{filter:?} {order:?}"),
            visibility.include_under_review,
            before,
            limit,
        );
        if let Some(hit) = self.pages.get(version, &key) {
            return Ok((*hit).clone());
        }
        let page = self
            .inner
            .list(filter, order, before, limit, visibility)
            .await?;
        self.pages.put(version, key, page.clone());
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

    async fn edit(
        &self,
        id: ProductId,
        version: i32,
        edit: &ListingEdit,
    ) -> Result<Product, ProductError> {
        self.inner.edit(id, version, edit).await
    }

    async fn bump(
        &self,
        id: ProductId,
        version: i32,
        at: DateTime<Utc>,
    ) -> Result<Product, ProductError> {
        self.inner.bump(id, version, at).await
    }
}

/// A [`NoticeRepository`] that caches what the bot shows (`list_visible`, `find_visible`) of
/// `inner`; the admin reads and the writes pass through. Notice writes bump the catalog version.
pub struct CachedNotices {
    inner: Arc<dyn NoticeRepository>,
    version: VersionSource,
    pages: VersionedMemo<Page, Paged<Notice>>,
    notices: VersionedMemo<i64, Option<Notice>>,
}

impl CachedNotices {
    #[must_use]
    pub fn new(inner: Arc<dyn NoticeRepository>, version: VersionSource) -> Self {
        Self {
            inner,
            version,
            pages: VersionedMemo::new(MAX_NOTICES),
            notices: VersionedMemo::new(MAX_NOTICES),
        }
    }

    async fn version(&self) -> Result<i64, NoticeError> {
        self.version
            .current()
            .await
            .map_err(|e| NoticeError::Unexpected(e.context("reading the catalog version")))
    }
}

#[async_trait]
impl NoticeRepository for CachedNotices {
    async fn list_visible(&self, page: Page) -> Result<Paged<Notice>, NoticeError> {
        let version = self.version().await?;
        if let Some(hit) = self.pages.get(version, &page) {
            return Ok((*hit).clone());
        }
        let found = self.inner.list_visible(page).await?;
        self.pages.put(version, page, found.clone());
        Ok(found)
    }

    async fn find_visible(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError> {
        let version = self.version().await?;
        if let Some(hit) = self.notices.get(version, &id.0) {
            return Ok((*hit).clone());
        }
        let found = self.inner.find_visible(id).await?;
        self.notices.put(version, id.0, found.clone());
        Ok(found)
    }

    async fn list_all(&self, page: Page) -> Result<Paged<Notice>, NoticeError> {
        self.inner.list_all(page).await
    }

    async fn find(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError> {
        self.inner.find(id).await
    }

    async fn create(&self, draft: &NoticeDraft, at: DateTime<Utc>) -> Result<Notice, NoticeError> {
        self.inner.create(draft, at).await
    }

    async fn update(
        &self,
        id: NoticeId,
        draft: &NoticeDraft,
        at: DateTime<Utc>,
    ) -> Result<Notice, NoticeError> {
        self.inner.update(id, draft, at).await
    }

    async fn delete(&self, id: NoticeId, at: DateTime<Utc>) -> Result<(), NoticeError> {
        self.inner.delete(id, at).await
    }
}
